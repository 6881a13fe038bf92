import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import { callerOf } from '../../http/caller.ts';
import { Id, IdParams, problems } from '../../http/schemas.ts';
import type { ServiceContext } from '../../platform/context.ts';
import {
  type ExportFile,
  exportBoardOneRoster,
  exportGroupMembers,
  exportStaff,
  exportStudents,
} from './exports.service.ts';

const Format = Type.Optional(
  Type.Union([Type.Literal('csv'), Type.Literal('xlsx')], {
    default: 'csv',
    description: 'csv: UTF-8 with BOM, `;`-separated; xlsx: Excel',
  }),
);
const Language = Type.Optional(
  Type.Union([Type.Literal('nl'), Type.Literal('en')], { description: 'Column headers; Dutch by default' }),
);
const ListExportQuery = Type.Object(
  {
    format: Format,
    lang: Language,
    q: Type.Optional(Type.String({ maxLength: 100 })),
    location: Type.Optional(Id),
    group: Type.Optional(Id),
  },
  { additionalProperties: false },
);
const FileAnswer = (contentType: string) => ({
  description: 'The file, as an attachment',
  content: { [contentType]: { schema: { type: 'string', format: 'binary' } } },
});
const spreadsheet = {
  description: 'The file, as an attachment (text/csv or an Excel workbook)',
  content: {
    'text/csv': { schema: { type: 'string' } },
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
      schema: { type: 'string', format: 'binary' },
    },
  },
};

function download(reply: FastifyReply, file: ExportFile) {
  return (
    reply
      .type(file.contentType)
      .header('content-disposition', `attachment; filename="${file.fileName}"`)
      // Personal data: never kept by a browser or proxy cache.
      .header('cache-control', 'no-store')
      .send(file.body)
  );
}

export const exportRoutes: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  const tags = ['exports'];
  app.get(
    '/staff/export',
    {
      schema: {
        tags,
        querystring: ListExportQuery,
        description:
          'The staff list as the caller sees it (the filters of GET /staff), as CSV or Excel; headers the importer ' +
          'reads back. Needs `staff.list`; audited as `staff.export`.',
        response: { 200: spreadsheet, ...problems(400, 401, 403) },
      },
    },
    async (req, reply) => download(reply, await exportStaff(ctx, callerOf(req), req.query)),
  );
  app.get(
    '/students/export',
    {
      schema: {
        tags,
        querystring: ListExportQuery,
        description:
          'The students list as the caller sees it (the filters of GET /students), as CSV or Excel; headers the ' +
          'importer reads back. Needs `student.list`; audited as `student.export`.',
        response: { 200: spreadsheet, ...problems(400, 401, 403) },
      },
    },
    async (req, reply) => download(reply, await exportStudents(ctx, callerOf(req), req.query)),
  );
  app.get(
    '/groups/:id/export',
    {
      schema: {
        tags,
        params: IdParams,
        querystring: Type.Object({ format: Format, lang: Language }, { additionalProperties: false }),
        description:
          "A group's members (staff, then students) as CSV or Excel. Needs `group.members.read`; audited as " +
          '`group.members.export`.',
        response: { 200: spreadsheet, ...problems(400, 401, 403, 404) },
      },
    },
    async (req, reply) =>
      download(reply, await exportGroupMembers(ctx, callerOf(req), req.params.id, req.query)),
  );
  app.get(
    '/board/export/oneroster.zip',
    {
      schema: {
        tags,
        description:
          'The whole board as OneRoster 1.2 CSV files in a zip, which the importer reads back to the same state. ' +
          'Pakketbeheerders only (`board.export`); audited as `board.export`.',
        response: { 200: FileAnswer('application/zip'), ...problems(401, 403) },
      },
    },
    async (req, reply) => download(reply, await exportBoardOneRoster(ctx, callerOf(req))),
  );
};
