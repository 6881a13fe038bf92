import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * Serves the built console from `root`. Any other GET that asks for HTML and is not an API path gets
 * index.html, so deep links (/groups/…) work after a reload; API paths keep their problem+json 404.
 */
export async function registerConsole(app: FastifyInstance, root: string): Promise<void> {
  const index = fs.readFileSync(path.join(root, 'index.html'));
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    index: false,
    maxAge: '1h',
    setHeaders(res, file) {
      // Vite puts a content hash in every asset name: those can be cached for good.
      if (file.includes(`${path.sep}assets${path.sep}`))
        res.setHeader('cache-control', 'public, max-age=31536000, immutable');
    },
  });
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    if (!request.url.startsWith('/api/')) {
      reply.header('x-frame-options', 'DENY');
      reply.header(
        'content-security-policy',
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; " +
          "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
      );
    }
    return payload;
  });
  app.decorate('consoleIndex', index);
}

/** True when a not-found request should get the console's index.html instead of a 404 problem. */
export function wantsConsole(method: string, url: string, accept: string | undefined): boolean {
  return (
    (method === 'GET' || method === 'HEAD') &&
    !url.startsWith('/api/') &&
    (accept ?? '').includes('text/html')
  );
}
