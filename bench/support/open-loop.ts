import http from 'node:http';
import { percentile } from './report.ts';

/** One request of an open-loop run: when to send it (ms after the start), where, and from which address. */
export interface Arrival {
  atMs: number;
  path: string;
  body: string;
  /** A loopback source address (127.0.0.0/8) for the request, e.g. one per school as behind a school's NAT. */
  localAddress?: string;
  /** Groups the results (e.g. "pictures", "password"). */
  kind?: string;
}

export interface LatencySummary {
  requests: number;
  ok: number;
  /** Answers other than 200, by status. */
  failed: Record<string, number>;
  /** Requests without an answer (connection error or timeout). */
  errors: number;
  /** From the arrival's scheduled time to the end of the answer, in ms (so a late send counts against us). */
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface OpenLoopResult extends LatencySummary {
  durationSeconds: number;
  /** Answers per second over the whole run. */
  rate: number;
  /** The latest any request left after its scheduled time, in ms: the load generator's own lag. */
  maxSendLagMs: number;
  byKind: Record<string, LatencySummary>;
}

interface Outcome {
  kind: string;
  status: number;
  latencyMs: number;
}

function summarise(outcomes: readonly Outcome[]): LatencySummary {
  const latencies = outcomes
    .filter((o) => o.status !== 0)
    .map((o) => o.latencyMs)
    .sort((a, b) => a - b);
  const failed: Record<string, number> = {};
  let errors = 0;
  for (const o of outcomes) {
    if (o.status === 0) errors += 1;
    else if (o.status !== 200) failed[o.status] = (failed[o.status] ?? 0) + 1;
  }
  return {
    requests: outcomes.length,
    ok: outcomes.filter((o) => o.status === 200).length,
    failed,
    errors,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1] ?? Number.NaN,
  };
}

/**
 * Sends every arrival at its time whether or not earlier ones have been answered (an open loop, as real users
 * arrive), over kept-alive connections opened as needed, and measures each latency from the scheduled time. A
 * closed loop (autocannon) slows its sending when the server slows and so hides queueing; this does not.
 */
export async function openLoop(
  baseUrl: string,
  arrivals: readonly Arrival[],
  options: { headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<OpenLoopResult> {
  const sorted = [...arrivals].sort((a, b) => a.atMs - b.atMs);
  const agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });
  const headers = { 'content-type': 'application/json', ...options.headers };
  const timeoutMs = options.timeoutMs ?? 30_000;
  const outcomes: Outcome[] = [];
  let maxSendLagMs = 0;
  let pending = 0;
  let allSent = false;
  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const start = performance.now();

  const send = (arrival: Arrival) => {
    const scheduled = start + arrival.atMs;
    maxSendLagMs = Math.max(maxSendLagMs, performance.now() - scheduled);
    pending += 1;
    let done = false;
    const complete = (status: number) => {
      if (done) return;
      done = true;
      outcomes.push({ kind: arrival.kind ?? '', status, latencyMs: performance.now() - scheduled });
      pending -= 1;
      if (allSent && pending === 0) finish();
    };
    const req = http.request(
      `${baseUrl}${arrival.path}`,
      {
        method: 'POST',
        agent,
        headers: { ...headers, 'content-length': Buffer.byteLength(arrival.body) },
        localAddress: arrival.localAddress,
        timeout: timeoutMs,
      },
      (res) => {
        res.resume();
        res.on('end', () => complete(res.statusCode ?? 0));
        res.on('error', () => complete(0));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => complete(0));
    req.end(arrival.body);
  };

  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now() - start;
      while (next < sorted.length && (sorted[next]?.atMs ?? 0) <= now) send(sorted[next++] as Arrival);
      if (next >= sorted.length) return resolve();
      // Wake a little early and send on time; Node's timers fire no sooner than asked.
      setTimeout(tick, Math.max(0, (sorted[next]?.atMs ?? 0) - now - 1));
    };
    tick();
  });
  allSent = true;
  if (pending > 0) await finished;
  const durationSeconds = (performance.now() - start) / 1000;
  agent.destroy();

  const kinds = [...new Set(outcomes.map((o) => o.kind))];
  const byKind = Object.fromEntries(
    kinds.map((kind) => [kind, summarise(outcomes.filter((o) => o.kind === kind))]),
  );
  const summary = summarise(outcomes);
  return {
    ...summary,
    durationSeconds,
    rate: summary.ok / durationSeconds,
    maxSendLagMs: Math.round(maxSendLagMs * 10) / 10,
    byKind,
  };
}

/** `count` arrivals evenly spaced at `rate` per second. */
export function evenArrivals(rate: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => (i * 1000) / rate);
}
