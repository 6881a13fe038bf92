import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { callerOf } from '../../http/caller.ts';
import { Id, Name, problems, Timestamp } from '../../http/schemas.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { getBoard, updateBoard } from './boards.service.ts';

const Settings = Type.Object(
  {
    defaultLanguage: Type.Union([Type.Literal('nl'), Type.Literal('en')]),
    userType: Type.Union([Type.Literal('primary'), Type.Literal('secondary')]),
    usersMayChangeEmail: Type.Boolean(),
    teachersMayResetPasswords: Type.Boolean(),
    passwordMinLengthStaff: Type.Integer({ minimum: 8, maximum: 64 }),
    passwordMinLengthStudents: Type.Integer({ minimum: 4, maximum: 64 }),
    lockoutThreshold: Type.Integer({ minimum: 3, maximum: 20 }),
    lockoutMinutes: Type.Integer({ minimum: 1, maximum: 1440 }),
    pictureSequenceLength: Type.Integer({ minimum: 2, maximum: 4 }),
    shufflePictures: Type.Boolean(),
    mfaRequired: Type.Union([Type.Literal('none'), Type.Literal('admins'), Type.Literal('staff')]),
  },
  { additionalProperties: false },
);

const BoardSchema = Type.Object({
  id: Id,
  name: Type.String(),
  settings: Settings,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
const BoardPatch = Type.Object(
  {
    name: Type.Optional(Name),
    settings: Type.Optional(Type.Partial(Settings, { additionalProperties: false })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const boardRoutes: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  const tags = ['board'];
  app.get(
    '/board',
    { schema: { tags, response: { 200: BoardSchema, ...problems(401, 403) } } },
    async (req) => getBoard(ctx, callerOf(req)),
  );
  app.patch(
    '/board',
    { schema: { tags, body: BoardPatch, response: { 200: BoardSchema, ...problems(400, 401, 403) } } },
    async (req) => updateBoard(ctx, callerOf(req), req.body),
  );
};
