import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { callerOf } from '../../http/caller.ts';
import { problems } from '../../http/schemas.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { confirmTotpEnrolment, disableTotp, renewRecoveryCodes, startTotpEnrolment } from './mfa.service.ts';

const CodeBody = Type.Object(
  {
    code: Type.String({
      minLength: 1,
      maxLength: 32,
      description: 'A code from the authenticator app, or (to turn off, or for new codes) a recovery code',
    }),
  },
  { additionalProperties: false },
);
const RecoveryCodes = Type.Object({
  recoveryCodes: Type.Array(Type.String(), { description: 'Ten single-use codes; shown this once' }),
});

/** The signed-in staff member's own two-step verification (TOTP); students get 403. */
export const mfaRoutes: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  const tags = ['me'];
  app.post(
    '/me/mfa/totp',
    {
      schema: {
        tags,
        description:
          'Starts setting up an authenticator app: a new secret, not in force until confirmed. 409 while one is on.',
        response: {
          200: Type.Object({ secret: Type.String(), otpauthUrl: Type.String(), qrDataUrl: Type.String() }),
          ...problems(401, 403, 409),
        },
      },
    },
    async (req) => startTotpEnrolment(ctx, callerOf(req)),
  );
  app.post(
    '/me/mfa/totp/confirm',
    {
      schema: {
        tags,
        description:
          'Puts the new secret in force with a code from the app; answers the recovery codes once.',
        body: CodeBody,
        response: { 200: RecoveryCodes, ...problems(400, 401, 403, 409) },
      },
    },
    async (req) => confirmTotpEnrolment(ctx, callerOf(req), req.body.code),
  );
  app.delete(
    '/me/mfa/totp',
    {
      schema: {
        tags,
        description:
          'Turns two-step verification off with a current code or a recovery code; 409 MFA_REQUIRED_BY_BOARD when the board requires it.',
        body: CodeBody,
        response: problems(400, 401, 403, 409, 423),
      },
    },
    async (req, reply) => {
      await disableTotp(ctx, callerOf(req), req.body.code);
      return reply.code(204).send();
    },
  );
  app.post(
    '/me/mfa/recovery-codes',
    {
      schema: {
        tags,
        description: 'Replaces the recovery codes with ten new ones, with a current code or a recovery code.',
        body: CodeBody,
        response: { 200: RecoveryCodes, ...problems(400, 401, 403, 409, 423) },
      },
    },
    async (req) => renewRecoveryCodes(ctx, callerOf(req), req.body.code),
  );
};
