export { registerImportJobs } from './imports.job.ts';
export { importRoutes } from './imports.routes.ts';
export {
  applyImportNow,
  expireStaleImports,
  previewImport,
  previewImportForBoard,
} from './imports.service.ts';
export { oneRosterGradeFromJaargroep } from './oneroster-grades.ts';
