export {
  ACTIONS,
  type Action,
  type Actor,
  adminLocationIds,
  authorise,
  can,
  type ListScope,
  LOCATION_LEVELS,
  type LocationLevel,
  listScope,
  type Target,
} from './access.ts';
