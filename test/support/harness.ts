import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { FastifyInstance } from 'fastify';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import type { Clock } from '../../src/platform/clock.ts';
import type { ServiceContext } from '../../src/platform/context.ts';
import {
  type DatabaseHandle,
  type DialectName,
  migrateToLatest,
  openDatabase,
} from '../../src/platform/db/index.ts';
import { createJobQueue } from '../../src/platform/jobs/index.ts';
import type { Mailer, MailMessage } from '../../src/platform/mailer.ts';
import type { PasswordHasher } from '../../src/platform/passwords.ts';
import { createSecretBox, type SecretBox } from '../../src/platform/secrets.ts';

/**
 * Tests run once per database named in DIALECTS (default: both). Every test file gets its own fresh
 * database: an in-memory SQLite one, or a new PostgreSQL database created for the file and dropped after.
 */
export const DIALECTS: DialectName[] = (process.env.DIALECTS ?? 'sqlite,postgres')
  .split(',')
  .map((d) => d.trim())
  .filter((d): d is DialectName => d === 'sqlite' || d === 'postgres');

export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Argon2id with small costs: real hashes, cheap enough to create hundreds of accounts per test file. */
export const testHasher: PasswordHasher = {
  hash: (password) => hash(password, { algorithm: 2, memoryCost: 1024, timeCost: 1, parallelism: 1 }),
  async verify(passwordHash, password) {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  },
};

/** Captures mail instead of sending it; tests that need a real SMTP peer build their own mailer. */
export const testMailer: Mailer & { sent: MailMessage[] } = {
  configured: true,
  sent: [],
  async send(message) {
    this.sent.push(message);
  },
};

/** A key ring with one fresh random key, as a new installation has. */
export function testSecrets(): SecretBox {
  return createSecretBox(new Map([['t1', randomBytes(32)]]), 't1');
}

/** A clock tests can move. */
export class TestClock implements Clock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
  /** Pauses are recorded, not waited: a test asserts them instead of sitting through them. */
  readonly pauses: number[] = [];
  async sleep(ms: number): Promise<void> {
    this.pauses.push(ms);
  }
}

export interface TestEnv {
  dialect: DialectName;
  app: FastifyInstance;
  ctx: ServiceContext;
  clock: TestClock;
  /** The database's URL, to open a second connection pool as another node would (sqlite::memory: cannot). */
  url: string;
}

async function withAdmin<T>(run: (admin: Kysely<unknown>) => Promise<T>): Promise<T> {
  const admin = new Kysely<unknown>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: POSTGRES_ADMIN_URL, max: 1 }) }),
  });
  try {
    return await run(admin);
  } finally {
    await admin.destroy();
  }
}

/** A fresh, migrated database of the dialect; `drop` removes it again. */
export async function freshDatabase(
  dialect: DialectName,
  options: { sqliteFile?: string } = {},
): Promise<{ handle: DatabaseHandle; url: string; drop(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const url = `sqlite:${options.sqliteFile ?? ':memory:'}`;
    const handle = openDatabase(url);
    await migrateToLatest(handle.db);
    return { handle, url, drop: () => handle.close() };
  }
  const name = `schoolpas_test_${randomBytes(6).toString('hex')}`;
  await withAdmin((admin) => sql`create database ${sql.id(name)}`.execute(admin));
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  const handle = openDatabase(url.toString());
  await migrateToLatest(handle.db);
  return {
    handle,
    url: url.toString(),
    async drop() {
      await handle.close();
      // Without force first: a pool still closing its last connection is waited for, not cut off mid-goodbye.
      await withAdmin(async (admin) => {
        for (let attempt = 0; attempt < 30; attempt++) {
          try {
            await sql`drop database if exists ${sql.id(name)}`.execute(admin);
            return;
          } catch {
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        }
        await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin);
      });
    },
  };
}

export async function createTestEnv(dialect: DialectName, options: { hasher?: PasswordHasher } = {}) {
  const { handle, url, drop } = await freshDatabase(dialect);
  const clock = new TestClock();
  const config = loadConfig({ SCHOOLPAS_DATA_DIR: '/tmp/schoolpas-test-unused', LOG_LEVEL: 'silent' });
  const ctx: ServiceContext = {
    db: handle.db,
    dialect,
    clock,
    passwords: options.hasher ?? testHasher,
    secrets: testSecrets(),
    mailer: testMailer,
    jobs: createJobQueue(handle, url, { clock }),
    config: { ...config, databaseUrl: `${dialect}:test` },
  };
  const app = await buildApp({ ...ctx, logger: false });
  await app.ready();
  const env: TestEnv = { dialect, app, ctx, clock, url };
  return {
    env,
    async close() {
      await app.close();
      await drop();
    },
  };
}

/**
 * `describe` once per dialect with a fresh app and database for the block:
 * `describeEach('locations', (t) => { it('…', async () => { const { app } = t(); … }); });`
 */
export function describeEach(
  name: string,
  body: (env: () => TestEnv) => void,
  options: { hasher?: PasswordHasher } = {},
) {
  for (const dialect of DIALECTS) {
    describe(`${name} [${dialect}]`, () => {
      let current: Awaited<ReturnType<typeof createTestEnv>> | undefined;
      beforeAll(async () => {
        current = await createTestEnv(dialect, options);
      }, 60_000);
      afterAll(async () => {
        await current?.close();
      });
      body(() => {
        if (!current) throw new Error('test environment not ready');
        return current.env;
      });
    });
  }
}
