import type { FastifyRequest } from 'fastify';

/**
 * Pino options for the server. Request lines carry the route pattern, never the URL: query strings hold
 * searched names, and ids in paths are enough to trace a request. Bodies and headers are never logged.
 */
export function loggerOptions(level: string) {
  return {
    level,
    serializers: {
      req(request: FastifyRequest) {
        return { method: request.method, route: request.routeOptions?.url ?? 'unmatched', id: request.id };
      },
      res(reply: { statusCode: number }) {
        return { statusCode: reply.statusCode };
      },
    },
  };
}
