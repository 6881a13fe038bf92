export { authRoutes } from './auth.routes.ts';
export { csrfMatches, login, prepareSignIn, type ResolvedSession, resolveSession } from './auth.service.ts';
export { issueSetupToken, setupBoard } from './setup.service.ts';
