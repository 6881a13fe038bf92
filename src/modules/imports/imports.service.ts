import { isoNow } from '../../platform/clock.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { displayName } from '../../platform/text.ts';
import { adminLocationIds, authorise } from '../access/index.ts';
import type { Caller } from '../audit/index.ts';
import { getBoardSettings } from '../boards/index.ts';
import { findLocationsByIds } from '../locations/index.ts';
import { readNewStudentPasswords, studentsWithReadablePasswords } from '../people/index.ts';
import { printStudentCards } from '../signin/index.ts';
import type { ApplyResult } from './apply.ts';
import { APPLY_IMPORT_JOB, applyImport, liveProgress, planFor, previewSummary } from './imports.job.ts';
import {
  claimImport,
  countImports,
  discardImport,
  expireImports,
  findImportById,
  findImports,
  type ImportRow,
  insertImport,
  unclaimImport,
} from './imports.repository.ts';
import { previewOf } from './plan.ts';
import { type ReadOptions, type ReadUpload, readRoster, type TableColumns } from './read.ts';
import { ImportFileError } from './roster.ts';
import { templateCsv, templateXlsx } from './tabular.ts';

/** A preview nobody applied within a day is discarded with the names it held. */
const KEEP_PREVIEW_MS = 24 * 60 * 60 * 1000;
/** An import queued or running this long has lost its node (a whole board applies in well under a minute). */
const STUCK_AFTER_MS = 2 * 60 * 60 * 1000;
/** The longest import history one answer lists. */
export const MAX_LISTED_IMPORTS = 200;

export type ImportPreview = ReturnType<typeof previewOf>;

/** What the console shows of an applied import: counts, and the groups that got new students (for their cards). */
export type ImportResult = (Omit<ApplyResult, 'newStudentIds'> & { newStudents: number }) | { error: string };

export interface ImportView {
  id: string;
  fileName: string;
  format: string;
  kind: string | null;
  status: ImportRow['status'];
  progress: { done: number; total: number };
  preview: ImportPreview;
  /** CSV and Excel: how the columns were matched (for the mapping step); null for EDEXML and OneRoster. */
  columns: TableColumns | null;
  result: ImportResult | null;
  createdAt: string;
  updatedAt: string;
}

type StoredResult = ApplyResult | { error: string };

function resultOf(stored: string | null): ImportResult | null {
  if (stored === null) return null;
  const result = JSON.parse(stored) as StoredResult;
  if ('error' in result) return result;
  const { newStudentIds, ...counts } = result;
  return { ...counts, newStudents: newStudentIds.length };
}

/** The progress of a running import: this process's own count when it is the one applying it. */
function progressOf(ctx: ServiceContext, row: Pick<ImportRow, 'id' | 'progress_done' | 'progress_total'>) {
  const live = liveProgress(ctx, row.id);
  return live ?? { done: row.progress_done, total: row.progress_total };
}

function toView(ctx: ServiceContext, row: ImportRow, columns: TableColumns | null = null): ImportView {
  return {
    id: row.id,
    fileName: row.file_name,
    format: row.format,
    kind: row.kind,
    status: row.status,
    progress: progressOf(ctx, row),
    preview: JSON.parse(row.preview) as ImportPreview,
    columns,
    result: resultOf(row.result),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The locations an importer may touch: null for a pakketbeheerder (the whole board). */
function scopeOf(caller: Caller | null): Set<string> | null {
  return caller === null || caller.actor.isBoardAdmin ? null : new Set(adminLocationIds(caller.actor));
}

/** Reads a file; a whole-file problem becomes its stable problem code. */
async function read(file: Buffer, fileName: string, options: ReadOptions): Promise<ReadUpload> {
  try {
    return await readRoster(file, fileName, options);
  } catch (error) {
    if (error instanceof ImportFileError) throw new AppError(error.problem, error.message);
    throw error;
  }
}

/** Whether the caller may import at all: asked before an upload is read. */
export function assertMayImport(caller: Caller): void {
  authorise(caller.actor, 'import.create', { kind: 'board', boardId: caller.actor.boardId });
}

/**
 * Step one of an import: reads the file, compares it with the board and keeps the parsed roster (only what
 * Schoolpas stores; never the file) with its preview. Nothing of the board changes until it is applied.
 */
export async function previewImport(
  ctx: ServiceContext,
  caller: Caller,
  file: { name: string; data: Buffer },
  options: Omit<ReadOptions, 'defaultLocation'> & { locationId?: string } = {},
): Promise<ImportView> {
  const { actor } = caller;
  authorise(actor, 'import.create', { kind: 'board', boardId: actor.boardId });
  const scope = scopeOf(caller);
  const { locationId, ...readOptions } = options;
  const defaultLocation =
    locationId === undefined ? undefined : await defaultLocationOf(ctx, actor.boardId, scope, locationId);
  return createPreview(ctx, actor.boardId, actor.personId, scope, file, { ...readOptions, defaultLocation });
}

/** The location chosen for a CSV's rows without one: in the board, and administered by the importer. */
async function defaultLocationOf(
  ctx: ServiceContext,
  boardId: string,
  scope: Set<string> | null,
  locationId: string,
) {
  const [location] = await findLocationsByIds(ctx.db, boardId, [locationId]);
  if (!location) throw new AppError('LOCATION_NOT_FOUND');
  if (scope !== null && !scope.has(location.id)) throw new AppError('FORBIDDEN');
  return { name: location.name, code: location.code, sourceKey: location.source_key };
}

/** The CLI's preview (`schoolpas import FILE --board ID`): the whole board, as the system. */
export async function previewImportForBoard(
  ctx: ServiceContext,
  boardId: string,
  file: { name: string; data: Buffer },
  options: ReadOptions = {},
): Promise<ImportView> {
  await getBoardSettings(ctx.db, boardId); // BOARD_NOT_FOUND for a wrong id
  return createPreview(ctx, boardId, null, null, file, options);
}

async function createPreview(
  ctx: ServiceContext,
  boardId: string,
  createdBy: string | null,
  scope: Set<string> | null,
  file: { name: string; data: Buffer },
  options: ReadOptions,
): Promise<ImportView> {
  const { roster, columns } = await read(file.data, file.name, options);
  const { plan } = await planFor(ctx.db, boardId, roster, scope);
  const now = isoNow(ctx.clock);
  const row: ImportRow = {
    id: newId(),
    board_id: boardId,
    created_by: createdBy,
    file_name: file.name.slice(0, 200),
    format: roster.format,
    kind: options.kind ?? null,
    status: 'preview',
    scope: scope === null ? null : JSON.stringify([...scope]),
    roster: JSON.stringify(roster),
    preview: JSON.stringify(previewOf(plan)),
    progress_done: 0,
    progress_total: 0,
    result: null,
    created_at: now,
    updated_at: now,
  };
  await insertImport(ctx.db, row);
  return toView(ctx, row, columns);
}

async function requireImport(ctx: ServiceContext, caller: Caller, id: string): Promise<ImportRow> {
  const { actor } = caller;
  const row = await findImportById(ctx.db, actor.boardId, id);
  if (!row) throw new AppError('NOT_FOUND');
  authorise(actor, 'import.read', { kind: 'person', boardId: actor.boardId, personId: row.created_by ?? '' });
  return row;
}

export async function getImport(ctx: ServiceContext, caller: Caller, id: string): Promise<ImportView> {
  return toView(ctx, await requireImport(ctx, caller, id));
}

/**
 * The import history: the whole board's for a pakketbeheerder, a locatiebeheerder's own imports for them. Newest
 * first, without the changes and rejections (GET /imports/{id} has those).
 */
export async function listImports(ctx: ServiceContext, caller: Caller, limit: number) {
  const { actor } = caller;
  authorise(actor, 'import.create', { kind: 'board', boardId: actor.boardId });
  const filter = { boardId: actor.boardId, createdBy: actor.isBoardAdmin ? undefined : actor.personId };
  const [rows, total] = await Promise.all([
    findImports(ctx.db, { ...filter, limit: Math.min(limit, MAX_LISTED_IMPORTS) }),
    countImports(ctx.db, filter),
  ]);
  const items = rows.map((row) => {
    const { rejected: _rejected, changes: _changes, ...counts } = JSON.parse(row.preview) as ImportPreview;
    return {
      id: row.id,
      fileName: row.file_name,
      format: row.format,
      kind: row.kind,
      status: row.status,
      progress: progressOf(ctx, row),
      counts,
      result: resultOf(row.result),
      createdBy:
        row.created_by === null || row.first_name === null || row.last_name === null
          ? null
          : { id: row.created_by, name: displayName(row.first_name, row.infix, row.last_name) },
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  });
  return { items, nextCursor: null, total };
}

/** Discards a preview the administrator does not want (or replaces with another mapping): its roster is dropped. */
export async function discardImportPreview(ctx: ServiceContext, caller: Caller, id: string): Promise<void> {
  const row = await requireImport(ctx, caller, id);
  authorise(caller.actor, 'import.create', { kind: 'board', boardId: caller.actor.boardId });
  const changes = { preview: previewSummary(row.preview), updated_at: isoNow(ctx.clock) };
  if (!(await discardImport(ctx.db, row.board_id, row.id, changes))) throw new AppError('IMPORT_NOT_PENDING');
}

/**
 * Housekeeping, on every node every hour and when a node starts: previews not applied within a day are discarded
 * with the names they held; imports queued or running for two hours (their node stopped and no job took them up
 * again) are marked failed (`IMPORT_INTERRUPTED`), so nobody waits for them forever.
 */
export async function expireStaleImports(ctx: ServiceContext): Promise<number> {
  const now = ctx.clock.now();
  return expireImports(
    ctx.db,
    {
      staleBefore: new Date(now.getTime() - KEEP_PREVIEW_MS).toISOString(),
      stuckBefore: new Date(now.getTime() - STUCK_AFTER_MS).toISOString(),
      now: now.toISOString(),
    },
    previewSummary,
  );
}

/**
 * The temporary passwords of the students an applied import created, for the administrator to hand out (their
 * groups' sign-in cards print the same). A locatiebeheerder must still administer every location the import
 * was scoped to.
 */
export async function readImportPasswords(ctx: ServiceContext, caller: Caller, id: string) {
  const { row, newStudentIds, locationIds } = await requireAppliedImport(ctx, caller, id);
  return readNewStudentPasswords(ctx, caller, newStudentIds, {
    targetType: 'import',
    targetId: row.id,
    locationIds,
  });
}

/** The sign-in cards of the students an applied import created (same rights as their password list). */
export async function printImportCards(ctx: ServiceContext, caller: Caller, id: string): Promise<Buffer> {
  const { row, newStudentIds, locationIds } = await requireAppliedImport(ctx, caller, id);
  const readable = await studentsWithReadablePasswords(ctx, caller.actor, newStudentIds);
  return printStudentCards(
    ctx,
    caller,
    readable,
    { title: row.file_name },
    { action: 'import.cards.print', targetType: 'import', targetId: row.id, locationIds },
  );
}

/**
 * An applied import whose new students the caller may see: they may read the import and still import, and a
 * locatiebeheerder must still administer every location the import was scoped to.
 */
async function requireAppliedImport(ctx: ServiceContext, caller: Caller, id: string) {
  const row = await requireImport(ctx, caller, id);
  const scope = assertStillInScope(caller, row);
  const stored =
    row.status === 'applied' && row.result !== null ? (JSON.parse(row.result) as StoredResult) : null;
  if (!stored || 'error' in stored) throw new AppError('IMPORT_NOT_APPLIED');
  return { row, newStudentIds: stored.newStudentIds, locationIds: scope ?? [] };
}

/**
 * Step two: starts applying an import the caller may read; answers at once with its state (queued). Only one start
 * wins: the status moves from preview to queued in one conditional update. The job runner applies it (any node).
 */
export async function startImport(ctx: ServiceContext, caller: Caller, id: string): Promise<ImportView> {
  const row = await requireImport(ctx, caller, id);
  assertStillInScope(caller, row);
  const now = isoNow(ctx.clock);
  if (!(await claimImport(ctx.db, row.board_id, row.id, now))) throw new AppError('IMPORT_NOT_PENDING');
  try {
    // Ids only: the job's data is stored as it is (no names, no addresses).
    await ctx.jobs.send(APPLY_IMPORT_JOB, {
      boardId: row.board_id,
      importId: row.id,
      actorId: caller.actor.personId,
    });
  } catch (error) {
    await unclaimImport(ctx.db, row.board_id, row.id, isoNow(ctx.clock));
    throw error;
  }
  return toView(ctx, { ...row, status: 'queued', updated_at: now });
}

/**
 * The caller may still import, and a locatiebeheerder still administers every location the import was scoped to
 * when it was previewed (rights may have changed since); answers that scope (null: the whole board).
 */
function assertStillInScope(caller: Caller, row: ImportRow): string[] | null {
  const { actor } = caller;
  authorise(actor, 'import.create', { kind: 'board', boardId: actor.boardId });
  const scope = row.scope === null ? null : (JSON.parse(row.scope) as string[]);
  if (actor.isBoardAdmin) return scope;
  // A board-wide import (scope null) is a pakketbeheerder's; one who is no longer may not go on with it.
  const administered = new Set(adminLocationIds(actor));
  if (scope === null || !scope.every((locationId) => administered.has(locationId)))
    throw new AppError('FORBIDDEN');
  return scope;
}

/** For the CLI: claims and applies an import at once, in this process, as the system (no person). */
export async function applyImportNow(ctx: ServiceContext, boardId: string, id: string): Promise<ImportView> {
  const row = await findImportById(ctx.db, boardId, id);
  if (!row) throw new AppError('NOT_FOUND');
  if (!(await claimImport(ctx.db, boardId, id, isoNow(ctx.clock)))) throw new AppError('IMPORT_NOT_PENDING');
  const outcome = await applyImport(ctx, null, { ...row, status: 'queued' });
  if (outcome.status === 'failed') throw outcome.error;
  const applied = await findImportById(ctx.db, boardId, id);
  return toView(ctx, applied ?? row);
}

/** A template to fill in for an import of staff or students, as CSV (UTF-8 with BOM, `;`) or Excel. */
export async function importTemplate(
  caller: Caller,
  kind: 'staff' | 'student',
  type: 'csv' | 'xlsx',
  language: 'nl' | 'en' = 'nl',
): Promise<{ fileName: string; contentType: string; body: string | Buffer }> {
  const { actor } = caller;
  authorise(actor, 'import.create', { kind: 'board', boardId: actor.boardId });
  const names = {
    nl: { staff: 'medewerkers', student: 'leerlingen' },
    en: { staff: 'staff', student: 'students' },
  };
  const fileName = `${names[language][kind]}.${type}`;
  if (type === 'csv')
    return { fileName, contentType: 'text/csv; charset=utf-8', body: templateCsv(kind, language) };
  return {
    fileName,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    body: await templateXlsx(kind, language),
  };
}
