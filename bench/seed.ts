import { sql } from 'kysely';
import { loadConfig } from '../src/config.ts';
import { Random } from '../src/demo/names.ts';
import { type SeedResult, seedBoard } from '../src/demo/seed.ts';
import { openPictureSequence, PICTURES, sealPictureSequence } from '../src/modules/credentials/index.ts';
import type { ServiceContext } from '../src/platform/context.ts';
import { analyzeDatabase } from '../src/platform/db/index.ts';
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
/** The chosen password of every student whose group signs in with a password. */
export const BENCH_STUDENT_PASSWORD = 'fiets-appel-26';

/** A student who can sign in: by picture sequence (when `sequence` is set) or with BENCH_STUDENT_PASSWORD. */
export interface BenchStudent {
  id: string;
  /** Index of the student's school in `locationIds`. */
  location: number;
  sequence?: string[];
}

export interface BenchSeed extends SeedResult {
  /** Students of groups that sign in with pictures, each with their own (sealed) picture password. */
  pictureStudents: BenchStudent[];
  /** Students of groups that sign in with a password, all with BENCH_STUDENT_PASSWORD (one shared hash). */
  passwordStudents: BenchStudent[];
}

/**
 * Makes every student able to sign in by their group's method. The demo seed gives picture groups (groups 1–3)
 * a sealed picture password each, which is read back here (a student without one gets a random two-picture
 * sequence, sealed as the API seals it); students of password groups get an Argon2id hash of
 * BENCH_STUDENT_PASSWORD, computed once and shared, in place of their temporary password, as if they had chosen
 * it. Bulk updates in one transaction, then ANALYZE (VACUUM ANALYZE on PostgreSQL: the updates leave a dead
 * version of every row they touch).
 */
async function seedCredentials(ctx: ServiceContext, seed: SeedResult) {
  const started = performance.now();
  const rows = await ctx.db
    .selectFrom('memberships')
    .innerJoin('groups', 'groups.id', 'memberships.group_id')
    .innerJoin('people', 'people.id', 'memberships.person_id')
    .select([
      'memberships.person_id as id',
      'memberships.location_id',
      'groups.sign_in_method',
      'people.picture_password',
    ])
    .where('memberships.board_id', '=', seed.boardId)
    .where('memberships.kind', '=', 'student')
    .orderBy('memberships.person_id')
    .execute();
  const locationIndex = new Map(seed.locationIds.map((id, index) => [id, index]));
  const random = new Random(BENCH_SHAPE.seed);
  const pictureStudents: BenchStudent[] = [];
  const passwordStudents: BenchStudent[] = [];
  const newSequences: BenchStudent[] = [];
  for (const row of rows) {
    const location = locationIndex.get(row.location_id) ?? 0;
    if (row.sign_in_method === 'pictures') {
      const stored = openPictureSequence(ctx.secrets, row.picture_password);
      const sequence = stored ?? [0, 1].map(() => PICTURES[random.int(0, PICTURES.length - 1)]?.id ?? '');
      pictureStudents.push({ id: row.id, location, sequence });
      if (!stored) newSequences.push({ id: row.id, location, sequence });
    } else if (row.sign_in_method === 'password') {
      passwordStudents.push({ id: row.id, location });
    }
  }
  const passwordHash = await ctx.passwords.hash(BENCH_STUDENT_PASSWORD);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('people')
      .set({ password_hash: passwordHash, temporary_password: null, must_change_password: 0 })
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('memberships')
          .innerJoin('groups', 'groups.id', 'memberships.group_id')
          .select('memberships.person_id')
          .where('memberships.board_id', '=', seed.boardId)
          .where('memberships.kind', '=', 'student')
          .where('groups.sign_in_method', '=', 'password'),
      )
      .execute();
    // One statement per 500 students: a VALUES list of (id, sealed sequence), the same SQL on both databases.
    for (let start = 0; start < newSequences.length; start += 500) {
      const chunk = newSequences.slice(start, start + 500);
      const values = sql.join(
        chunk.map((s) => sql`(${s.id}, ${sealPictureSequence(ctx.secrets, s.sequence ?? [])})`),
      );
      await sql`with v(id, sealed) as (values ${values})
        update people set picture_password = (select v.sealed from v where v.id = people.id)
        where people.id in (select v.id from v)`.execute(trx);
    }
  });
  await analyzeDatabase(ctx.db);
  return {
    pictureStudents,
    passwordStudents,
    added: newSequences.length,
    durationMs: performance.now() - started,
  };
}

/**
 * Benchmark 1: the bulk seed through `seedBoard` (after the migrations, as `schoolpas serve` runs them):
 * one transaction of multi-row inserts, then ANALYZE. The duration covers both. Then the students' credentials
 * (see seedCredentials), timed on their own.
 */
export async function seedBenchmark(database: BenchDatabase): Promise<BenchSeed> {
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
    log(`${database.dialect}: giving students picture passwords and passwords …`);
    const credentials = await seedCredentials(ctx, result);
    emit({
      name: 'seed.credentials.duration',
      dialect: database.dialect,
      value: credentials.durationMs / 1000,
      unit: 's',
      pictureStudents: credentials.pictureStudents.length,
      picturePasswordsAdded: credentials.added,
      passwordStudents: credentials.passwordStudents.length,
    });
    return {
      ...result,
      pictureStudents: credentials.pictureStudents,
      passwordStudents: credentials.passwordStudents,
    };
  } finally {
    await handle.close();
  }
}
