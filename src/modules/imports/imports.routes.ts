import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { callerOf } from '../../http/caller.ts';
import { IdParams, problems } from '../../http/schemas.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { getImport, importTemplate, previewImport, startImport } from './imports.service.ts';
import { DEFAULT_LIMITS } from './roster.ts';

const Counts = Type.Object({
  new: Type.Integer(),
  changed: Type.Integer(),
  unchanged: Type.Integer(),
  rejected: Type.Integer(),
});
const ImportAnswer = Type.Object({
  id: Type.String(),
  fileName: Type.String(),
  format: Type.String(),
  status: Type.String(),
  progress: Type.Object({ done: Type.Integer(), total: Type.Integer() }),
  preview: Type.Object(
    {
      locations: Counts,
      groups: Counts,
      staff: Counts,
      students: Counts,
      memberships: Counts,
      rejected: Type.Array(
        Type.Object({
          row: Type.Integer(),
          file: Type.Optional(Type.String()),
          kind: Type.String(),
          field: Type.String(),
          reason: Type.String(),
        }),
      ),
      changes: Type.Array(Type.Unknown()),
    },
    { additionalProperties: true },
  ),
  result: Type.Union([Type.Unknown(), Type.Null()]),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

/**
 * Imports: upload a file (multipart, one file) for a preview, apply it as a background job, follow its progress.
 * The multipart parser lives in this plugin only; every other route still takes JSON alone.
 */
export const importRoutes: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  const tags = ['imports'];
  await app.register(multipart, {
    limits: { files: 1, fileSize: DEFAULT_LIMITS.maxBytes, fields: 5, fieldSize: 1024, parts: 6 },
  });

  app.post(
    '/imports',
    {
      bodyLimit: DEFAULT_LIMITS.maxBytes + 64 * 1024,
      schema: {
        tags,
        consumes: ['multipart/form-data'],
        description:
          'Uploads one file (CSV, Excel, EDEXML, OneRoster zip) as the field `file`, with an optional field `kind` ' +
          '(staff or student, for CSV and Excel), and answers the preview. Nothing is written to the board yet.',
        response: { 201: ImportAnswer, ...problems(400, 401, 403, 413, 415) },
      },
    },
    async (req, reply) => {
      const caller = callerOf(req);
      if (!req.isMultipart())
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the file as multipart/form-data');
      let file: { name: string; data: Buffer } | undefined;
      let kind: 'staff' | 'student' | undefined;
      try {
        for await (const part of req.parts()) {
          if (part.type === 'file') {
            if (part.fieldname !== 'file' || file)
              throw new AppError('VALIDATION_FAILED', 'Send one file, as `file`');
            const data = await part.toBuffer();
            file = { name: part.filename || 'upload', data };
          } else if (part.fieldname === 'kind' && (part.value === 'staff' || part.value === 'student')) {
            kind = part.value;
          }
        }
      } catch (error) {
        if (error instanceof AppError) throw error;
        const code = (error as { code?: string }).code;
        if (code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT')
          throw new AppError('IMPORT_FILE_TOO_LARGE');
        throw error;
      }
      if (!file) throw new AppError('VALIDATION_FAILED', 'Send the file as the field `file`');
      const view = await previewImport(ctx, caller, file, { kind });
      return reply.status(201).send(view);
    },
  );

  app.get(
    '/imports/templates/:file',
    {
      schema: {
        tags,
        params: Type.Object(
          { file: Type.String({ pattern: '^(staff|students)\\.(csv|xlsx)$' }) },
          { additionalProperties: false },
        ),
        querystring: Type.Object(
          { lang: Type.Optional(Type.Union([Type.Literal('nl'), Type.Literal('en')])) },
          { additionalProperties: false },
        ),
        description:
          'A template to fill in: staff or students, CSV (UTF-8, `;`) or Excel, Dutch or English headers.',
        response: problems(400, 401, 403),
      },
    },
    async (req, reply) => {
      const [name, type] = req.params.file.split('.') as ['staff' | 'students', 'csv' | 'xlsx'];
      const template = await importTemplate(
        callerOf(req),
        name === 'staff' ? 'staff' : 'student',
        type,
        req.query.lang,
      );
      return reply
        .type(template.contentType)
        .header('content-disposition', `attachment; filename="${template.fileName}"`)
        .send(template.body);
    },
  );

  app.get(
    '/imports/:id',
    { schema: { tags, params: IdParams, response: { 200: ImportAnswer, ...problems(401, 403, 404) } } },
    async (req) => getImport(ctx, callerOf(req), req.params.id),
  );

  app.post(
    '/imports/:id/apply',
    {
      schema: {
        tags,
        params: IdParams,
        description: 'Applies the previewed import in the background; follow it with GET /imports/{id}.',
        response: { 202: ImportAnswer, ...problems(401, 403, 404, 409) },
      },
    },
    async (req, reply) => reply.status(202).send(await startImport(ctx, callerOf(req), req.params.id)),
  );
};
