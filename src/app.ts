import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerErrorHandling } from './http/errors.ts';
import { Problem } from './http/schemas.ts';
import { sessionPlugin } from './http/session.ts';
import { registerValidation } from './http/validation.ts';
import { registerConsole } from './http/web.ts';
import { auditRoutes } from './modules/audit/index.ts';
import { authRoutes } from './modules/auth/index.ts';
import { boardRoutes } from './modules/boards/index.ts';
import { mfaRoutes, pictureRoutes } from './modules/credentials/index.ts';
import { exportRoutes } from './modules/exports/index.ts';
import { groupRoutes } from './modules/groups/index.ts';
import { importRoutes, registerImportJobs } from './modules/imports/index.ts';
import { locationRoutes } from './modules/locations/index.ts';
import { peopleRoutes, staffMfaRoutes, studentPictureRoutes } from './modules/people/index.ts';
import { cardRoutes } from './modules/signin/cards.routes.ts';
import { signInRoutes } from './modules/signin/index.ts';
import type { ServiceContext } from './platform/context.ts';
import { pingDatabase } from './platform/db/index.ts';
import { AppError } from './platform/errors.ts';
import { loggerOptions } from './platform/logger.ts';

export interface AppDeps extends ServiceContext {
  /** Pino options or false; tests pass false. */
  logger?: boolean | object;
  /** Folder of the built console (dist/web); without it only the API is served. */
  webRoot?: string;
}

/** Builds the whole HTTP application from its dependencies; no globals, so every test builds its own. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { logger, webRoot, ...ctx } = deps;
  const app = Fastify({
    logger: logger === undefined ? loggerOptions(ctx.config.logLevel) : logger,
    bodyLimit: 1024 * 1024,
    trustProxy: process.env.SCHOOLPAS_TRUST_PROXY === 'true',
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  registerErrorHandling(app);
  registerValidation(app);
  app.addSchema(Problem);
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Schoolpas API',
        version: '1',
        description:
          'Accounts and rosters of a school board. Errors are RFC 9457 problem+json with a stable `code`.',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'schoolpas_session' } },
      },
      security: [{ session: [] }],
    },
  });
  await app.register(sessionPlugin, { ctx });
  if (webRoot) await registerConsole(app, webRoot);

  await app.register(
    async (api) => {
      api.get('/health', { schema: { tags: ['health'] } }, async (_req, reply) => {
        try {
          await pingDatabase(ctx.db);
        } catch {
          throw new AppError('DATABASE_UNAVAILABLE');
        }
        return reply.send({ status: 'ok' });
      });
      api.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
      await api.register(authRoutes, { ctx });
      await api.register(boardRoutes, { ctx });
      await api.register(locationRoutes, { ctx });
      await api.register(groupRoutes, { ctx });
      await api.register(peopleRoutes, { ctx });
      await api.register(studentPictureRoutes, { ctx });
      await api.register(auditRoutes, { ctx });
      await api.register(pictureRoutes, { ctx });
      await api.register(signInRoutes, { ctx });
      await api.register(importRoutes, { ctx });
      await api.register(exportRoutes, { ctx });
      await api.register(cardRoutes, { ctx });
      await api.register(mfaRoutes, { ctx });
      await api.register(staffMfaRoutes, { ctx });
    },
    { prefix: '/api/v1' },
  );

  // Background jobs: every node can run every job; closing the app waits for the running ones.
  registerImportJobs(ctx);
  app.addHook('onClose', () => ctx.jobs.stop());
  return app;
}
