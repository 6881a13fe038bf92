import type { BenchSeed } from './seed.ts';
import { measureQuietly, type OwnProcesses } from './support/cpu.ts';
import { request } from './support/http.ts';
import { load } from './support/load.ts';
import { type Child, sampleRss } from './support/processes.ts';
import { emit, log } from './support/report.ts';

export interface HttpBenchContext {
  dialect: 'sqlite' | 'postgres';
  server: Child;
  hello: Child;
  cookie: string;
  seed: BenchSeed;
  durationSeconds: number;
  connections: number;
  /** The benchmark's own processes (bench, servers, PostgreSQL backends), to tell other load apart. */
  own: OwnProcesses;
}

/**
 * Benchmarks 2 and 5: one page of 50 students of a school (the location rotates per request) through HTTP
 * with a signed-in pakketbeheerder, under autocannon, next to a bare Fastify hello-world under the same
 * load; the server's RSS is sampled throughout.
 */
export async function studentsListBenchmark(context: HttpBenchContext): Promise<void> {
  const { dialect, server, hello, cookie, seed, own } = context;
  const paths = seed.locationIds.map((id) => `/api/v1/students?location=${id}&limit=50`);
  const headers = { cookie };

  // Make sure every request measures real work: 50 students of the right school, the true total.
  const expected = seed.counts.students / seed.locationIds.length;
  for (const path of paths) {
    const answer = await request(`${server.baseUrl}${path}`, { headers });
    if (answer.status !== 200) throw new Error(`${path} answered ${answer.status}: ${answer.body}`);
    const page = JSON.parse(answer.body) as { items: unknown[]; total: number };
    if (page.items.length !== 50 || page.total !== expected)
      throw new Error(`${path}: ${page.items.length} items of ${page.total}, expected 50 of ${expected}`);
  }

  const settings = { connections: context.connections, durationSeconds: context.durationSeconds };
  log(`${dialect}: hello-world under autocannon (${settings.connections} connections) …`);
  await load({ ...settings, url: `${hello.baseUrl}/`, durationSeconds: 2 });
  const reference = await measureQuietly('hello-world', own, async () => {
    const rss = sampleRss(hello.pid);
    const result = await load({ ...settings, url: `${hello.baseUrl}/` });
    return { ...result, memory: rss.stop() };
  });

  log(`${dialect}: students list under autocannon …`);
  let turn = 0;
  const next = () => ({ path: paths[turn++ % paths.length] ?? '' });
  await load({ ...settings, url: server.baseUrl, headers, next, durationSeconds: 2 });
  const list = await measureQuietly('students list', own, async () => {
    const rss = sampleRss(server.pid);
    const result = await load({ ...settings, url: server.baseUrl, headers, next });
    return { ...result, memory: rss.stop() };
  });

  const common = { connections: settings.connections, durationSeconds: settings.durationSeconds };
  emit({
    name: 'hello.throughput',
    dialect,
    value: reference.requestsPerSecond,
    unit: 'req/s',
    p50: reference.p50,
    p99: reference.p99,
    non2xx: reference.non2xx,
    otherCpuCores: reference.cpu.otherCores,
    ...common,
  });
  const ratio = list.requestsPerSecond / reference.requestsPerSecond;
  emit({
    name: 'students.list.throughput',
    dialect,
    value: list.requestsPerSecond,
    unit: 'req/s',
    limit: reference.requestsPerSecond,
    limitName: 'hello-world req/s',
    ratio,
    goal: '≥ 10 % of hello-world',
    met: ratio >= 0.1,
    non2xx: list.non2xx,
    errors: list.errors,
    ownCpuCores: list.cpu.ownCores,
    otherCpuCores: list.cpu.otherCores,
    attempts: list.attempts,
    ...common,
  });
  emit({
    name: 'students.list.p99',
    dialect,
    value: list.p99,
    unit: 'ms',
    limit: reference.p99,
    limitName: 'hello-world p99',
    ratio: list.p99 / reference.p99,
    goal: dialect === 'sqlite' ? '≤ 5 ms' : '– (≤ 5 ms is for SQLite)',
    met: dialect === 'sqlite' ? list.p99 <= 5 : undefined,
    p50: list.p50,
    autocannonP99: list.autocannonP99,
    ...common,
  });
  emit({
    name: 'server.rss.peak',
    dialect,
    value: list.memory.peak,
    unit: 'MB',
    limit: reference.memory.peak,
    limitName: 'hello-world RSS',
    goal: '≤ 250 MB',
    met: list.memory.peak <= 250,
    atStart: list.memory.first,
    samples: list.memory.samples,
  });
}
