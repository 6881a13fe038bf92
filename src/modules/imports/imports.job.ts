import { isoNow } from '../../platform/clock.ts';
import type { ServiceContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { Job } from '../../platform/jobs/index.ts';
import { type Caller, recordAudit } from '../audit/index.ts';
import { actorOf, findPersonById } from '../people/index.ts';
import { applyPlan } from './apply.ts';
import {
  findBoardSnapshot,
  findImportById,
  finishImport,
  type ImportRow,
  lockBoardForImport,
  markImportRunning,
  updateImportById,
} from './imports.repository.ts';
import { type ImportPlan, planImport } from './plan.ts';
import type { Roster } from './roster.ts';

/** The job that applies a confirmed import (POST /imports/{id}/apply), on whichever node takes it. */
export const APPLY_IMPORT_JOB = 'import-apply';

/** How often a running import's progress is written where other nodes can read it. */
const PROGRESS_EVERY_MS = 250;

export interface Progress {
  done: number;
  total: number;
}

/**
 * Progress of the imports this process is applying. The import's own transaction holds SQLite's only writer, so
 * on SQLite (one node) progress lives here while it runs; on PostgreSQL it is also written to the import's row
 * from another connection, so every node's GET /imports/{id} shows it.
 */
const running = new WeakMap<ServiceContext['jobs'], Map<string, Progress>>();

function liveOf(ctx: ServiceContext): Map<string, Progress> {
  let live = running.get(ctx.jobs);
  if (!live) {
    live = new Map();
    running.set(ctx.jobs, live);
  }
  return live;
}

/** The progress of an import applied by this process right now, if any. */
export function liveProgress(ctx: ServiceContext, id: string): Progress | undefined {
  return liveOf(ctx).get(id);
}

/** The plan of a roster against the board as it is now (the scope decides what the importer may touch). */
export async function planFor(db: Db, boardId: string, roster: Roster, scope: Set<string> | null) {
  const snapshot = await findBoardSnapshot(db, boardId);
  const plan = planImport(roster, { ...snapshot, scope });
  const taken = new Set(
    snapshot.people.map((p) => p.username?.toLowerCase()).filter((u): u is string => u !== undefined),
  );
  return { plan, taken };
}

/** Rows an apply writes: the progress bar's total. */
function rowsOf(plan: ImportPlan): number {
  return (
    plan.locations.create.length +
    plan.locations.update.length +
    plan.groups.create.length +
    plan.groups.update.length +
    plan.staff.create.length +
    plan.students.create.length +
    plan.staff.update.length +
    plan.students.update.length +
    plan.memberships.add.length +
    plan.memberships.remove.length
  );
}

/**
 * The preview kept once an import is no longer a preview: its counts only. The changes (names with their old and
 * new values) and the rejected rows (values quoted from the file) served the decision to apply; they are not kept
 * in the history.
 */
export function previewSummary(preview: string): string {
  const {
    changes: _changes,
    rejected: _rejected,
    ...counts
  } = JSON.parse(preview) as Record<string, unknown>;
  return JSON.stringify({ ...counts, changes: [], rejected: [] });
}

/** Thrown inside the transaction when another run finished this import first: roll back, write nothing. */
class FinishedElsewhere extends Error {}

export type ApplyOutcome =
  | { status: 'applied' }
  | { status: 'failed'; error: unknown }
  | { status: 'skipped' };

/**
 * Writes a claimed import, all or nothing. Inside one transaction, with the board locked against other imports: the
 * kept roster is compared with the board as it is then (it may have changed since the preview), written, audited,
 * and the import marked applied with its result — so a crash leaves it either untouched (the job runs it again) or
 * complete. Progress goes to this process's memory and, on PostgreSQL, to the import's row from another
 * connection. A failure is recorded on the row (status failed, with its problem code); only when even that cannot
 * be written does this throw, so the job runner tries again.
 */
export async function applyImport(
  ctx: ServiceContext,
  caller: Caller | null,
  row: ImportRow,
): Promise<ApplyOutcome> {
  if (row.roster === null) return { status: 'skipped' };
  if (!(await markImportRunning(ctx.db, row.board_id, row.id, isoNow(ctx.clock))))
    return { status: 'skipped' };
  const roster = JSON.parse(row.roster) as Roster;
  const scope = row.scope === null ? null : (JSON.parse(row.scope) as string[]);

  const live = liveOf(ctx);
  let total = 0;
  let written = 0;
  const report = async (done: number) => {
    live.set(row.id, { done, total });
    const now = Date.now();
    if (ctx.dialect !== 'postgres' || now - written < PROGRESS_EVERY_MS) return;
    written = now;
    // Outside the import's transaction (another pooled connection): other nodes see it while it runs.
    await updateImportById(ctx.db, row.board_id, row.id, { progress_done: done, progress_total: total });
  };
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await lockBoardForImport(trx, row.board_id);
      const { plan, taken } = await planFor(
        trx,
        row.board_id,
        roster,
        scope === null ? null : new Set(scope),
      );
      total = rowsOf(plan);
      await report(0);
      const applied = await applyPlan(trx, ctx, row.board_id, plan, taken, report);
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
      const finished = await finishImport(trx, row.board_id, row.id, {
        status: 'applied',
        progress_done: total,
        progress_total: total,
        result: JSON.stringify(applied),
        roster: null,
        preview: previewSummary(row.preview),
        updated_at: isoNow(ctx.clock),
      });
      if (!finished) throw new FinishedElsewhere();
    });
    return { status: 'applied' };
  } catch (error) {
    if (error instanceof FinishedElsewhere) return { status: 'skipped' };
    // Conditional on still running; if this write fails too, the throw makes the job runner try again.
    await finishImport(ctx.db, row.board_id, row.id, {
      status: 'failed',
      result: JSON.stringify({ error: error instanceof AppError ? error.code : 'INTERNAL' }),
      roster: null,
      preview: previewSummary(row.preview),
      updated_at: isoNow(ctx.clock),
    });
    return { status: 'failed', error };
  } finally {
    live.delete(row.id);
  }
}

/**
 * The job: applies the import as the person who confirmed it (rebuilt from the database; a person deleted meanwhile
 * leaves the audit event without an actor). An import that is no longer queued or running (applied by an earlier
 * run) is left alone. A failed import is recorded on its row and not tried again: the same plan would fail again.
 */
export async function runApplyImportJob(ctx: ServiceContext, job: Job): Promise<void> {
  const { boardId, importId, actorId } = job.data;
  if (typeof boardId !== 'string' || typeof importId !== 'string') return;
  const row = await findImportById(ctx.db, boardId, importId);
  if (!row || (row.status !== 'queued' && row.status !== 'running')) return;
  const person = typeof actorId === 'string' ? await findPersonById(ctx.db, boardId, actorId) : undefined;
  const caller: Caller | null = person ? { actor: await actorOf(ctx.db, person), ip: null } : null;
  await applyImport(ctx, caller, row);
}

/** Registers the import jobs with the runner (every node does, so any node can apply an import). */
export function registerImportJobs(ctx: ServiceContext): void {
  ctx.jobs.register(APPLY_IMPORT_JOB, (job) => runApplyImportJob(ctx, job));
}
