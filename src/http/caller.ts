import type { FastifyRequest } from 'fastify';
import type { Caller } from '../modules/audit/index.ts';
import { AppError } from '../platform/errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in person, set by the session plugin; null when not signed in. */
    caller: Caller | null;
  }
}

/** The signed-in caller, or UNAUTHENTICATED. */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw new AppError('UNAUTHENTICATED');
  return request.caller;
}
