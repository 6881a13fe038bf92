// One step of the import benchmark in a process of its own (see bench/imports.ts), so that the peak memory it
// reports is this step's alone, not the generator's or an earlier step's. Usage:
//   node --import tsx bench/support/import-child.ts '<ImportChildTask as JSON>'
// Prints JSON lines on stdout (the preview's as soon as it is done); together they make an ImportChildResult.
import fs from 'node:fs';
import { loadConfig } from '../../src/config.ts';
import { insertNewBoard } from '../../src/modules/boards/index.ts';
import { generateTemporaryPassword } from '../../src/modules/credentials/index.ts';
import { applyImportNow, previewImportForBoard } from '../../src/modules/imports/index.ts';
import {
  emailKeyOf,
  insertPeople,
  NO_CREDENTIALS,
  nameColumns,
  type PersonRow,
} from '../../src/modules/people/index.ts';
import { insertInChunks } from '../../src/platform/db/index.ts';
import { newId } from '../../src/platform/ids.ts';
import { openRuntime } from '../../src/platform/runtime.ts';
import { FIRST_NAMES, INFIXES, LAST_NAMES, pad, pick } from './edexml-file.ts';

export type ImportChildTask =
  /** Opens the runtime and loads the import code, then only reports its memory: the baseline of a child. */
  | { mode: 'idle'; databaseUrl: string; dataDir: string }
  /** Inserts `rows` people rows of the import's shape into a new board in one transaction; reports the time. */
  | { mode: 'raw'; databaseUrl: string; dataDir: string; rows: number }
  /** Previews the file and applies it (previewImportForBoard + applyImportNow, as `schoolpas import` does). */
  | {
      mode: 'import';
      databaseUrl: string;
      dataDir: string;
      boardId: string;
      file: string;
      kind?: 'staff' | 'student';
    };

export interface ImportChildResult {
  /** VmRSS after the runtime is open and the import code loaded, before any file is read (MB). */
  idleRssMb: number;
  /** VmHWM at the end: the process's peak resident set (MB). */
  peakRssMb: number;
  rawSeconds?: number;
  previewSeconds?: number;
  /** VmHWM right after the preview (MB). */
  previewPeakRssMb?: number;
  applySeconds?: number;
  preview?: unknown;
  result?: unknown;
  status?: string;
}

function statusMb(field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(
    fs.readFileSync('/proc/self/status', 'utf8'),
  );
  return match?.[1] ? Number(match[1]) / 1024 : Number.NaN;
}

/** A result as counts: lists (of new students' ids, in some versions of the service) become their length. */
const withoutIds = (result: object | null) =>
  result && Object.fromEntries(Object.entries(result).map(([k, v]) => [k, Array.isArray(v) ? v.length : v]));

const seconds = (since: number) => (performance.now() - since) / 1000;

/** People rows as applyPlan builds them for new students (sealed temporary password, username, source key). */
function rawPeopleRows(boardId: string, count: number, seal: (text: string) => string): PersonRow[] {
  const now = new Date().toISOString();
  return Array.from({ length: count }, (_, i): PersonRow => {
    const username = `raw.student${i}`;
    return {
      id: newId(),
      board_id: boardId,
      kind: 'student',
      ...nameColumns({
        firstName: pick(FIRST_NAMES, i),
        infix: pick(INFIXES, i) || null,
        lastName: pick(LAST_NAMES, i * 7),
      }),
      email: null,
      email_key: emailKeyOf(null),
      username,
      username_key: username,
      language: 'nl',
      is_board_admin: 0,
      sign_in_method: null,
      privacy_consent: 0,
      password_hash: null,
      must_change_password: 1,
      ...NO_CREDENTIALS,
      temporary_password: seal(generateTemporaryPassword()),
      source_key: `L${pad(i, 7)}`,
      eck_id: `https://id.school/LL_raw_${i}`,
      created_at: now,
      updated_at: now,
    };
  });
}

async function run(task: ImportChildTask): Promise<ImportChildResult> {
  const config = loadConfig({
    DATABASE_URL: task.databaseUrl,
    SCHOOLPAS_DATA_DIR: task.dataDir,
    LOG_LEVEL: 'silent',
  });
  const { ctx, handle } = await openRuntime(config);
  try {
    const idleRssMb = statusMb('VmRSS');
    if (task.mode === 'idle') return { idleRssMb, peakRssMb: statusMb('VmHWM') };
    if (task.mode === 'raw') {
      const board = await insertNewBoard(ctx.db, ctx, 'Raw insert');
      const rows = rawPeopleRows(board.id, task.rows, (text) => ctx.secrets.seal(text));
      const started = performance.now();
      await ctx.db.transaction().execute((trx) => insertInChunks(trx, rows, insertPeople));
      return { idleRssMb, peakRssMb: statusMb('VmHWM'), rawSeconds: seconds(started) };
    }
    const data = fs.readFileSync(task.file);
    const name = task.file.slice(task.file.lastIndexOf('/') + 1);
    let started = performance.now();
    const preview = await previewImportForBoard(ctx, task.boardId, { name, data }, { kind: task.kind });
    const previewSeconds = seconds(started);
    // Said at once: when apply takes longer than the benchmark waits, the preview's figures are still known.
    process.stdout.write(`${JSON.stringify({ previewSeconds, previewPeakRssMb: statusMb('VmHWM') })}\n`);
    started = performance.now();
    const applied = await applyImportNow(ctx, task.boardId, preview.id);
    const applySeconds = seconds(started);
    const { rejected, changes, ...counts } = preview.preview;
    return {
      idleRssMb,
      peakRssMb: statusMb('VmHWM'),
      previewSeconds,
      applySeconds,
      preview: { ...counts, rejected: rejected.length, changes: changes.length },
      result: withoutIds(applied.result),
      status: applied.status,
    };
  } finally {
    await handle.close();
  }
}

const task = JSON.parse(process.argv[2] ?? '{}') as ImportChildTask;
process.stdout.write(`${JSON.stringify(await run(task))}\n`);
