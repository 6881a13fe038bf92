import os from 'node:os';
import { hash, verify } from '@node-rs/argon2';
import { ARGON2_OPTIONS } from '../src/platform/passwords.ts';
import { BENCH_PASSWORD } from './seed.ts';
import type { HttpBenchContext } from './students-list.ts';
import { measureQuietly } from './support/cpu.ts';
import { request } from './support/http.ts';
import { load } from './support/load.ts';
import { evenArrivals, openLoop } from './support/open-loop.ts';
import { emit, log, percentile } from './support/report.ts';

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
 * Then latency at 80 % of that rate: an open loop sends sign-ins evenly spaced at 0.8 × the measured maximum for
 * `openLoopSeconds`, next to the latency of one sign-in at a time.
 */
export async function signInBenchmark(
  context: HttpBenchContext,
  concurrency: number,
  openLoopSeconds: number,
): Promise<void> {
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

  // One at a time: the latency of a sign-in with nothing else in the way (the floor for the loaded figure).
  const body = (turn: number) =>
    JSON.stringify({ email: seed.staffEmails[turn % seed.staffEmails.length], password: BENCH_PASSWORD });
  const alone = await measureQuietly('sign-ins one at a time', own, async () => {
    const latencies: number[] = [];
    for (let i = 0; i < 60; i++) {
      const started = performance.now();
      const answer = await request(`${server.baseUrl}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: body(i),
      });
      if (answer.status !== 200) throw new Error(`sign-in answered ${answer.status}: ${answer.body}`);
      if (i >= 10) latencies.push(performance.now() - started);
    }
    return { latencies: latencies.sort((a, b) => a - b) };
  });

  const rate = 0.8 * result.requestsPerSecond;
  log(`${dialect}: sign-ins at 80 % load (${Math.round(rate)}/s, open loop, ${openLoopSeconds} s) …`);
  const loaded = await measureQuietly('sign-ins at 80 % load', own, () =>
    openLoop(
      server.baseUrl,
      evenArrivals(rate, Math.round(rate * openLoopSeconds)).map((atMs, i) => ({
        atMs,
        path: '/api/v1/auth/login',
        body: body(i),
      })),
    ),
  );
  const aloneP99 = percentile(alone.latencies, 99);
  emit({
    name: 'signin.p99.at80',
    dialect,
    value: loaded.p99,
    unit: 'ms',
    limit: aloneP99,
    limitName: 'p99 of sign-ins one at a time',
    ratio: loaded.p99 / aloneP99,
    p50: loaded.p50,
    p95: loaded.p95,
    max: loaded.max,
    aloneP50: percentile(alone.latencies, 50),
    offeredRate: Math.round(rate * 10) / 10,
    answeredRate: Math.round(loaded.rate * 10) / 10,
    requests: loaded.requests,
    failed: loaded.failed,
    errors: loaded.errors,
    maxSendLagMs: loaded.maxSendLagMs,
    seconds: openLoopSeconds,
    ownCpuCores: loaded.cpu.ownCores,
    otherCpuCores: loaded.cpu.otherCores,
    attempts: loaded.attempts,
  });
}
