import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { callerOf } from '../../http/caller.ts';
import { IdParams, PageOf, problems } from '../../http/schemas.ts';
import type { ServiceContext } from '../../platform/context.ts';
import {
  LocationCreateBody,
  LocationListQuery,
  LocationPatchBody,
  LocationSchema,
} from './locations.schemas.ts';
import {
  createLocation,
  deleteLocation,
  getLocation,
  listLocations,
  updateLocation,
} from './locations.service.ts';

export const locationRoutes: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  const tags = ['locations'];

  app.get(
    '/locations',
    {
      schema: {
        tags,
        querystring: LocationListQuery,
        response: { 200: PageOf(LocationSchema), ...problems(400, 401, 403) },
      },
    },
    async (req) => listLocations(ctx, callerOf(req), req.query.q),
  );

  app.post(
    '/locations',
    {
      schema: {
        tags,
        body: LocationCreateBody,
        response: { 201: LocationSchema, ...problems(400, 401, 403, 409) },
      },
    },
    async (req, reply) => reply.code(201).send(await createLocation(ctx, callerOf(req), req.body)),
  );

  app.get(
    '/locations/:id',
    { schema: { tags, params: IdParams, response: { 200: LocationSchema, ...problems(401, 403, 404) } } },
    async (req) => getLocation(ctx, callerOf(req), req.params.id),
  );

  app.patch(
    '/locations/:id',
    {
      schema: {
        tags,
        params: IdParams,
        body: LocationPatchBody,
        response: { 200: LocationSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (req) => updateLocation(ctx, callerOf(req), req.params.id, req.body),
  );

  app.delete(
    '/locations/:id',
    {
      schema: {
        tags,
        params: IdParams,
        description: 'Deletes the location and its groups; people are unlinked, never deleted.',
        response: { 200: Type.Object({ unlinkedPeople: Type.Integer() }), ...problems(401, 403, 404) },
      },
    },
    async (req) => deleteLocation(ctx, callerOf(req), req.params.id),
  );
};
