// `npm run bench`: every benchmark, on SQLite and on PostgreSQL (BENCH_DIALECTS=sqlite for one), printing one
// JSON line per figure on stdout and writing the summary table to docs/benchmarks.md. Never fails on a time.
// `npm run bench -- --quick` (or BENCH_QUICK=1) shortens the morning peak to 30 s and the 80 % load run to 10 s,
// for trying (and imports a tenth of the board); BENCH_ONLY=picture-sign-in,morning-peak runs only those (after the
// seed; BENCH_ONLY=imports needs no seed). Neither writes the docs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import type { DialectName } from '../src/platform/db/index.ts';
import { IMPORT_SHAPE, importsBenchmark } from './imports.ts';
import { MORNING, morningPeakBenchmark } from './morning-peak.ts';
import { nameSearchBenchmark } from './name-search.ts';
import { pictureSignInBenchmark } from './picture-sign-in.ts';
import { BENCH_PASSWORD, BENCH_SHAPE, seedBenchmark } from './seed.ts';
import { signInBenchmark } from './sign-in.ts';
import { studentsListBenchmark } from './students-list.ts';
import { createBenchDatabase, postgresFacts } from './support/database.ts';
import { signIn } from './support/http.ts';
import { type Child, startHelloWorld, startSchoolpas } from './support/processes.ts';
import { emit, type Figure, figures, log } from './support/report.ts';

const number = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};
const HTTP_BENCHES = ['students-list', 'name-search', 'sign-in', 'picture-sign-in', 'morning-peak'] as const;
// The import benchmark needs neither the seeded board nor the server: it makes its own databases.
const BENCHES = [...HTTP_BENCHES, 'imports'] as const;
const quick = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const only = process.env.BENCH_ONLY?.split(',').map((b) => b.trim());
for (const name of only ?? [])
  if (!(BENCHES as readonly string[]).includes(name))
    throw new Error(`BENCH_ONLY: no benchmark "${name}" (there are ${BENCHES.join(', ')})`);
const settings = {
  dialects: (process.env.BENCH_DIALECTS ?? 'sqlite,postgres')
    .split(',')
    .map((d) => d.trim())
    .filter((d): d is DialectName => d === 'sqlite' || d === 'postgres'),
  durationSeconds: number('BENCH_DURATION', 10),
  connections: number('BENCH_CONNECTIONS', 10),
  signInConcurrency: number('BENCH_SIGNIN_CONCURRENCY', 8),
  searches: number('BENCH_SEARCHES', 500),
  openLoopSeconds: number('BENCH_OPEN_LOOP_DURATION', quick ? 10 : 20),
  morningSeconds: number('BENCH_MORNING_DURATION', quick ? 30 : MORNING.seconds),
  benches: only ?? BENCHES,
  writeDocs:
    process.env.BENCH_WRITE_DOCS === '1' || (process.env.BENCH_WRITE_DOCS !== '0' && !quick && !only),
};
const runs = (bench: (typeof BENCHES)[number]) => (settings.benches as readonly string[]).includes(bench);

const cleanups: (() => Promise<void>)[] = [];
process.once('SIGINT', () => {
  log('interrupted: stopping servers and dropping databases');
  void Promise.allSettled(cleanups.map((c) => c())).then(() => process.exit(130));
});

async function runDialect(dialect: DialectName): Promise<void> {
  if (HTTP_BENCHES.some(runs)) await runHttpBenches(dialect);
  if (runs('imports'))
    await importsBenchmark(dialect, {
      quick,
      onInterrupt(cleanup) {
        cleanups.push(cleanup);
        return () => {
          if (cleanups.includes(cleanup)) cleanups.splice(cleanups.indexOf(cleanup), 1);
        };
      },
    });
}

async function runHttpBenches(dialect: DialectName): Promise<void> {
  const database = await createBenchDatabase(dialect);
  const children: Child[] = [];
  const cleanup = async () => {
    await Promise.allSettled(children.map((c) => c.stop()));
    await database.drop();
  };
  cleanups.push(cleanup);
  try {
    const seed = await seedBenchmark(database);
    const server = await startSchoolpas(database.url, database.dataDir);
    children.push(server);
    const hello = await startHelloWorld();
    children.push(hello);
    const cookie = await signIn(server.baseUrl, seed.adminEmail, BENCH_PASSWORD);
    const own = async () => [
      ...[process.pid, server.pid, hello.pid].map((pid) => ({ pid })),
      ...(await database.serverProcesses()),
    ];
    const context = {
      own,
      dialect,
      server,
      hello,
      cookie,
      seed,
      durationSeconds: settings.durationSeconds,
      connections: settings.connections,
    };
    if (runs('students-list')) await studentsListBenchmark(context);
    if (runs('name-search')) await nameSearchBenchmark(context, settings.searches);
    if (runs('sign-in')) await signInBenchmark(context, settings.signInConcurrency, settings.openLoopSeconds);
    if (runs('picture-sign-in')) await pictureSignInBenchmark(context);
    if (runs('morning-peak')) await morningPeakBenchmark(context, settings.morningSeconds);
  } finally {
    await cleanup();
    cleanups.splice(cleanups.indexOf(cleanup), 1);
  }
}

function cell(value: number | undefined, unit = ''): string {
  if (value === undefined || Number.isNaN(value)) return '–';
  const text = value >= 100 ? Math.round(value).toLocaleString('en-US') : String(value);
  return unit ? `${text} ${unit}` : text;
}

/** A throughput ratio reads best as a share of the limit, a latency or memory ratio as a multiple. */
function ratioCell(f: Figure): string {
  if (f.ratio === undefined) return '–';
  return f.unit === 'ms' || f.unit === 's' || f.unit === 'MB'
    ? `× ${Math.round(f.ratio * 10) / 10}`
    : `${Math.round(f.ratio * 1000) / 10} %`;
}

function table(rows: Figure[]): string {
  const lines = [
    '| Benchmark | Database | Result | Limit measured in the same run | Ratio | Goal | Met | Other load |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const f of rows) {
    const limit =
      f.limit === undefined ? '–' : `${cell(f.limit, String(f.limitUnit ?? f.unit))} (${f.limitName ?? ''})`;
    const met = f.met === undefined ? '–' : f.met ? 'yes' : '**no**';
    const other = typeof f.otherCpuCores === 'number' ? `${f.otherCpuCores} cores` : '–';
    lines.push(
      `| ${f.name} | ${f.dialect} | ${cell(f.value, f.unit)} | ${limit} | ${ratioCell(f)} | ${f.goal ?? '–'} | ${met} | ${other} |`,
    );
  }
  return lines.join('\n');
}

function writeDocs(facts: Record<string, string>, started: Date, elapsedSeconds: number): void {
  const file = path.resolve(import.meta.dirname, '../docs/benchmarks.md');
  const summary = [
    '<!-- bench:start (written by `npm run bench`; edit outside these markers) -->',
    `Run of ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC, ${Math.round(elapsedSeconds)} s in all.`,
    '',
    `Machine: ${facts.machine}. ${facts.software}.`,
    '',
    '"Other load": cores used by processes outside the benchmark while the figure was measured (each ' +
      'measurement waits for a quiet machine and is repeated, up to three times, when that exceeds a quarter core).',
    '',
    `Board: ${BENCH_SHAPE.locations} schools × ${BENCH_SHAPE.groupsPerLocation} groups × ` +
      `${BENCH_SHAPE.studentsPerGroup} students (${(BENCH_SHAPE.locations * BENCH_SHAPE.groupsPerLocation * BENCH_SHAPE.studentsPerGroup).toLocaleString('en-US')}), ` +
      `${BENCH_SHAPE.teachersPerLocation} teachers and 5 other staff per school. ` +
      `HTTP load: autocannon, ${settings.connections} connections, ${settings.durationSeconds} s after a 2 s warm-up; ` +
      `sign-ins ${settings.signInConcurrency} at a time, then an open loop at 80 % of the measured rate for ` +
      `${settings.openLoopSeconds} s; ${settings.searches} sequential searches; picture sign-ins with ` +
      `${settings.connections} connections; morning peak ` +
      `${Math.round((MORNING.students * settings.morningSeconds) / MORNING.seconds).toLocaleString('en-US')} ` +
      `students in ${settings.morningSeconds} s. ` +
      `Imports: an EDEXML file and a students CSV plus a staff CSV of ` +
      `${(IMPORT_SHAPE.locations * IMPORT_SHAPE.groupsPerLocation * IMPORT_SHAPE.studentsPerGroup).toLocaleString('en-US')} ` +
      `students in ${(IMPORT_SHAPE.locations * IMPORT_SHAPE.groupsPerLocation).toLocaleString('en-US')} groups over ` +
      `${IMPORT_SHAPE.locations} locations and ${IMPORT_SHAPE.staff.toLocaleString('en-US')} staff, each into an empty board. ` +
      `${facts.postgresNote ?? ''}`,
    '',
    table(figures.filter((f) => f.dialect !== 'machine')),
    '<!-- bench:end -->',
  ].join('\n');
  const intro =
    '# Benchmarks\n\n`npm run bench` (`tsx bench/run.ts`) measures a large board on SQLite and PostgreSQL and ' +
    'compares every figure with a limit measured on the same machine in the same run. The table below is ' +
    'rewritten by each run; the notes after it are not.\n\n';
  const current = fs.existsSync(file)
    ? fs.readFileSync(file, 'utf8')
    : `${intro}<!-- bench:start -->\n<!-- bench:end -->\n`;
  const next = current.replace(/<!-- bench:start[\s\S]*?<!-- bench:end -->/, summary);
  fs.writeFileSync(file, next.includes(summary) ? next : `${current}\n${summary}\n`);
  log(`wrote ${path.relative(process.cwd(), file)}`);
}

async function main(): Promise<void> {
  const started = new Date();
  const cpus = os.cpus();
  const sqliteVersion = (() => {
    const db = new SqliteDatabase(':memory:');
    const version = (db.prepare('select sqlite_version() as v').get() as { v: string }).v;
    db.close();
    return version;
  })();
  const facts: Record<string, string> = {
    machine: `${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, ${os.platform()} ${os.release()}`,
    software: `Node ${process.version}, SQLite ${sqliteVersion} (better-sqlite3)`,
  };
  if (settings.dialects.includes('postgres')) {
    const pg = await postgresFacts();
    facts.software += `, PostgreSQL ${pg.version}`;
    facts.postgresNote = `PostgreSQL autovacuum: ${pg.autovacuum}.`;
  }
  emit({ name: 'machine.cores', dialect: 'machine', value: cpus.length, unit: 'cores', ...facts });
  for (const dialect of settings.dialects) await runDialect(dialect);
  const elapsedSeconds = (Date.now() - started.getTime()) / 1000;
  log(`done in ${Math.round(elapsedSeconds)} s`);
  if (settings.writeDocs) writeDocs(facts, started, elapsedSeconds);
}

await main();
