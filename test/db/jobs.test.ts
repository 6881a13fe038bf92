import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/platform/clock.ts';
import { createJobQueue, type Job, type JobQueue } from '../../src/platform/jobs/index.ts';
import { DIALECTS, freshDatabase } from '../support/harness.ts';

type Fresh = Awaited<ReturnType<typeof freshDatabase>>;

/** Resolves when `check` holds, polling; fails the test after a few seconds. */
async function eventually(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

for (const dialect of DIALECTS) {
  describe(`background jobs [${dialect}]`, () => {
    let database: Fresh;
    const queues: JobQueue[] = [];
    const queue = (options: { retryDelaySeconds?: number } = {}) => {
      const made = createJobQueue(database.handle, database.url, { clock: systemClock, ...options });
      queues.push(made);
      return made;
    };
    beforeAll(async () => {
      database = await freshDatabase(dialect);
    }, 60_000);
    afterAll(async () => {
      for (const q of queues) await q.stop();
      await database.drop();
    }, 60_000);

    it('should use pg-boss on PostgreSQL and the in-process runner on SQLite', () => {
      expect(queue().runner).toBe(dialect === 'postgres' ? 'pg-boss' : 'in-process');
    });

    it('should run a queued job once, with its data, soon after it is sent', async () => {
      const jobs = queue();
      const seen: Job[] = [];
      jobs.register('greet', async (job) => {
        seen.push(job);
      });
      const started = Date.now();
      const id = await jobs.send('greet', { importId: 'a', n: 3 });
      await eventually(() => seen.length === 1, 'the job');
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(seen[0]).toMatchObject({ id, name: 'greet', data: { importId: 'a', n: 3 } });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(seen).toHaveLength(1);
    });

    it('should try a job that threw again, and not after it succeeded', async () => {
      const jobs = queue({ retryDelaySeconds: 0 });
      let tries = 0;
      jobs.register('flaky', async () => {
        tries++;
        if (tries === 1) throw new Error('first try fails');
      });
      await jobs.send('flaky', {});
      await eventually(() => tries === 2, 'the second try');
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(tries).toBe(2);
    });

    it('should refuse a job nobody handles', async () => {
      await expect(queue().send('nobody', {})).rejects.toThrow(/no handler/);
    });

    if (dialect === 'sqlite') {
      it('should take up a job the previous process was running when it stopped', async () => {
        const now = new Date().toISOString();
        await database.handle.db
          .insertInto('jobs')
          .values({
            id: 'left-behind',
            name: 'resume',
            data: JSON.stringify({ importId: 'x' }),
            status: 'running',
            attempts: 1,
            max_attempts: 3,
            run_after: now,
            lease_until: new Date(Date.now() + 3_600_000).toISOString(),
            last_error: null,
            created_at: now,
            updated_at: now,
          })
          .execute();
        const jobs = queue();
        const seen: string[] = [];
        jobs.register('resume', async (job) => {
          seen.push(job.id);
        });
        await jobs.start();
        await eventually(() => seen.length === 1, 'the resumed job');
        expect(seen).toEqual(['left-behind']);
        const row = await database.handle.db
          .selectFrom('jobs')
          .select(['status', 'attempts'])
          .where('id', '=', 'left-behind')
          .executeTakeFirstOrThrow();
        expect(row).toEqual({ status: 'done', attempts: 2 });
      });
    }

    if (dialect === 'postgres') {
      it('should let any node run a job, each job exactly once', async () => {
        const ran: string[] = [];
        const nodes = [queue(), queue()];
        for (const [index, node] of nodes.entries())
          node.register('shared', async (job) => {
            ran.push(`${index}:${job.data.n}`);
          });
        await Promise.all(nodes.map((node) => node.start()));
        for (let n = 0; n < 20; n++) await nodes[n % 2]?.send('shared', { n });
        await eventually(() => ran.length >= 20, 'all jobs');
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        const numbers = ran.map((r) => Number(r.split(':')[1])).sort((a, b) => a - b);
        expect(numbers).toEqual([...Array(20).keys()]);
        const { rows } = await sql<{
          n: number;
        }>`select count(*)::int as n from pgboss.job where name = 'shared' and state = 'completed'`.execute(
          database.handle.db,
        );
        expect(rows[0]?.n).toBe(20);
      });
    }
  });
}
