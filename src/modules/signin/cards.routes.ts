import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { callerOf } from '../../http/caller.ts';
import { IdParams, problems } from '../../http/schemas.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { fold } from '../../platform/text.ts';
import { printGroupCards, renewGroupCards } from './cards.service.ts';

/** "Groep 3a" → "cards-groep-3a.pdf": an ASCII name every browser and OS saves as is. */
function fileName(groupName: string): string {
  const slug = fold(groupName)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `cards-${slug || 'group'}.pdf`;
}

export const cardRoutes: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  const tags = ['sign-in cards'];
  app.get(
    '/groups/:id/cards.pdf',
    {
      schema: {
        tags,
        params: IdParams,
        description:
          "QR sign-in cards for every student of the group (A4, 10 per page), in the caller's language. Students " +
          'without a card code get one. Shows picture passwords, or readable temporary passwords; audited as ' +
          '`group.cards.print`. 400 GROUP_TOO_LARGE_FOR_CARDS above 500 students.',
        response: {
          200: {
            description: 'The PDF',
            content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
          },
          ...problems(400, 401, 403, 404),
        },
      },
    },
    async (req, reply) => {
      const { pdf, groupName } = await printGroupCards(ctx, callerOf(req), req.params.id);
      return (
        reply
          .type('application/pdf')
          .header('content-disposition', `inline; filename="${fileName(groupName)}"`)
          // The cards may carry passwords: never kept by a browser or proxy cache.
          .header('cache-control', 'no-store')
          .send(pdf)
      );
    },
  );
  app.post(
    '/groups/:id/cards/renew',
    {
      schema: {
        tags,
        params: IdParams,
        description:
          'Gives every student of the group a new card code, so lost cards stop working; print the cards again ' +
          'afterwards. Audited as `group.cards.renew`.',
        response: { 200: Type.Object({ renewed: Type.Integer() }), ...problems(400, 401, 403, 404) },
      },
    },
    async (req) => renewGroupCards(ctx, callerOf(req), req.params.id),
  );
};
