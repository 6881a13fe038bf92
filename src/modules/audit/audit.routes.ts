import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { callerOf } from '../../http/caller.ts';
import { Id, PageOf, problems, Timestamp } from '../../http/schemas.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { listAuditEvents } from './audit.service.ts';

const AuditEventSchema = Type.Object({
  id: Id,
  actorId: Type.Union([Id, Type.Null()]),
  actorName: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  targetType: Type.String(),
  targetId: Type.Union([Type.String(), Type.Null()]),
  before: Type.Unknown(),
  after: Type.Unknown(),
  sourceIp: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
});

const AuditQuery = Type.Object(
  {
    location: Type.Optional(Id),
    actor: Type.Optional(Id),
    target: Type.Optional(Id),
    action: Type.Optional(Type.String({ maxLength: 64, pattern: '^[a-z.A-Z]+$' })),
    from: Type.Optional(Timestamp),
    to: Type.Optional(Timestamp),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { additionalProperties: false },
);

export const auditRoutes: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.get(
    '/audit',
    {
      schema: {
        tags: ['audit'],
        querystring: AuditQuery,
        response: { 200: PageOf(AuditEventSchema), ...problems(400, 401, 403) },
      },
    },
    async (req) => listAuditEvents(ctx, callerOf(req), req.query),
  );
};
