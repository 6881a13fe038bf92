import { loadConfig } from '../src/config.ts';
import { type SeedResult, seedBoard } from '../src/demo/seed.ts';
import { openRuntime } from '../src/platform/runtime.ts';
import type { BenchDatabase } from './support/database.ts';
import { emit, log } from './support/report.ts';

/** 100,000 students in 4,000 groups of 25 over 20 schools, 14 teachers per school: a large board. */
export const BENCH_SHAPE = {
  seed: 42,
  locations: 20,
  groupsPerLocation: 200,
  studentsPerGroup: 25,
  vary: false,
  teachersPerLocation: 14,
};
export const BENCH_PASSWORD = 'bench-wachtwoord-2026';

/**
 * Benchmark 1: the bulk seed through `seedBoard` (after the migrations, as `schoolpas serve` runs them):
 * one transaction of multi-row inserts, then ANALYZE. The duration covers both.
 */
export async function seedBenchmark(database: BenchDatabase): Promise<SeedResult> {
  const config = loadConfig({
    DATABASE_URL: database.url,
    SCHOOLPAS_DATA_DIR: database.dataDir,
    LOG_LEVEL: 'silent',
  });
  const { ctx, handle } = await openRuntime(config);
  try {
    log(`${database.dialect}: seeding ${BENCH_SHAPE.locations * BENCH_SHAPE.groupsPerLocation} groups …`);
    const result = await seedBoard(ctx, { ...BENCH_SHAPE, password: BENCH_PASSWORD });
    const { counts } = result;
    const rows = counts.locations + counts.groups + counts.staff + counts.students + counts.memberships;
    emit({
      name: 'seed.duration',
      dialect: database.dialect,
      value: result.durationMs / 1000,
      unit: 's',
      rowsPerSecond: Math.round(rows / (result.durationMs / 1000)),
      ...counts,
    });
    return result;
  } finally {
    await handle.close();
  }
}
