import type { Clock } from '../clock.ts';
import type { DatabaseHandle } from '../db/index.ts';
import { InProcessJobQueue } from './in-process.ts';

export { errorLabel } from './in-process.ts';

import { PgBossJobQueue } from './pg-boss.ts';

/**
 * Background jobs (imports, later syncs and bulk actions): one interface, two runners. SQLite: an in-process
 * runner over the `jobs` table (one node). PostgreSQL: pg-boss in the same database, so any node can run any job
 * and a job outlives the node that queued it.
 *
 * Handlers must be safe to run again: a job whose node stopped while it ran is run once more. A handler records
 * its own failures where its users look (an import's row) and returns; a throw means "try again later".
 */

/** A job's input: ids and flags, never personal data (it is stored as it is). */
export type JobData = Record<string, string | number | boolean | null>;

export interface Job {
  id: string;
  name: string;
  data: JobData;
}

export type JobHandler = (job: Job) => Promise<void>;

export interface JobQueue {
  readonly runner: 'in-process' | 'pg-boss';
  /** Registers the handler for a job name (before start); every node registers every handler. */
  register(name: string, handler: JobHandler): void;
  /** Queues a job and answers its id; starts this node's workers if they were not running yet. */
  send(name: string, data: JobData): Promise<string>;
  /** Starts working queued jobs, including jobs left behind by a node that stopped. Idempotent. */
  start(): Promise<void>;
  /** Stops taking jobs and waits for the running ones. Idempotent. */
  stop(): Promise<void>;
}

export interface JobQueueOptions {
  clock: Clock;
  /** Where a failing runner (not a failing job) is reported; never personal data. */
  onError?: (error: unknown) => void;
  /** Seconds before a job that threw is tried again (default 5). */
  retryDelaySeconds?: number;
}

/** The runner for the database: pg-boss on PostgreSQL, the in-process runner on SQLite. */
export function createJobQueue(handle: DatabaseHandle, url: string, options: JobQueueOptions): JobQueue {
  return handle.dialect === 'postgres'
    ? new PgBossJobQueue(url, options)
    : new InProcessJobQueue(handle.db, options);
}
