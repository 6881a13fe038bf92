export {
  findLocations,
  findLocationsByIds,
  insertLocations,
  type LocationRow,
  updateLocationById,
} from './locations.repository.ts';
export { locationRoutes } from './locations.routes.ts';
export { codeOf, type Location, toLocation } from './locations.service.ts';
