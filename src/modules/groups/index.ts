export {
  deleteMembership,
  deleteMembershipsOfPerson,
  findGroupsByIds,
  findMembership,
  findMembershipsOfGroup,
  type GroupRow,
  insertGroups,
  insertMemberships,
  type MembershipRow,
} from './groups.repository.ts';
export { groupRoutes } from './groups.routes.ts';
export { SignInMethodSchema } from './groups.schemas.ts';
export {
  type Group,
  groupTarget,
  requireGroup,
  type SignInMethod,
  SIGN_IN_METHODS,
  toGroup,
} from './groups.service.ts';
