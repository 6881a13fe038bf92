export {
  deleteMembership,
  deleteMembershipsOfPerson,
  findGroupSignInMethodsOfPerson,
  findGroups,
  findGroupsByIds,
  findMembership,
  findMembershipsOfGroup,
  findMembershipsOfGroups,
  type GroupFilter,
  type GroupRow,
  insertGroups,
  insertMemberships,
  type MembershipRow,
  updateGroupById,
} from './groups.repository.ts';
export { groupRoutes } from './groups.routes.ts';
export { SignInMethodSchema } from './groups.schemas.ts';
export {
  type Group,
  groupTarget,
  isGrade,
  requireGroup,
  SIGN_IN_METHODS,
  type SignInMethod,
  toGroup,
} from './groups.service.ts';
export { refreshPersonLocations, updatePersonLocationsSortName } from './person-locations.repository.ts';
