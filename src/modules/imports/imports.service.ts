import { isoNow } from '../../platform/clock.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { adminLocationIds, authorise } from '../access/index.ts';
import { type Caller, recordAudit } from '../audit/index.ts';
import { getBoardSettings } from '../boards/index.ts';
import { type ApplyResult, applyPlan } from './apply.ts';
import {
  claimImport,
  findBoardSnapshot,
  findImportById,
  type ImportRow,
  insertImport,
  updateImportById,
} from './imports.repository.ts';
import { planImport, previewOf } from './plan.ts';
import { type ReadOptions, readRoster } from './read.ts';
import { ImportFileError, type Roster } from './roster.ts';
import { templateCsv, templateXlsx } from './tabular.ts';

export type ImportPreview = ReturnType<typeof previewOf>;

export interface ImportView {
  id: string;
  fileName: string;
  format: string;
  status: ImportRow['status'];
  progress: { done: number; total: number };
  preview: ImportPreview;
  result: ApplyResult | null;
  createdAt: string;
  updatedAt: string;
}

function toView(row: ImportRow): ImportView {
  return {
    id: row.id,
    fileName: row.file_name,
    format: row.format,
    status: row.status,
    progress: { done: row.progress_done, total: row.progress_total },
    preview: JSON.parse(row.preview) as ImportPreview,
    result: row.result === null ? null : (JSON.parse(row.result) as ApplyResult),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The locations an importer may touch: null for a pakketbeheerder (the whole board). */
function scopeOf(caller: Caller | null): Set<string> | null {
  return caller === null || caller.actor.isBoardAdmin ? null : new Set(adminLocationIds(caller.actor));
}

/** Reads a file; a whole-file problem becomes its stable problem code. */
async function read(file: Buffer, fileName: string, options: ReadOptions): Promise<Roster> {
  try {
    return await readRoster(file, fileName, options);
  } catch (error) {
    if (error instanceof ImportFileError) throw new AppError(error.problem, error.message);
    throw error;
  }
}

/** The plan of a roster against the board as it is now (the scope decides what the importer may touch). */
async function planFor(ctx: ServiceContext, boardId: string, roster: Roster, scope: Set<string> | null) {
  const snapshot = await findBoardSnapshot(ctx.db, boardId);
  const plan = planImport(roster, { ...snapshot, scope });
  const taken = new Set(
    snapshot.people.map((p) => p.username?.toLowerCase()).filter((u): u is string => u !== undefined),
  );
  return { plan, taken };
}

/**
 * Step one of an import: reads the file, compares it with the board and keeps the parsed roster (only what
 * Schoolpas stores; never the file) with its preview. Nothing of the board changes until it is applied.
 */
export async function previewImport(
  ctx: ServiceContext,
  caller: Caller,
  file: { name: string; data: Buffer },
  options: ReadOptions = {},
): Promise<ImportView> {
  const { actor } = caller;
  authorise(actor, 'import.create', { kind: 'board', boardId: actor.boardId });
  return createPreview(ctx, actor.boardId, actor.personId, scopeOf(caller), file, options);
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
  const roster = await read(file.data, file.name, options);
  const { plan } = await planFor(ctx, boardId, roster, scope);
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
  return toView(row);
}

async function requireImport(ctx: ServiceContext, caller: Caller, id: string): Promise<ImportRow> {
  const { actor } = caller;
  const row = await findImportById(ctx.db, actor.boardId, id);
  if (!row) throw new AppError('NOT_FOUND');
  authorise(actor, 'import.read', { kind: 'person', boardId: actor.boardId, personId: row.created_by ?? '' });
  return row;
}

export async function getImport(ctx: ServiceContext, caller: Caller, id: string): Promise<ImportView> {
  return toView(await requireImport(ctx, caller, id));
}

/**
 * Step two: writes the import, all or nothing, comparing the kept roster with the board as it is at that moment
 * (it may have changed since the preview). Progress is kept on the import's row. Answers when it is done; the
 * HTTP route runs it in the background and the console polls GET /imports/{id}.
 */
export async function applyImport(
  ctx: ServiceContext,
  caller: Caller | null,
  row: ImportRow,
): Promise<ImportView> {
  if (row.status !== 'queued' || row.roster === null) throw new AppError('IMPORT_NOT_PENDING');
  const roster = JSON.parse(row.roster) as Roster;
  const scope = row.scope === null ? null : (JSON.parse(row.scope) as string[] | null);
  const { plan, taken } = await planFor(ctx, row.board_id, roster, scope === null ? null : new Set(scope));
  const total =
    plan.locations.create.length +
    plan.locations.update.length +
    plan.groups.create.length +
    plan.groups.update.length +
    plan.staff.create.length +
    plan.students.create.length +
    plan.staff.update.length +
    plan.students.update.length +
    plan.memberships.add.length +
    plan.memberships.remove.length;
  await updateImportById(ctx.db, row.board_id, row.id, {
    status: 'running',
    progress_total: total,
    updated_at: isoNow(ctx.clock),
  });
  try {
    const result = await ctx.db.transaction().execute(async (trx) => {
      const applied = await applyPlan(trx, ctx, row.board_id, plan, taken);
      await recordAudit(trx, ctx, caller, {
        boardId: row.board_id,
        action: 'import.apply',
        targetType: 'import',
        targetId: row.id,
        after: {
          fileName: row.file_name,
          format: row.format,
          created: applied.created,
          updated: applied.updated,
        },
        locationIds: scope ?? [],
      });
      return applied;
    });
    const done = {
      status: 'applied' as const,
      progress_done: total,
      result: JSON.stringify(result),
      // The roster has served its purpose: names are not kept in the import's history.
      roster: null,
      updated_at: isoNow(ctx.clock),
    };
    await updateImportById(ctx.db, row.board_id, row.id, done);
    return toView({ ...row, ...done, progress_total: total });
  } catch (error) {
    await updateImportById(ctx.db, row.board_id, row.id, {
      status: 'failed',
      result: JSON.stringify({ error: error instanceof AppError ? error.code : 'INTERNAL' }),
      updated_at: isoNow(ctx.clock),
    });
    throw error;
  }
}

/**
 * Starts applying an import the caller may read; answers at once with its state (queued). Only one start wins:
 * the status moves from preview to queued in one conditional update.
 */
export async function startImport(ctx: ServiceContext, caller: Caller, id: string): Promise<ImportView> {
  const row = await requireImport(ctx, caller, id);
  authorise(caller.actor, 'import.create', { kind: 'board', boardId: caller.actor.boardId });
  if (!(await claimImport(ctx.db, row.board_id, row.id, isoNow(ctx.clock))))
    throw new AppError('IMPORT_NOT_PENDING');
  const queued = { ...row, status: 'queued' as const };
  // In-process for now; the job runner of the architecture (pg-boss on PostgreSQL) takes this over.
  setImmediate(() => {
    applyImport(ctx, caller, queued).catch(() => {
      // The failure is recorded on the import's row (status failed) for the console to show.
    });
  });
  return toView(queued);
}

/** For the CLI: claims and applies an import at once, as the system (no person). */
export async function applyImportNow(ctx: ServiceContext, boardId: string, id: string): Promise<ImportView> {
  const row = await findImportById(ctx.db, boardId, id);
  if (!row) throw new AppError('NOT_FOUND');
  if (!(await claimImport(ctx.db, boardId, id, isoNow(ctx.clock)))) throw new AppError('IMPORT_NOT_PENDING');
  return applyImport(ctx, null, { ...row, status: 'queued' });
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
