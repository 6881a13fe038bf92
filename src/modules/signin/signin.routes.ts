import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Id, problems } from '../../http/schemas.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { signInCard, signInGroup, signInPage } from './signin.service.ts';

const LocationKey = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9 _-]+$' });
const Method = Type.Union([Type.Literal('password'), Type.Literal('pictures'), Type.Literal('email')]);
const GroupOut = Type.Object({
  id: Id,
  name: Type.String(),
  icon: Type.Union([Type.String(), Type.Null()]),
  grade: Type.Union([Type.String(), Type.Null()]),
});
const StudentOut = Type.Object({
  id: Id,
  firstName: Type.String(),
  initial: Type.String(),
  signInMethod: Method,
});

/**
 * The public school sign-in page's data, before anyone signs in. Names of children are only given to requests
 * from the location's allowed networks; elsewhere the page offers the e-mail form only.
 */
export const signInRoutes: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  const tags = ['sign-in page'];
  app.addHook('onSend', async (_req, reply) => {
    reply.header('cache-control', 'no-store');
  });
  app.get(
    '/signin/locations/:code',
    {
      schema: {
        tags,
        security: [],
        params: Type.Object({ code: LocationKey }, { additionalProperties: false }),
        description:
          "The sign-in page of a location (by code or id): its visible groups when the request comes from the location's networks, else `namesShown: false` and why.",
        response: {
          200: Type.Object({
            location: Type.Union([
              Type.Object({ id: Id, name: Type.String(), code: Type.Union([Type.String(), Type.Null()]) }),
              Type.Null(),
            ]),
            board: Type.Union([Type.Object({ name: Type.String() }), Type.Null()]),
            namesShown: Type.Boolean(),
            reason: Type.Union([Type.Literal('no-networks'), Type.Literal('outside-network'), Type.Null()]),
            language: Type.String(),
            pictureSequenceLength: Type.Integer(),
            shufflePictures: Type.Boolean(),
            groups: Type.Array(GroupOut),
          }),
          ...problems(400),
        },
      },
    },
    async (req) => signInPage(ctx, req.params.code, req.ip),
  );
  app.get(
    '/signin/locations/:code/groups/:groupId',
    {
      schema: {
        tags,
        security: [],
        params: Type.Object({ code: LocationKey, groupId: Id }, { additionalProperties: false }),
        description: "A group's children (first name and initial) and how each signs in.",
        response: {
          200: Type.Object({ group: GroupOut, students: Type.Array(StudentOut) }),
          ...problems(400, 403, 404),
        },
      },
    },
    async (req) => signInGroup(ctx, req.params.code, req.params.groupId, req.ip),
  );
  app.get(
    '/signin/locations/:code/cards/:cardCode',
    {
      schema: {
        tags,
        security: [],
        params: Type.Object(
          { code: LocationKey, cardCode: Type.String({ minLength: 4, maxLength: 32 }) },
          { additionalProperties: false },
        ),
        description:
          'The child a sign-in card (QR code or typed code) names; they still give their password.',
        response: {
          200: Type.Object({ student: StudentOut, group: GroupOut }),
          ...problems(400, 403, 404),
        },
      },
    },
    async (req) => signInCard(ctx, req.params.code, req.params.cardCode, req.ip),
  );
};
