export { exportRoutes } from './exports.routes.ts';
export { neutraliseCell } from './neutralise.ts';
