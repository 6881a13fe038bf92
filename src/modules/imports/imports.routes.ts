import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { callerOf } from '../../http/caller.ts';
import { IdParams, problems } from '../../http/schemas.ts';
import { closeAfterAnswer, fileBytes } from '../../http/uploads.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { Caller } from '../audit/index.ts';
import { ImportAnswer, ImportSummary, NewStudentPasswords } from './imports.schemas.ts';
import {
  assertMayImport,
  discardImportPreview,
  getImport,
  importTemplate,
  listImports,
  MAX_LISTED_IMPORTS,
  previewImport,
  printImportCards,
  readImportPasswords,
  startImport,
} from './imports.service.ts';
import type { ReadOptions } from './read.ts';
import { DEFAULT_LIMITS } from './roster.ts';
import { FIELDS } from './tabular.ts';

/**
 * The `mapping` field of an upload: `{"firstName": 0, "group": [3, 4], "email": null}` (0-based columns; null: do
 * not import that field). Anything else is VALIDATION_FAILED.
 */
function parseMapping(value: string): NonNullable<ReadOptions['mapping']> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new AppError('VALIDATION_FAILED', '`mapping` is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new AppError('VALIDATION_FAILED', '`mapping` must be an object of field → column');
  const column = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 10_000;
  const mapping: Record<string, number | null | number[]> = {};
  for (const [field, index] of Object.entries(parsed)) {
    if (!(FIELDS as readonly string[]).includes(field))
      throw new AppError('VALIDATION_FAILED', `\`mapping\` names an unknown field: ${field.slice(0, 40)}`);
    const valid =
      field === 'group'
        ? Array.isArray(index) && index.length <= 50 && index.every(column)
        : index === null || column(index);
    if (!valid) throw new AppError('VALIDATION_FAILED', `\`mapping.${field}\` is not a column number`);
    mapping[field] = index as number | null | number[];
  }
  return mapping as NonNullable<ReadOptions['mapping']>;
}

/** Uploads read at the same time by one node. */
const MAX_PARALLEL_UPLOADS = 3;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Imports: upload a file (multipart, one file) for a preview, apply it as a background job, follow its progress.
 * The multipart parser lives in this plugin only; every other route still takes JSON alone.
 */
export const importRoutes: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  const tags = ['imports'];
  let uploading = 0;
  await app.register(multipart, {
    limits: { files: 1, fileSize: DEFAULT_LIMITS.maxBytes, fields: 5, fieldSize: 4096, parts: 6 },
  });

  app.post(
    '/imports',
    {
      bodyLimit: DEFAULT_LIMITS.maxBytes + 64 * 1024,
      schema: {
        tags,
        consumes: ['multipart/form-data'],
        description:
          'Uploads one file (CSV, Excel, EDEXML, OneRoster zip) as the field `file` and answers the preview; ' +
          'nothing is written to the board yet. For CSV and Excel, optional fields: `kind` (staff or student), ' +
          '`mapping` (JSON: field → 0-based column, `group` → columns; the rest is matched by header name) and ' +
          '`location` (the id of the location for rows that name none).',
        response: { 201: ImportAnswer, ...problems(400, 401, 403, 413, 415) },
      },
    },
    async (req, reply) => {
      const caller = callerOf(req);
      // Nothing of the body is read for someone who may not import, nor beyond the limits.
      const refuse = (error: AppError) => {
        closeAfterAnswer(req, reply);
        return error;
      };
      try {
        assertMayImport(caller);
      } catch (error) {
        throw error instanceof AppError ? refuse(error) : error;
      }
      if (!req.isMultipart())
        throw refuse(new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the file as multipart/form-data'));
      // Fastify's bodyLimit does not hold multipart bodies: a declared size over the limit is refused unread.
      const declared = Number(req.headers['content-length']);
      if (Number.isFinite(declared) && declared > DEFAULT_LIMITS.maxBytes + 64 * 1024)
        throw refuse(new AppError('IMPORT_FILE_TOO_LARGE'));
      // Each upload being read holds its file (up to 100 MB) and its parse in memory: a few at a time per node.
      if (uploading >= MAX_PARALLEL_UPLOADS)
        throw refuse(new AppError('RATE_LIMITED', 'Other imports are being read; try again in a moment'));
      uploading++;
      try {
        return await receive(req, reply, caller);
      } finally {
        uploading--;
      }
    },
  );

  /** Reads the multipart body (one file, a few fields) within the limits and answers the preview. */
  async function receive(req: FastifyRequest, reply: FastifyReply, caller: Caller) {
    let file: { name: string; data: Buffer } | undefined;
    const options: Parameters<typeof previewImport>[3] = {};
    try {
      for await (const part of req.parts()) {
        if (part.type === 'file') {
          if (part.fieldname !== 'file' || file)
            throw new AppError('VALIDATION_FAILED', 'Send one file, as `file`');
          const data = await fileBytes(part, new AppError('IMPORT_FILE_TOO_LARGE'));
          file = { name: part.filename || 'upload', data };
        } else if (part.fieldname === 'kind') {
          if (part.value !== 'staff' && part.value !== 'student')
            throw new AppError('VALIDATION_FAILED', '`kind` is staff or student');
          options.kind = part.value;
        } else if (part.fieldname === 'mapping' && typeof part.value === 'string') {
          options.mapping = parseMapping(part.value);
        } else if (part.fieldname === 'location' && typeof part.value === 'string' && part.value !== '') {
          if (!UUID.test(part.value)) throw new AppError('VALIDATION_FAILED', '`location` is a location id');
          options.locationId = part.value;
        }
      }
    } catch (error) {
      const code = error instanceof AppError ? error.code : (error as { code?: string }).code;
      if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
        closeAfterAnswer(req, reply);
        throw new AppError('VALIDATION_FAILED', 'Send one file, as `file`, and at most the fields described');
      }
      if (code === 'IMPORT_FILE_TOO_LARGE' || code === 'FST_REQ_FILE_TOO_LARGE') {
        closeAfterAnswer(req, reply);
        throw new AppError('IMPORT_FILE_TOO_LARGE');
      }
      throw error;
    }
    if (!file) throw new AppError('VALIDATION_FAILED', 'Send the file as the field `file`');
    const view = await previewImport(ctx, caller, file, options);
    return reply.status(201).send(view);
  }

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
    '/imports',
    {
      schema: {
        tags,
        description:
          'The import history, newest first: the whole board for a pakketbeheerder, their own imports for a ' +
          'locatiebeheerder.',
        querystring: Type.Object(
          { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LISTED_IMPORTS })) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(ImportSummary),
            nextCursor: Type.Null(),
            total: Type.Integer(),
          }),
          ...problems(400, 401, 403),
        },
      },
    },
    async (req) => listImports(ctx, callerOf(req), req.query.limit ?? 50),
  );

  app.delete(
    '/imports/:id',
    {
      schema: {
        tags,
        params: IdParams,
        description: 'Discards a preview (the names it holds are dropped); 409 once it was started.',
        response: problems(401, 403, 404, 409),
      },
    },
    async (req, reply) => {
      await discardImportPreview(ctx, callerOf(req), req.params.id);
      return reply.code(204).send();
    },
  );

  app.get(
    '/imports/:id/passwords',
    {
      schema: {
        tags,
        params: IdParams,
        description:
          'The students an applied import created, with their readable temporary passwords (null once chosen), ' +
          "for the importer to hand out; at most 2,000 (the groups' password lists and cards have the rest).",
        response: { 200: NewStudentPasswords, ...problems(401, 403, 404, 409) },
      },
    },
    async (req) => readImportPasswords(ctx, callerOf(req), req.params.id),
  );

  app.get(
    '/imports/:id/cards.pdf',
    {
      schema: {
        tags,
        params: IdParams,
        description:
          'QR sign-in cards (A4 PDF) of the students an applied import created, ordered by group; at most 1,000 ' +
          '(400 TOO_MANY_CARDS: print per group). Audited as `import.cards.print`.',
        response: {
          200: {
            description: 'The PDF',
            content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
          },
          ...problems(400, 401, 403, 404, 409),
        },
      },
    },
    async (req, reply) => {
      const pdf = await printImportCards(ctx, callerOf(req), req.params.id);
      return reply
        .type('application/pdf')
        .header('content-disposition', 'inline; filename="cards-import.pdf"')
        .header('cache-control', 'no-store')
        .send(pdf);
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
