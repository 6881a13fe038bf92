export { authRoutes } from './auth.routes.ts';
export { csrfMatches, type ResolvedSession, resolveSession } from './sessions.service.ts';
export { issueSetupToken, setupBoard } from './setup.service.ts';
export { login, prepareSignIn } from './sign-in.service.ts';
