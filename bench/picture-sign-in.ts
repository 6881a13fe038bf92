import type { BenchStudent } from './seed.ts';
import type { HttpBenchContext } from './students-list.ts';
import { measureQuietly } from './support/cpu.ts';
import { request } from './support/http.ts';
import { load } from './support/load.ts';
import { emit, log } from './support/report.ts';

export function pictureSignInBody(student: BenchStudent): string {
  return JSON.stringify({ personId: student.id, pictureSequence: student.sequence });
}

/**
 * Benchmark 6: picture sign-ins per second through POST /api/v1/auth/login {personId, pictureSequence}, students of
 * picture groups taken in turn (each signs in at most once in tens of thousands of requests), under autocannon,
 * next to the bare Fastify hello-world under the same load measured just before. Every request comes from
 * 127.0.0.1, so all of them share one per-address counter (only failures count; a success gives its reservation
 * back), as the children of one school behind its NAT do.
 */
export async function pictureSignInBenchmark(context: HttpBenchContext): Promise<void> {
  const { dialect, server, hello, seed, own } = context;
  const students = seed.pictureStudents;
  if (students.length === 0) throw new Error('the seed made no picture students');

  // A wrong answer measures nothing: check a few sign-ins first.
  for (const student of students.slice(0, 3)) {
    const answer = await request(`${server.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: pictureSignInBody(student),
    });
    if (answer.status !== 200) throw new Error(`picture sign-in answered ${answer.status}: ${answer.body}`);
  }

  const settings = { connections: context.connections, durationSeconds: context.durationSeconds };
  log(`${dialect}: hello-world under autocannon (${settings.connections} connections) …`);
  await load({ ...settings, url: `${hello.baseUrl}/`, durationSeconds: 2 });
  const reference = await measureQuietly('hello-world', own, () =>
    load({ ...settings, url: `${hello.baseUrl}/` }),
  );

  log(`${dialect}: picture sign-ins under autocannon …`);
  let turn = 3;
  const next = () => ({
    path: '/api/v1/auth/login',
    body: pictureSignInBody(students[turn++ % students.length] as BenchStudent),
  });
  const common = {
    ...settings,
    url: server.baseUrl,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    next,
  };
  await load({ ...common, durationSeconds: 2 });
  const result = await measureQuietly('picture sign-ins', own, () => load(common));

  const ratio = result.requestsPerSecond / reference.requestsPerSecond;
  emit({
    name: 'signin.pictures.throughput',
    dialect,
    value: result.requestsPerSecond,
    unit: 'sign-ins/s',
    limit: reference.requestsPerSecond,
    limitUnit: 'req/s',
    limitName: 'hello-world req/s',
    ratio,
    goal: '≥ 5,000/s',
    met: result.requestsPerSecond >= 5000,
    p50: result.p50,
    p99: result.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    students: students.length,
    signInsPerStudent: Math.round((turn / students.length) * 100) / 100,
    connections: settings.connections,
    ownCpuCores: result.cpu.ownCores,
    otherCpuCores: result.cpu.otherCores,
    helloOtherCpuCores: reference.cpu.otherCores,
    attempts: result.attempts,
  });
}
