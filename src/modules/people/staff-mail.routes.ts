import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { callerOf } from '../../http/caller.ts';
import { IdParams, problems } from '../../http/schemas.ts';
import type { ServiceContext } from '../../platform/context.ts';
import type { MailFailureLog } from '../mail/index.ts';
import { sendActivationMailAgain, sendStaffResetMail } from './staff-mail.service.ts';

/** Where a mail that could not be handed over is reported: the request's log, with ids and codes only. */
export function mailFailureLog(req: FastifyRequest): MailFailureLog {
  return (failure) => req.log.warn(failure, 'mail not sent');
}

export const staffMailRoutes: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  const tags = ['staff'];
  app.post(
    '/staff/:id/activation-mail',
    {
      schema: {
        tags,
        params: IdParams,
        description:
          'Mails a new single-use activation link (7 days); earlier unused activation links stop working. ' +
          '409 NO_EMAIL_ADDRESS without an address, 409 ALREADY_ACTIVATED once the person chose a password.',
        response: { 202: Type.Object({}), ...problems(401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      await sendActivationMailAgain(ctx, callerOf(req), req.params.id, mailFailureLog(req));
      return reply.code(202).send({});
    },
  );
  app.post(
    '/staff/:id/password-reset-mail',
    {
      schema: {
        tags,
        params: IdParams,
        description:
          'Mails a single-use password-reset link (1 hour). The password stays, and a lock too, until the link ' +
          'is used. 409 NO_EMAIL_ADDRESS without an address.',
        response: { 202: Type.Object({}), ...problems(401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      await sendStaffResetMail(ctx, callerOf(req), req.params.id, mailFailureLog(req));
      return reply.code(202).send({});
    },
  );
};
