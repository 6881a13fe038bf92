import type PgBoss from 'pg-boss';
import type { JobData, JobHandler, JobQueue, JobQueueOptions } from './index.ts';

const SCHEMA = 'pgboss';

/**
 * The PostgreSQL runner: pg-boss in the same database (schema `pgboss`), so every node works the same queue and a
 * job queued on one node may run on another. pg-boss starts on the first job this node queues or when the server
 * starts its workers (serve), not when a process merely opens the database. A job that throws is retried twice; a
 * job whose node died is taken again after it expires.
 */
export class PgBossJobQueue implements JobQueue {
  readonly runner = 'pg-boss' as const;
  private readonly handlers = new Map<string, JobHandler>();
  private readonly workers = new Map<string, string>();
  private boss: PgBoss | undefined;
  private started: Promise<void> | undefined;

  constructor(
    private readonly url: string,
    private readonly options: JobQueueOptions,
  ) {}

  register(name: string, handler: JobHandler): void {
    this.handlers.set(name, handler);
  }

  async send(name: string, data: JobData): Promise<string> {
    if (!this.handlers.has(name)) throw new Error(`no handler for job ${name}`);
    await this.start();
    const boss = this.boss as PgBoss;
    const id = await boss.send(name, data);
    if (id === null) throw new Error(`pg-boss did not queue ${name}`);
    // This node works it at once instead of at its next poll (another node may still take it first).
    const worker = this.workers.get(name);
    if (worker) boss.notifyWorker(worker);
    return id;
  }

  start(): Promise<void> {
    this.started ??= this.begin();
    return this.started;
  }

  private async begin(): Promise<void> {
    // Loaded here, not at start-up: a SQLite installation never needs it.
    const { default: Boss } = await import('pg-boss');
    const boss = new Boss({
      connectionString: this.url,
      schema: SCHEMA,
      max: 3,
      application_name: 'schoolpas-jobs',
    });
    boss.on('error', (error) => this.options.onError?.(error));
    await boss.start();
    this.boss = boss;
    for (const [name, handler] of this.handlers) {
      await this.ensureQueue(boss, name);
      const worker = await boss.work<JobData>(
        name,
        { pollingIntervalSeconds: 1, batchSize: 1 },
        async (jobs) => {
          for (const job of jobs) await handler({ id: job.id, name: job.name, data: job.data });
        },
      );
      this.workers.set(name, worker);
    }
  }

  /**
   * Creates the job's queue unless it exists. Nodes that start at the same moment may both create it; PostgreSQL
   * then answers one of them with a deadlock, after which the queue is there.
   */
  private async ensureQueue(boss: PgBoss, name: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      if (await boss.getQueue(name)) return;
      try {
        await boss.createQueue(name, {
          name,
          retryLimit: 2,
          retryDelay: this.options.retryDelaySeconds ?? 5,
          expireInSeconds: 60 * 60,
        });
        return;
      } catch (error) {
        if (attempt >= 5) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      }
    }
  }

  async stop(): Promise<void> {
    const starting = this.started;
    if (!starting) return;
    await starting.catch(() => {});
    await this.boss?.stop({ graceful: true, wait: true, timeout: 30_000 });
    this.boss = undefined;
    this.started = undefined;
    this.workers.clear();
  }
}
