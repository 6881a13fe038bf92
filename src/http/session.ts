import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { csrfMatches, resolveSession } from '../modules/auth/index.ts';
import type { ServiceContext } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import './caller.ts';

export const SESSION_COOKIE = 'schoolpas_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * What a session may reach while its board requires two-step verification of the person and they have not set
 * it up yet: their own account and its setup (/me, /me/…), signing in and out and their password (/auth/…),
 * and what needs no session at all. Every other API route answers 403 MFA_ENROLMENT_REQUIRED.
 */
const REACHABLE_WHILE_ENROLLING = [
  /^\/api\/v1\/me(\/|$)/,
  /^\/api\/v1\/auth\//,
  /^\/api\/v1\/(health|setup|openapi\.json)$/,
  /^\/api\/v1\/pictures(\/|$)/,
  /^\/api\/v1\/signin\//,
];

/** Whether a route (its pattern, e.g. /api/v1/staff/:id) is open to a session that must still enrol. */
function reachableWhileEnrolling(route: string | undefined): boolean {
  // No route: a 404, or the console's files and pages, which are not the API.
  if (route === undefined || !route.startsWith('/api/')) return true;
  return REACHABLE_WHILE_ENROLLING.some((pattern) => pattern.test(route));
}

declare module 'fastify' {
  interface FastifyRequest {
    sessionId: string | null;
    /** The session's CSRF token, so the console can fetch it again after a page reload (GET /me). */
    csrfToken: string | null;
  }
  interface FastifyContextConfig {
    /** False on routes that start a session (sign-in, setup): they act with no session's authority. */
    csrf?: boolean;
  }
}

/**
 * Turns the session cookie into `request.caller`. Every non-GET request that a cookie authenticates must
 * carry the session's CSRF token in `x-csrf-token`. A session whose board requires two-step verification of
 * the person, who has not set it up, reaches only its own account until they do (MFA_ENROLMENT_REQUIRED).
 */
export const sessionPlugin = fp(async (app: FastifyInstance, { ctx }: { ctx: ServiceContext }) => {
  app.decorateRequest('caller', null);
  app.decorateRequest('sessionId', null);
  app.decorateRequest('csrfToken', null);
  app.addHook('onRequest', async (request) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const session = await resolveSession(ctx, token);
    if (!session) return;
    if (!SAFE_METHODS.has(request.method) && request.routeOptions.config.csrf !== false) {
      const header = request.headers['x-csrf-token'];
      if (!csrfMatches(session, typeof header === 'string' ? header : undefined)) {
        throw new AppError('CSRF_TOKEN_INVALID');
      }
    }
    if (session.mfaEnrolmentRequired && !reachableWhileEnrolling(request.routeOptions.url)) {
      throw new AppError('MFA_ENROLMENT_REQUIRED');
    }
    request.caller = { actor: session.actor, ip: request.ip };
    request.sessionId = session.sessionId;
    request.csrfToken = session.csrfToken;
  });
});

export function setSessionCookie(reply: FastifyReply, ctx: ServiceContext, token: string, expiresAt: string) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.config.secureCookies,
    expires: new Date(expiresAt),
  });
}

export function clearSessionCookie(reply: FastifyReply, ctx: ServiceContext) {
  reply.clearCookie(SESSION_COOKIE, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.config.secureCookies,
  });
}
