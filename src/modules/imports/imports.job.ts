import { isoNow } from '../../platform/clock.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { Job } from '../../platform/jobs/index.ts';
import { type Caller, recordAudit } from '../audit/index.ts';
import { actorOf, findPersonById } from '../people/index.ts';
import { applyPlan } from './apply.ts';
import {
  findBoardSnapshot,
  findImportById,
  type ImportRow,
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
export async function planFor(
  ctx: ServiceContext,
  boardId: string,
  roster: Roster,
  scope: Set<string> | null,
) {
  const snapshot = await findBoardSnapshot(ctx.db, boardId);
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
 * Writes a claimed import, all or nothing, comparing the kept roster with the board as it is at that moment (it
 * may have changed since the preview). Progress goes to the import's row (and this process's memory); the result
 * replaces the roster, which is dropped: names are not kept in the history. A failure is recorded on the row
 * (status failed, with its problem code) and thrown. Answers false when the import was not queued or running.
 */
export async function applyImport(
  ctx: ServiceContext,
  caller: Caller | null,
  row: ImportRow,
): Promise<boolean> {
  if (row.roster === null) return false;
  const roster = JSON.parse(row.roster) as Roster;
  const scope = row.scope === null ? null : (JSON.parse(row.scope) as string[]);
  const { plan, taken } = await planFor(ctx, row.board_id, roster, scope === null ? null : new Set(scope));
  const total = rowsOf(plan);
  if (!(await markImportRunning(ctx.db, row.board_id, row.id, total, isoNow(ctx.clock)))) return false;

  const live = liveOf(ctx);
  live.set(row.id, { done: 0, total });
  let written = 0;
  const report = async (done: number) => {
    live.set(row.id, { done, total });
    const now = Date.now();
    if (ctx.dialect !== 'postgres' || now - written < PROGRESS_EVERY_MS) return;
    written = now;
    // Outside the import's transaction (another pooled connection): other nodes see it while it runs.
    await updateImportById(ctx.db, row.board_id, row.id, { progress_done: done });
  };
  try {
    const result = await ctx.db.transaction().execute(async (trx) => {
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
      return applied;
    });
    await updateImportById(ctx.db, row.board_id, row.id, {
      status: 'applied',
      progress_done: total,
      progress_total: total,
      result: JSON.stringify(result),
      roster: null,
      updated_at: isoNow(ctx.clock),
    });
    return true;
  } catch (error) {
    await updateImportById(ctx.db, row.board_id, row.id, {
      status: 'failed',
      result: JSON.stringify({ error: error instanceof AppError ? error.code : 'INTERNAL' }),
      roster: null,
      updated_at: isoNow(ctx.clock),
    });
    throw error;
  } finally {
    live.delete(row.id);
  }
}

/**
 * The job: applies the import as the person who confirmed it (rebuilt from the database: their rights may have
 * changed; a person deleted meanwhile leaves the audit event without an actor). An import that is no longer
 * queued (applied by an earlier run) is left alone. A failed import is recorded on its row and not retried.
 */
export async function runApplyImportJob(ctx: ServiceContext, job: Job): Promise<void> {
  const { boardId, importId, actorId, ip } = job.data;
  if (typeof boardId !== 'string' || typeof importId !== 'string') return;
  const row = await findImportById(ctx.db, boardId, importId);
  if (!row || (row.status !== 'queued' && row.status !== 'running')) return;
  const person = typeof actorId === 'string' ? await findPersonById(ctx.db, boardId, actorId) : undefined;
  const caller: Caller | null = person
    ? { actor: await actorOf(ctx.db, person), ip: typeof ip === 'string' ? ip : null }
    : null;
  try {
    await applyImport(ctx, caller, row);
  } catch {
    // Recorded on the import's row for the console; running the same failing plan again would fail again.
  }
}

/** Registers the import jobs with the runner (every node does, so any node can apply an import). */
export function registerImportJobs(ctx: ServiceContext): void {
  ctx.jobs.register(APPLY_IMPORT_JOB, (job) => runApplyImportJob(ctx, job));
}
