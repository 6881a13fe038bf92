import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { callerOf } from '../../http/caller.ts';
import { IdParams, PageOf, problems } from '../../http/schemas.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { addMember, listMembers, removeMember } from './members.service.ts';
import {
  readGroupPasswords,
  readStaffPassword,
  readStudentPassword,
  resetStaffPassword,
  resetStudentPassword,
  unlockGroup,
  unlockStaff,
  unlockStudent,
} from './passwords.service.ts';
import {
  MemberBody,
  MemberParams,
  MembersSchema,
  PeopleListQuery,
  StaffCreateBody,
  StaffPatchBody,
  StaffSchema,
  StudentCreateBody,
  StudentPatchBody,
  StudentSchema,
} from './people.schemas.ts';
import { createStaff, deleteStaff, getStaff, listStaff, updateStaff } from './staff.service.ts';
import { mailFailureLog, staffMailRoutes } from './staff-mail.routes.ts';
import { createStudent, deleteStudent, getStudent, listStudents, updateStudent } from './students.service.ts';

export const peopleRoutes: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  // ---- staff ----
  let tags = ['staff'];
  app.get(
    '/staff',
    {
      schema: {
        tags,
        querystring: PeopleListQuery,
        response: { 200: PageOf(StaffSchema), ...problems(400, 401, 403) },
      },
    },
    async (req) => listStaff(ctx, callerOf(req), req.query),
  );
  app.post(
    '/staff',
    {
      schema: {
        tags,
        body: StaffCreateBody,
        response: { 201: StaffSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await createStaff(ctx, callerOf(req), req.body, mailFailureLog(req))),
  );
  app.get(
    '/staff/:id',
    { schema: { tags, params: IdParams, response: { 200: StaffSchema, ...problems(401, 403, 404) } } },
    async (req) => getStaff(ctx, callerOf(req), req.params.id),
  );
  app.patch(
    '/staff/:id',
    {
      schema: {
        tags,
        params: IdParams,
        body: StaffPatchBody,
        response: { 200: StaffSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (req) => updateStaff(ctx, callerOf(req), req.params.id, req.body),
  );
  app.delete(
    '/staff/:id',
    { schema: { tags, params: IdParams, response: problems(401, 403, 404, 409) } },
    async (req, reply) => {
      await deleteStaff(ctx, callerOf(req), req.params.id);
      return reply.code(204).send();
    },
  );
  await app.register(staffMailRoutes, { ctx });

  // ---- students ----
  tags = ['students'];
  app.get(
    '/students',
    {
      schema: {
        tags,
        querystring: PeopleListQuery,
        response: { 200: PageOf(StudentSchema), ...problems(400, 401, 403) },
      },
    },
    async (req) => listStudents(ctx, callerOf(req), req.query),
  );
  app.post(
    '/students',
    {
      schema: {
        tags,
        body: StudentCreateBody,
        response: { 201: StudentSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => reply.code(201).send(await createStudent(ctx, callerOf(req), req.body)),
  );
  app.get(
    '/students/:id',
    { schema: { tags, params: IdParams, response: { 200: StudentSchema, ...problems(401, 403, 404) } } },
    async (req) => getStudent(ctx, callerOf(req), req.params.id),
  );
  app.patch(
    '/students/:id',
    {
      schema: {
        tags,
        params: IdParams,
        body: StudentPatchBody,
        response: { 200: StudentSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (req) => updateStudent(ctx, callerOf(req), req.params.id, req.body),
  );
  app.delete(
    '/students/:id',
    { schema: { tags, params: IdParams, response: problems(401, 403, 404) } },
    async (req, reply) => {
      await deleteStudent(ctx, callerOf(req), req.params.id);
      return reply.code(204).send();
    },
  );

  // ---- passwords ----
  const PasswordAnswer = Type.Object({ temporaryPassword: Type.String() });
  const PasswordBody = Type.Object(
    { password: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })) },
    { additionalProperties: false },
  );
  tags = ['passwords'];
  app.get(
    '/students/:id/password',
    {
      schema: {
        tags,
        params: IdParams,
        description:
          'The temporary password while readable; 409 PASSWORD_NOT_READABLE once the student chose their own.',
        response: { 200: PasswordAnswer, ...problems(401, 403, 404, 409) },
      },
    },
    async (req) => readStudentPassword(ctx, callerOf(req), req.params.id),
  );
  app.put(
    '/students/:id/password',
    {
      schema: {
        tags,
        params: IdParams,
        body: PasswordBody,
        description: 'Sets a new temporary password (random when omitted), unlocks, and returns it.',
        response: { 200: PasswordAnswer, ...problems(400, 401, 403, 404) },
      },
    },
    async (req) => resetStudentPassword(ctx, callerOf(req), req.params.id, req.body?.password),
  );
  app.get(
    '/staff/:id/password',
    {
      schema: { tags, params: IdParams, response: { 200: PasswordAnswer, ...problems(401, 403, 404, 409) } },
    },
    async (req) => readStaffPassword(ctx, callerOf(req), req.params.id),
  );
  app.put(
    '/staff/:id/password',
    {
      schema: {
        tags,
        params: IdParams,
        body: PasswordBody,
        response: { 200: PasswordAnswer, ...problems(400, 401, 403, 404) },
      },
    },
    async (req) => resetStaffPassword(ctx, callerOf(req), req.params.id, req.body?.password),
  );
  app.get(
    '/groups/:id/passwords',
    {
      schema: {
        tags,
        params: IdParams,
        description:
          "Show passwords: each student's readable temporary password (null once they chose their own).",
        response: {
          200: Type.Object({
            groupId: Type.String(),
            items: Type.Array(
              Type.Object({
                personId: Type.String(),
                displayName: Type.String(),
                username: Type.String(),
                signInMethod: Type.Union([
                  Type.Literal('password'),
                  Type.Literal('pictures'),
                  Type.Literal('email'),
                ]),
                temporaryPassword: Type.Union([Type.String(), Type.Null()]),
                pictureSequence: Type.Union([Type.Array(Type.String()), Type.Null()]),
                locked: Type.Boolean(),
              }),
            ),
          }),
          ...problems(401, 403, 404),
        },
      },
    },
    async (req) => readGroupPasswords(ctx, callerOf(req), req.params.id),
  );

  // ---- lockout ----
  tags = ['lockout'];
  app.post(
    '/students/:id/unlock',
    { schema: { tags, params: IdParams, response: problems(401, 403, 404) } },
    async (req, reply) => {
      await unlockStudent(ctx, callerOf(req), req.params.id);
      return reply.code(204).send();
    },
  );
  app.post(
    '/staff/:id/unlock',
    { schema: { tags, params: IdParams, response: problems(401, 403, 404) } },
    async (req, reply) => {
      await unlockStaff(ctx, callerOf(req), req.params.id);
      return reply.code(204).send();
    },
  );
  app.post(
    '/groups/:id/unlock',
    {
      schema: {
        tags,
        params: IdParams,
        description: 'Unlocks every student of the group; answers how many were locked.',
        response: { 200: Type.Object({ unlocked: Type.Integer() }), ...problems(401, 403, 404) },
      },
    },
    async (req) => unlockGroup(ctx, callerOf(req), req.params.id),
  );

  // ---- group members ----
  tags = ['groups'];
  app.get(
    '/groups/:id/members',
    { schema: { tags, params: IdParams, response: { 200: MembersSchema, ...problems(401, 403, 404) } } },
    async (req) => listMembers(ctx, callerOf(req), req.params.id),
  );
  app.post(
    '/groups/:id/members',
    { schema: { tags, params: IdParams, body: MemberBody, response: problems(400, 401, 403, 404, 409) } },
    async (req, reply) => {
      await addMember(ctx, callerOf(req), req.params.id, req.body.personId);
      return reply.code(204).send();
    },
  );
  app.delete(
    '/groups/:id/members/:personId',
    { schema: { tags, params: MemberParams, response: problems(401, 403, 404) } },
    async (req, reply) => {
      await removeMember(ctx, callerOf(req), req.params.id, req.params.personId);
      return reply.code(204).send();
    },
  );
};
