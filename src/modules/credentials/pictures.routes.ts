import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { problems } from '../../http/schemas.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { PICTURES, pictureSvg } from './pictures.ts';

/**
 * The picture set, public: the school sign-in page shows it before anyone is signed in. Names follow the
 * request's language (`?lang=en`, default Dutch).
 */
export const pictureRoutes: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (app) => {
  const tags = ['pictures'];
  app.get(
    '/pictures',
    {
      schema: {
        tags,
        security: [],
        querystring: Type.Object(
          { lang: Type.Optional(Type.Union([Type.Literal('nl'), Type.Literal('en')])) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Array(Type.Object({ id: Type.String(), label: Type.String(), url: Type.String() })),
        },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'public, max-age=3600');
      const lang = req.query.lang ?? 'nl';
      return PICTURES.map((p) => ({ id: p.id, label: p[lang], url: `/api/v1/pictures/${p.id}.svg` }));
    },
  );
  app.get(
    '/pictures/:file',
    {
      schema: {
        tags,
        security: [],
        params: Type.Object(
          { file: Type.String({ pattern: '^[a-z-]+\\.svg$', maxLength: 64 }) },
          { additionalProperties: false },
        ),
        response: problems(400, 404),
      },
    },
    async (req, reply) => {
      const svg = pictureSvg(req.params.file.slice(0, -'.svg'.length));
      if (!svg) throw new AppError('NOT_FOUND');
      return reply
        .type('image/svg+xml')
        .header('cache-control', 'public, max-age=86400')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
        .send(svg);
    },
  );
};
