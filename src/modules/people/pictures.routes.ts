import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { callerOf } from '../../http/caller.ts';
import { IdParams, problems } from '../../http/schemas.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { readStudentPictures, setStudentPictures } from './pictures.service.ts';

const PictureId = Type.String({ minLength: 1, maxLength: 64 });
const PicturesAnswer = Type.Object({ pictureSequence: Type.Union([Type.Array(Type.String()), Type.Null()]) });

/** A student's picture password, managed by their teachers and administrators. */
export const studentPictureRoutes: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (
  app,
  { ctx },
) => {
  const tags = ['passwords'];
  app.get(
    '/students/:id/pictures',
    {
      schema: {
        tags,
        params: IdParams,
        description: "The student's picture password (picture ids in order), or null when none is set.",
        response: { 200: PicturesAnswer, ...problems(401, 403, 404) },
      },
    },
    async (req) => readStudentPictures(ctx, callerOf(req), req.params.id),
  );
  app.put(
    '/students/:id/pictures',
    {
      schema: {
        tags,
        params: IdParams,
        body: Type.Object(
          { pictureSequence: Type.Optional(Type.Array(PictureId, { maxItems: 8 })) },
          { additionalProperties: false },
        ),
        description:
          "Sets the picture password (random of the board's length when omitted), unlocks, and returns it.",
        response: { 200: PicturesAnswer, ...problems(400, 401, 403, 404) },
      },
    },
    async (req) => setStudentPictures(ctx, callerOf(req), req.params.id, req.body?.pictureSequence),
  );
};
