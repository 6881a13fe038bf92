export { importRoutes } from './imports.routes.ts';
export { applyImportNow, previewImport, previewImportForBoard } from './imports.service.ts';
