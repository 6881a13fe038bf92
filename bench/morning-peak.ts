import { Random } from '../src/demo/names.ts';
import { pictureSignInBody } from './picture-sign-in.ts';
import { BENCH_STUDENT_PASSWORD, type BenchStudent } from './seed.ts';
import type { HttpBenchContext } from './students-list.ts';
import { waitForQuiet, watchCpu } from './support/cpu.ts';
import { request } from './support/http.ts';
import { type Arrival, openLoop } from './support/open-loop.ts';
import { emit, log, percentile } from './support/report.ts';

/** The full morning: 20,000 of the board's students in five minutes (8:25–8:30), 60 % of them by pictures. */
export const MORNING = { students: 20_000, seconds: 300, pictureShare: 0.6, startRate: 0.5, endRate: 1.5 };

/** Fisher–Yates with the generator's own random numbers: the same students every run. */
function shuffled<T>(items: readonly T[], random: Random): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/**
 * Arrival times (ms) of `count` people over `seconds`, the rate rising in a straight line from `startRate` to
 * `endRate` times the mean as the bell nears. Random (a Poisson process with that rate, given the count): sorted
 * uniform draws mapped through the inverse of the ramp's cumulative arrivals.
 */
export function rampArrivals(count: number, seconds: number, random: Random): number[] {
  const mean = count / seconds;
  const a = MORNING.startRate * mean;
  const slope = ((MORNING.endRate - MORNING.startRate) * mean) / seconds;
  return Array.from({ length: count }, () => random.next())
    .sort((x, y) => x - y)
    .map((u) => {
      // a·t + slope·t²/2 = u·count, solved for t.
      const t = slope === 0 ? (u * count) / a : (-a + Math.sqrt(a * a + 2 * slope * u * count)) / slope;
      return t * 1000;
    });
}

/** Each school's children come from one address, as behind the school's NAT: 127.0.0.10, .11, … */
const schoolAddress = (student: BenchStudent) => `127.0.0.${10 + student.location}`;

function signInBody(student: BenchStudent): string {
  return student.sequence
    ? pictureSignInBody(student)
    : JSON.stringify({ personId: student.id, password: BENCH_STUDENT_PASSWORD });
}

/**
 * Benchmark 7: the morning peak. `count` distinct students (60 % picture users, 40 % password users, from all
 * schools) sign in through POST /api/v1/auth/login {personId, …} as the school sign-in page sends it, in an open
 * loop whose rate ramps up toward the bell; latency from each arrival's scheduled time. Next to it, the same
 * sign-ins one at a time (other students): the latency with nothing in the way.
 */
export async function morningPeakBenchmark(context: HttpBenchContext, seconds: number): Promise<void> {
  const { dialect, server, seed, own } = context;
  const count = Math.round((MORNING.students * seconds) / MORNING.seconds);
  const random = new Random(20260830);
  const pictureCount = Math.round(count * MORNING.pictureShare);
  const pictures = shuffled(seed.pictureStudents, random);
  const passwords = shuffled(seed.passwordStudents, random);
  if (pictures.length < pictureCount + 100 || passwords.length < count - pictureCount + 100)
    throw new Error('the seed has too few students for the morning peak');
  const students = shuffled(
    [...pictures.slice(0, pictureCount), ...passwords.slice(0, count - pictureCount)],
    random,
  );

  // The floor: 100 other students, mixed alike, one at a time.
  const others = shuffled([...pictures.slice(-60), ...passwords.slice(-40)], random);
  await waitForQuiet(own, 0.25, 20_000);
  const alone: number[] = [];
  for (const student of others) {
    const started = performance.now();
    const answer = await request(`${server.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: signInBody(student),
    });
    if (answer.status !== 200) throw new Error(`sign-in answered ${answer.status}: ${answer.body}`);
    alone.push(performance.now() - started);
  }
  alone.sort((a, b) => a - b);

  const arrivals: Arrival[] = rampArrivals(count, seconds, random).map((atMs, i) => {
    const student = students[i] as BenchStudent;
    return {
      atMs,
      path: '/api/v1/auth/login',
      body: signInBody(student),
      localAddress: schoolAddress(student),
      kind: student.sequence ? 'pictures' : 'password',
    };
  });
  const peakRate = (MORNING.endRate * count) / seconds;
  log(
    `${dialect}: morning peak, ${count.toLocaleString('en-US')} students in ${seconds} s ` +
      `(${Math.round(count / seconds)}/s on average, ${Math.round(peakRate)}/s at the end) …`,
  );
  await waitForQuiet(own, 0.25, 20_000);
  const watch = await watchCpu(own);
  const result = await openLoop(server.baseUrl, arrivals);
  const cpu = await watch.stop();

  const failures = result.errors + Object.values(result.failed).reduce((a, b) => a + b, 0);
  const aloneP99 = percentile(alone, 99);
  const kinds = Object.fromEntries(
    Object.entries(result.byKind).map(([kind, k]) => [
      kind,
      { requests: k.requests, p50: round(k.p50), p95: round(k.p95), p99: round(k.p99), max: round(k.max) },
    ]),
  );
  const details = {
    students: count,
    seconds,
    meanRate: Math.round((count / seconds) * 10) / 10,
    peakRate: Math.round(peakRate * 10) / 10,
    pictureShare: MORNING.pictureShare,
    ownCpuCores: cpu.ownCores,
    otherCpuCores: cpu.otherCores,
  };
  emit({
    name: 'morning.peak.p99',
    dialect,
    value: result.p99,
    unit: 'ms',
    limit: aloneP99,
    limitName: 'p99 of the same sign-ins one at a time',
    ratio: result.p99 / aloneP99,
    goal: '≤ 300 ms',
    met: result.p99 <= 300,
    p50: result.p50,
    p95: result.p95,
    max: result.max,
    aloneP50: percentile(alone, 50),
    byKind: kinds,
    maxSendLagMs: result.maxSendLagMs,
    ...details,
  });
  emit({
    name: 'morning.peak.errors',
    dialect,
    value: failures,
    unit: 'errors',
    goal: '0',
    met: failures === 0,
    failed: result.failed,
    noAnswer: result.errors,
    ok: result.ok,
    ...details,
  });
}

const round = (value: number) => Math.round(value * 100) / 100;
