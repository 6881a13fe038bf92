import { isoNow } from '../clock.ts';
import type { Db } from '../db/index.ts';
import { newId } from '../ids.ts';
import type { Job, JobData, JobHandler, JobQueue, JobQueueOptions } from './index.ts';

const MAX_ATTEMPTS = 3;
const POLL_MS = 1_000;
/** How long a taken job is its runner's; after that (the process is gone) it is taken again. */
const LEASE_MS = 60 * 60 * 1000;
const KEEP_FINISHED_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * The SQLite runner: jobs are rows in `jobs`, worked one at a time by this process (SQLite has one writer, so
 * running two imports side by side would only make both wait). A queued job starts at once; a poll picks up
 * retries. On start, jobs a stopped process was running are queued again.
 */
export class InProcessJobQueue implements JobQueue {
  readonly runner = 'in-process' as const;
  private readonly handlers = new Map<string, JobHandler>();
  private timer: NodeJS.Timeout | undefined;
  private started: Promise<void> | undefined;
  private draining: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly options: JobQueueOptions,
  ) {}

  register(name: string, handler: JobHandler): void {
    this.handlers.set(name, handler);
  }

  async send(name: string, data: JobData): Promise<string> {
    if (!this.handlers.has(name)) throw new Error(`no handler for job ${name}`);
    const id = newId();
    const now = isoNow(this.options.clock);
    await this.db
      .insertInto('jobs')
      .values({
        id,
        name,
        data: JSON.stringify(data),
        status: 'queued',
        attempts: 0,
        max_attempts: MAX_ATTEMPTS,
        run_after: now,
        lease_until: null,
        last_error: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await this.start();
    this.kick();
    return id;
  }

  start(): Promise<void> {
    this.started ??= this.begin();
    return this.started;
  }

  private async begin(): Promise<void> {
    this.stopped = false;
    const now = isoNow(this.options.clock);
    // One node: whatever was running belonged to a process that is gone.
    await this.db
      .updateTable('jobs')
      .set({ status: 'queued', lease_until: null, updated_at: now })
      .where('status', '=', 'running')
      .execute();
    await this.db
      .deleteFrom('jobs')
      .where('status', 'in', ['done', 'failed'])
      .where('updated_at', '<', new Date(Date.parse(now) - KEEP_FINISHED_MS).toISOString())
      .execute();
    this.timer = setInterval(() => this.kick(), POLL_MS);
    this.timer.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.draining;
    // A later start (or send) begins again: it takes up what is still queued.
    this.started = undefined;
  }

  /** Works queued jobs until none is due; a kick while working makes it look once more afterwards. */
  private kick(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      for (let job = await this.take(); job && !this.stopped; job = await this.take()) await this.run(job);
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  private async take(): Promise<(Job & { attempts: number; maxAttempts: number }) | undefined> {
    const now = isoNow(this.options.clock);
    const due = await this.db
      .selectFrom('jobs')
      .select(['id', 'name', 'data', 'attempts', 'max_attempts'])
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'queued'), eb('run_after', '<=', now)]),
          eb.and([eb('status', '=', 'running'), eb('lease_until', '<', now)]),
        ]),
      )
      .orderBy('run_after')
      .limit(1)
      .executeTakeFirst();
    if (!due) return undefined;
    await this.db
      .updateTable('jobs')
      .set({
        status: 'running',
        attempts: due.attempts + 1,
        lease_until: new Date(Date.parse(now) + LEASE_MS).toISOString(),
        updated_at: now,
      })
      .where('id', '=', due.id)
      .execute();
    return {
      id: due.id,
      name: due.name,
      data: JSON.parse(due.data) as JobData,
      attempts: due.attempts + 1,
      maxAttempts: due.max_attempts,
    };
  }

  private async run(job: Job & { attempts: number; maxAttempts: number }): Promise<void> {
    const handler = this.handlers.get(job.name);
    let error: unknown;
    try {
      if (!handler) throw new Error(`no handler for job ${job.name}`);
      await handler({ id: job.id, name: job.name, data: job.data });
    } catch (caught) {
      error = caught;
    }
    const now = this.options.clock.now();
    const retry = error !== undefined && job.attempts < job.maxAttempts;
    await this.db
      .updateTable('jobs')
      .set({
        status: error === undefined ? 'done' : retry ? 'queued' : 'failed',
        run_after: retry
          ? new Date(now.getTime() + (this.options.retryDelaySeconds ?? 5) * 1000).toISOString()
          : now.toISOString(),
        lease_until: null,
        // The error's name and code only: a message may quote data.
        last_error: error === undefined ? null : errorLabel(error),
        updated_at: now.toISOString(),
      })
      .where('id', '=', job.id)
      .execute();
    if (error !== undefined) this.options.onError?.(error);
  }
}

export function errorLabel(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${error.name} ${code}` : error.name;
  }
  return 'unknown';
}
