export { MAX_CARDS_AT_ONCE, printStudentCards } from './cards.service.ts';
export { signInRoutes } from './signin.routes.ts';
