export { countBoards } from './boards.repository.ts';
export { boardRoutes } from './boards.routes.ts';
export {
  type Board,
  type BoardSettings,
  DEFAULT_SETTINGS,
  getBoardSettings,
  getBoardSummary,
  insertNewBoard,
  parseBoardSettings,
} from './boards.service.ts';
