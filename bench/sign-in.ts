import os from 'node:os';
import { hash, verify } from '@node-rs/argon2';
import { ARGON2_OPTIONS } from '../src/platform/passwords.ts';
import { BENCH_PASSWORD } from './seed.ts';
import type { HttpBenchContext } from './students-list.ts';
import { measureQuietly } from './support/cpu.ts';
import { load } from './support/load.ts';
import { emit, log } from './support/report.ts';

/** Argon2id verifies per second in this process, `concurrency` at a time: what the machine can do at most. */
export async function rawVerifiesPerSecond(concurrency: number, durationSeconds: number): Promise<number> {
  const passwordHash = await hash(BENCH_PASSWORD, ARGON2_OPTIONS);
  let done = 0;
  const started = performance.now();
  const end = started + durationSeconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        if (!(await verify(passwordHash, BENCH_PASSWORD))) throw new Error('verify failed');
        done += 1;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}

/**
 * Benchmark 4: staff sign-ins per second through POST /api/v1/auth/login (real Argon2id, m=19456 t=2 p=1,
 * accounts taken in turn), next to the best raw Argon2id verifies per second of this machine in the same run.
 */
export async function signInBenchmark(context: HttpBenchContext, concurrency: number): Promise<void> {
  const { dialect, server, seed, durationSeconds, own } = context;
  // Raw verifies are measured before and after the HTTP run, and averaged: on a shared two-core machine a
  // single measurement can be off by a third.
  // The limit is the best the machine does: one verify per core, or `concurrency` at once, whichever is faster
  // (the server runs one per core; more in flight only thrash the caches).
  const cores = os.availableParallelism();
  const raw = async () => {
    log(`${dialect}: raw Argon2id verifies, ${cores} and ${concurrency} at a time …`);
    return measureQuietly('raw Argon2id', own, async () => ({
      rate: Math.max(
        await rawVerifiesPerSecond(cores, durationSeconds / 4),
        await rawVerifiesPerSecond(concurrency, durationSeconds / 4),
      ),
    }));
  };
  const before = await raw();

  log(`${dialect}: sign-ins through HTTP, ${concurrency} connections …`);
  let turn = 0;
  const next = () => ({
    path: '/api/v1/auth/login',
    body: JSON.stringify({
      email: seed.staffEmails[turn++ % seed.staffEmails.length],
      password: BENCH_PASSWORD,
    }),
  });
  const settings = {
    url: server.baseUrl,
    connections: concurrency,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    next,
  };
  await load({ ...settings, durationSeconds: 2 });
  const result = await measureQuietly('sign-ins', own, () => load({ ...settings, durationSeconds }));
  const after = await raw();

  const rawRate = (before.rate + after.rate) / 2;
  const ratio = result.requestsPerSecond / rawRate;
  emit({
    name: 'argon2.raw.verifies',
    dialect,
    value: rawRate,
    unit: 'verifies/s',
    before: Math.round(before.rate * 10) / 10,
    after: Math.round(after.rate * 10) / 10,
    concurrency,
    otherCpuCores: Math.max(before.cpu.otherCores, after.cpu.otherCores),
  });
  emit({
    name: 'signin.throughput',
    dialect,
    value: result.requestsPerSecond,
    unit: 'sign-ins/s',
    limit: rawRate,
    limitUnit: 'verifies/s',
    limitName: 'raw Argon2id, best of one per core and the same concurrency',
    ratio,
    goal: '≥ 85 % of raw Argon2id',
    met: ratio >= 0.85,
    p99: result.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    concurrency,
    ownCpuCores: result.cpu.ownCores,
    otherCpuCores: result.cpu.otherCores,
    attempts: result.attempts,
  });
}
