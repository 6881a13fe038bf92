import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { callerOf } from '../../http/caller.ts';
import { IdParams, PageOf, problems } from '../../http/schemas.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { GroupCreateBody, GroupListQuery, GroupPatchBody, GroupSchema } from './groups.schemas.ts';
import { createGroup, deleteGroup, getGroup, listGroups, updateGroup } from './groups.service.ts';

export const groupRoutes: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  const tags = ['groups'];

  app.get(
    '/groups',
    {
      schema: {
        tags,
        querystring: GroupListQuery,
        response: { 200: PageOf(GroupSchema), ...problems(400, 401, 403) },
      },
    },
    async (req) => listGroups(ctx, callerOf(req), req.query),
  );

  app.post(
    '/groups',
    {
      schema: {
        tags,
        body: GroupCreateBody,
        response: { 201: GroupSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (req, reply) => reply.code(201).send(await createGroup(ctx, callerOf(req), req.body)),
  );

  app.get(
    '/groups/:id',
    { schema: { tags, params: IdParams, response: { 200: GroupSchema, ...problems(401, 403, 404) } } },
    async (req) => getGroup(ctx, callerOf(req), req.params.id),
  );

  app.patch(
    '/groups/:id',
    {
      schema: {
        tags,
        params: IdParams,
        body: GroupPatchBody,
        response: { 200: GroupSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (req) => updateGroup(ctx, callerOf(req), req.params.id, req.body),
  );

  app.delete(
    '/groups/:id',
    {
      schema: {
        tags,
        params: IdParams,
        description: 'Deletes the group; its members are unlinked, not deleted.',
        response: problems(401, 403, 404),
      },
    },
    async (req, reply) => {
      await deleteGroup(ctx, callerOf(req), req.params.id);
      return reply.code(204).send();
    },
  );
};
