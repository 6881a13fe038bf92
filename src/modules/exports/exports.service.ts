import { PassThrough, type Readable, type Writable } from 'node:stream';
import { isoNow } from '../../platform/clock.ts';
import type { ServiceContext } from '../../platform/context.ts';
import type { Cursor } from '../../platform/paging.ts';
import { fold } from '../../platform/text.ts';
import { adminLocationIds, authorise, listScope } from '../access/index.ts';
import { type Caller, recordAudit } from '../audit/index.ts';
import { getBoardSummary } from '../boards/index.ts';
import {
  findGroups,
  findMembershipsOfGroups,
  type GroupRow,
  groupTarget,
  requireGroup,
} from '../groups/index.ts';
import { findLocations } from '../locations/index.ts';
import {
  findPeople,
  findPeopleOfBoard,
  linksOf,
  type PeopleFilter,
  type PersonRow,
  peopleFilter,
} from '../people/index.ts';
import {
  type BoardCatalog,
  cellsOf,
  type ExportLanguage,
  type ExportPerson,
  headersOf,
  MEMBER_COLUMNS,
  STAFF_COLUMNS,
  STUDENT_COLUMNS,
  sheetNameOf,
} from './list-columns.ts';
import { writeOneRoster } from './oneroster-writer.ts';
import { CONTENT_TYPES, type SpreadsheetFormat, sheetWriter } from './spreadsheet.ts';

/**
 * Exports: the staff list, the students list and a group's members as CSV or Excel, and the whole board as
 * OneRoster 1.2 CSV (zip). A list export needs the right to read that list and holds exactly the rows the list shows
 * the caller (the lists' own scoping); the board export is for pakketbeheerders (`board.export`). Every export is
 * audited (who exported what, with which filters) before the file is written.
 *
 * Files are streamed: the rows are read in keyset pages (PAGE people) and written as they come, so memory does not
 * grow with the board. The answer starts once the first rows are read; a failure after that cuts the download off
 * (the client sees an incomplete file, never a wrong one).
 */

export interface ExportFile {
  fileName: string;
  contentType: string;
  body: Readable;
}

export interface ListExportQuery {
  format?: SpreadsheetFormat;
  lang?: ExportLanguage;
  q?: string;
  location?: string;
  group?: string;
}

/** People per page: large pages cost fewer round trips; 2,000 ids stay far within bind-parameter limits. */
const PAGE = 2000;

/** The board's locations and groups by id (tens and thousands of rows: the names the rows refer to). */
async function boardCatalog(ctx: ServiceContext, boardId: string): Promise<BoardCatalog> {
  const locations = await findLocations(ctx.db, { boardId });
  const groups = new Map<string, GroupRow>();
  for await (const page of groupPages(ctx, boardId)) for (const group of page) groups.set(group.id, group);
  return { locations: new Map(locations.map((l) => [l.id, l])), groups };
}

async function* groupPages(ctx: ServiceContext, boardId: string): AsyncGenerator<GroupRow[]> {
  let after: Cursor | undefined;
  for (;;) {
    const rows = await findGroups(ctx.db, { boardId, after, limit: PAGE });
    const page = rows.slice(0, PAGE);
    if (page.length > 0) yield page;
    const last = page[page.length - 1];
    if (rows.length <= PAGE || !last) return;
    after = { sortKey: last.sort_name, id: last.id };
  }
}

async function withLinks(ctx: ServiceContext, rows: PersonRow[]): Promise<ExportPerson[]> {
  const links = await linksOf(
    ctx.db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => ({ row, levels: links.levelsOf(row.id), groups: links.groupsOf(row.id) }));
}

/** The people a list filter selects, in name order, a page at a time with their location levels and groups. */
async function* peoplePages(ctx: ServiceContext, filter: PeopleFilter): AsyncGenerator<ExportPerson[]> {
  let after: Cursor | undefined;
  for (;;) {
    const rows = await findPeople(ctx.db, { ...filter, after, limit: PAGE });
    const page = rows.slice(0, PAGE);
    if (page.length > 0) yield withLinks(ctx, page);
    const last = page[page.length - 1];
    if (rows.length <= PAGE || !last) return;
    after = { sortKey: last.sort_name, id: last.id };
  }
}

/** A stream the producer writes into in the background; a failure ends the stream with that error. */
function streamed(produce: (out: Writable) => Promise<void>): Readable {
  const out = new PassThrough();
  produce(out).catch((error: unknown) => {
    if (!out.destroyed) out.destroy(error instanceof Error ? error : new Error('the export failed'));
  });
  return out;
}

/** "leerlingen-2026-01-05.csv"; ASCII only, so every browser saves it as is. */
function fileNameOf(ctx: ServiceContext, base: string, extension: string): string {
  const slug =
    fold(base)
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'export';
  return `${slug}-${isoNow(ctx.clock).slice(0, 10)}.${extension}`;
}

const LIST_NAMES = {
  nl: { staff: 'medewerkers', student: 'leerlingen', group: 'groep' },
  en: { staff: 'staff', student: 'students', group: 'group' },
} as const;

/** The staff or students list as the caller sees it (GET /staff, GET /students with the same filters). */
async function exportPeopleList(
  ctx: ServiceContext,
  caller: Caller,
  kind: 'staff' | 'student',
  query: ListExportQuery,
): Promise<ExportFile> {
  const { actor } = caller;
  authorise(actor, kind === 'staff' ? 'staff.list' : 'student.list', {
    kind: 'board',
    boardId: actor.boardId,
  });
  const format = query.format ?? 'csv';
  const language = query.lang ?? 'nl';
  const filter = peopleFilter(actor.boardId, kind, listScope(actor), {
    q: query.q,
    location: query.location,
    group: query.group,
  });
  const catalog = await boardCatalog(ctx, actor.boardId);
  await recordAudit(ctx.db, ctx, caller, {
    boardId: actor.boardId,
    action: kind === 'staff' ? 'staff.export' : 'student.export',
    targetType: kind,
    targetId: null,
    after: {
      format,
      language,
      q: query.q ?? null,
      location: query.location ?? null,
      group: query.group ?? null,
    },
    locationIds: query.location
      ? [query.location].filter((id) => catalog.locations.has(id))
      : actor.isBoardAdmin
        ? []
        : adminLocationIds(actor),
  });
  const columns = kind === 'staff' ? STAFF_COLUMNS : STUDENT_COLUMNS;
  return {
    fileName: fileNameOf(ctx, LIST_NAMES[language][kind], format),
    contentType: CONTENT_TYPES[format],
    body: streamed(async (out) => {
      const writer = await sheetWriter(
        format,
        out,
        headersOf(columns, language),
        sheetNameOf(kind, language),
      );
      for await (const people of peoplePages(ctx, filter)) {
        for (const person of people) writer.row(cellsOf(columns, person, catalog, language));
        await writer.drain();
      }
      await writer.end();
    }),
  };
}

export function exportStaff(ctx: ServiceContext, caller: Caller, query: ListExportQuery) {
  return exportPeopleList(ctx, caller, 'staff', query);
}

export function exportStudents(ctx: ServiceContext, caller: Caller, query: ListExportQuery) {
  return exportPeopleList(ctx, caller, 'student', query);
}

/**
 * A group's members (GET /groups/{id}/members): its staff, then its students, each in name order. Whoever may read
 * the members sees them all; the group, jaargroep and location columns name this group.
 */
export async function exportGroupMembers(
  ctx: ServiceContext,
  caller: Caller,
  groupId: string,
  query: Pick<ListExportQuery, 'format' | 'lang'>,
): Promise<ExportFile> {
  const { actor } = caller;
  const group = await requireGroup(ctx, actor.boardId, groupId);
  authorise(actor, 'group.members.read', groupTarget(actor.boardId, group));
  const format = query.format ?? 'csv';
  const language = query.lang ?? 'nl';
  const locations = await findLocations(ctx.db, { boardId: actor.boardId, ids: [group.location_id] });
  const catalog: BoardCatalog = {
    locations: new Map(locations.map((l) => [l.id, l])),
    groups: new Map([[group.id, group]]),
  };
  await recordAudit(ctx.db, ctx, caller, {
    boardId: actor.boardId,
    action: 'group.members.export',
    targetType: 'group',
    targetId: group.id,
    after: { format, language },
    locationIds: [group.location_id],
  });
  const ofGroup = [{ groupId: group.id, locationId: group.location_id }];
  return {
    fileName: fileNameOf(ctx, `${LIST_NAMES[language].group} ${group.name}`, format),
    contentType: CONTENT_TYPES[format],
    body: streamed(async (out) => {
      const writer = await sheetWriter(
        format,
        out,
        headersOf(MEMBER_COLUMNS, language),
        sheetNameOf('group', language),
      );
      for (const kind of ['staff', 'student'] as const) {
        const filter: PeopleFilter = {
          boardId: actor.boardId,
          kind,
          scope: { all: true },
          tokens: [],
          groupId: group.id,
          limit: PAGE,
        };
        for await (const people of peoplePages(ctx, filter)) {
          for (const person of people) {
            writer.row(cellsOf(MEMBER_COLUMNS, { ...person, groups: ofGroup }, catalog, language));
          }
          await writer.drain();
        }
      }
      await writer.end();
    }),
  };
}

/** The whole board as OneRoster 1.2 CSV in a zip (see oneroster-writer.ts); pakketbeheerders only. */
export async function exportBoardOneRoster(ctx: ServiceContext, caller: Caller): Promise<ExportFile> {
  const { actor } = caller;
  authorise(actor, 'board.export', { kind: 'board', boardId: actor.boardId });
  const board = await getBoardSummary(ctx.db, actor.boardId);
  const locations = await findLocations(ctx.db, { boardId: actor.boardId });
  await recordAudit(ctx.db, ctx, caller, {
    boardId: actor.boardId,
    action: 'board.export',
    targetType: 'board',
    targetId: actor.boardId,
    after: { format: 'oneroster' },
    locationIds: [],
  });
  const now = ctx.clock.now();
  // Everyone of the board in id order (the fastest walk; a OneRoster file has no order).
  async function* people(kind: 'staff' | 'student'): AsyncGenerator<ExportPerson[]> {
    let afterId = '';
    for (;;) {
      const page = await findPeopleOfBoard(ctx.db, actor.boardId, kind, afterId, PAGE);
      if (page.length > 0) yield withLinks(ctx, page);
      const last = page[page.length - 1];
      if (page.length < PAGE || !last) return;
      afterId = last.id;
    }
  }
  return {
    fileName: fileNameOf(ctx, `oneroster ${board.name}`, 'zip'),
    contentType: 'application/zip',
    body: streamed((out) =>
      writeOneRoster(
        {
          board: { ...board, updatedAt: now.toISOString() },
          locations,
          groupPages: () => groupPages(ctx, actor.boardId),
          peoplePages: people,
          membershipsOf: (groupIds) => findMembershipsOfGroups(ctx.db, actor.boardId, groupIds),
          now,
        },
        out,
      ),
    ),
  };
}
