import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Static, Type } from '@sinclair/typebox';
import { callerOf } from '../../http/caller.ts';
import { Email, Id, Name, OptionalText, problems } from '../../http/schemas.ts';
import { clearSessionCookie, setSessionCookie } from '../../http/session.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { changePassword, me, updateProfile } from './auth.service.ts';
import { resetPasswordWithToken, sendPasswordResetMails } from './password-reset.service.ts';
import { logout, type NewSession } from './sessions.service.ts';
import { activateAccount, completeSetup, setupRequired } from './setup.service.ts';
import { login } from './sign-in.service.ts';

const Password = Type.String({ minLength: 1, maxLength: 128 });
const TotpCode = Type.Optional(
  Type.String({
    minLength: 1,
    maxLength: 32,
    description:
      'With two-step verification on: the code from the authenticator app, or a recovery code. Without it a right password answers 401 MFA_REQUIRED.',
  }),
);
const LoginBody = Type.Union([
  Type.Object(
    { email: Type.String({ minLength: 1, maxLength: 254 }), password: Password, totpCode: TotpCode },
    { additionalProperties: false },
  ),
  Type.Object(
    { username: Type.String({ minLength: 1, maxLength: 254 }), password: Password, totpCode: TotpCode },
    { additionalProperties: false },
  ),
  Type.Object({ personId: Id, password: Password, totpCode: TotpCode }, { additionalProperties: false }),
  Type.Object(
    {
      personId: Id,
      pictureSequence: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 8 }),
    },
    { additionalProperties: false },
  ),
]);
const User = Type.Object({
  id: Id,
  boardId: Id,
  kind: Type.Union([Type.Literal('staff'), Type.Literal('student')]),
  firstName: Type.String(),
  infix: Type.Union([Type.String(), Type.Null()]),
  lastName: Type.String(),
  displayName: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  language: Type.String(),
  isBoardAdmin: Type.Boolean(),
  mustChangePassword: Type.Boolean(),
});
const SessionAnswer = Type.Object({
  user: User,
  csrfToken: Type.String(),
  mustChangePassword: Type.Boolean(),
});
/** A link's answer: signed in, or (two-step verification in force) asked to sign in with password and code. */
const LinkAnswer = Type.Union([SessionAnswer, Type.Object({ signInRequired: Type.Literal(true) })]);
const MeAnswer = Type.Object({
  user: User,
  board: Type.Object({ id: Id, name: Type.String() }),
  csrfToken: Type.String(),
  locations: Type.Array(Type.Object({ locationId: Id, level: Type.String() })),
  groupIds: Type.Array(Id),
  mailConfigured: Type.Boolean(),
  mfa: Type.Object({
    enabled: Type.Boolean(),
    required: Type.Boolean(),
    enrolmentRequired: Type.Boolean(),
    recoveryCodesLeft: Type.Integer(),
  }),
  permissions: Type.Record(Type.String(), Type.Boolean()),
});
const ProfilePatch = Type.Object(
  {
    firstName: Type.Optional(Name),
    infix: Type.Optional(OptionalText(20)),
    lastName: Type.Optional(Name),
    language: Type.Optional(Type.Union([Type.Literal('nl'), Type.Literal('en')])),
  },
  { additionalProperties: false, minProperties: 1 },
);
const PasswordBody = Type.Object(
  { currentPassword: Type.Optional(Password), newPassword: Password },
  { additionalProperties: false },
);
const SetupBody = Type.Object(
  {
    token: Type.String({ minLength: 1, maxLength: 200 }),
    boardName: Name,
    firstName: Name,
    infix: Type.Optional(OptionalText(20)),
    lastName: Name,
    email: Email,
    password: Password,
  },
  { additionalProperties: false },
);
const ActivateBody = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 200 }), password: Password },
  { additionalProperties: false },
);

export const authRoutes: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  const tags = ['auth'];
  const startSession = (session: NewSession) => ({
    user: session.user,
    csrfToken: session.csrfToken,
    mustChangePassword: session.user.mustChangePassword,
  });

  app.post(
    '/auth/login',
    {
      config: { csrf: false },
      schema: {
        tags,
        body: LoginBody,
        description:
          'Signs in with e-mail, username or (from the school sign-in page) person id, and a password or picture sequence.',
        response: { 200: SessionAnswer, ...problems(400, 401, 423, 429) },
      },
    },
    async (req, reply) => {
      const session = await login(ctx, req.body as Static<typeof LoginBody>, req.ip);
      setSessionCookie(reply, ctx, session.token, session.expiresAt);
      return startSession(session);
    },
  );

  app.post('/auth/logout', { schema: { tags, response: problems(401, 403) } }, async (req, reply) => {
    callerOf(req);
    if (req.sessionId) await logout(ctx, req.sessionId);
    clearSessionCookie(reply, ctx);
    return reply.code(204).send();
  });

  app.post(
    '/auth/password',
    { schema: { tags, body: PasswordBody, response: problems(400, 401, 403) } },
    async (req, reply) => {
      const caller = callerOf(req);
      await changePassword(ctx, caller, req.sessionId as string, req.body);
      return reply.code(204).send();
    },
  );

  app.post(
    '/auth/activate',
    {
      config: { csrf: false },
      schema: { tags, body: ActivateBody, response: { 200: LinkAnswer, ...problems(400) } },
    },
    async (req, reply) => {
      const session = await activateAccount(ctx, req.body.token, req.body.password);
      if (!session) return { signInRequired: true as const };
      setSessionCookie(reply, ctx, session.token, session.expiresAt);
      return startSession(session);
    },
  );

  app.post(
    '/auth/forgot',
    {
      config: { csrf: false },
      schema: {
        tags,
        description:
          'Mails a single-use reset link (one hour). Always answers 202, whether or not the address exists.',
        body: Type.Object(
          { email: Type.String({ minLength: 1, maxLength: 254 }) },
          { additionalProperties: false },
        ),
        response: { 202: Type.Object({}), ...problems(400) },
      },
    },
    async (req, reply) => {
      // Not awaited: the answer must not wait on (and so reveal) whether mail is being sent.
      void sendPasswordResetMails(ctx, req.body.email, (error) =>
        req.log.error({ err: error }, 'reset mail failed'),
      );
      return reply.code(202).send({});
    },
  );

  app.post(
    '/auth/reset',
    {
      config: { csrf: false },
      schema: { tags, body: ActivateBody, response: { 200: LinkAnswer, ...problems(400) } },
    },
    async (req, reply) => {
      const session = await resetPasswordWithToken(ctx, req.body.token, req.body.password);
      if (!session) return { signInRequired: true as const };
      setSessionCookie(reply, ctx, session.token, session.expiresAt);
      return startSession(session);
    },
  );

  app.get(
    '/me',
    { schema: { tags: ['me'], response: { 200: MeAnswer, ...problems(401) } } },
    async (req) => ({
      ...(await me(ctx, callerOf(req))),
      csrfToken: req.csrfToken as string,
    }),
  );

  app.patch(
    '/me',
    { schema: { tags: ['me'], body: ProfilePatch, response: { 200: User, ...problems(400, 401, 403) } } },
    async (req) => updateProfile(ctx, callerOf(req), req.body),
  );

  app.get(
    '/setup',
    { schema: { tags: ['setup'], response: { 200: Type.Object({ required: Type.Boolean() }) } } },
    async () => ({ required: await setupRequired(ctx) }),
  );

  app.post(
    '/setup',
    {
      config: { csrf: false },
      schema: {
        tags: ['setup'],
        body: SetupBody,
        response: { 201: SessionAnswer, ...problems(400, 401, 409) },
      },
    },
    async (req, reply) => {
      const { token, ...input } = req.body;
      if (!(await setupRequired(ctx))) throw new AppError('SETUP_NOT_AVAILABLE');
      const session = await completeSetup(ctx, token, input);
      setSessionCookie(reply, ctx, session.token, session.expiresAt);
      return reply.code(201).send(startSession(session));
    },
  );
};
