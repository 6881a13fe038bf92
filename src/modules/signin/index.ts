export { signInRoutes } from './signin.routes.ts';
