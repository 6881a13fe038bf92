import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { callerOf } from '../../http/caller.ts';
import { IdParams, problems } from '../../http/schemas.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { resetStaffMfa } from './staff-mfa.service.ts';

/** An administrator turns a staff member's two-step verification off (a lost phone). */
export const staffMfaRoutes: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.delete(
    '/staff/:id/mfa',
    {
      schema: {
        tags: ['staff'],
        params: IdParams,
        description:
          "Turns the staff member's two-step verification off (lost phone): their codes and recovery codes stop working.",
        response: problems(401, 403, 404),
      },
    },
    async (req, reply) => {
      await resetStaffMfa(ctx, callerOf(req), req.params.id);
      return reply.code(204).send();
    },
  );
};
