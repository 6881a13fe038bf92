export {
  ACTIONS,
  type Action,
  type Actor,
  adminLocationIds,
  authorise,
  can,
  LOCATION_LEVELS,
  type ListScope,
  type LocationLevel,
  listScope,
  type Target,
} from './access.ts';
