export { auditRoutes } from './audit.routes.ts';
export { type AuditEntry, type Caller, listAuditEvents, recordAudit } from './audit.service.ts';
