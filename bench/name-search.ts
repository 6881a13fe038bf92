import {
  CHILD_FIRST_NAMES,
  CHILD_FIRST_NAMES_WORLD,
  DUTCH_LAST_NAMES,
  Random,
  WORLD_LAST_NAMES,
} from '../src/demo/names.ts';
import type { HttpBenchContext } from './students-list.ts';
import { measureQuietly } from './support/cpu.ts';
import { sequentialLatencies } from './support/http.ts';
import { emit, log, percentile } from './support/report.ts';

/**
 * What people type in the search box: the start (2–6 letters) of a first or a last name, sometimes both
 * ("emma jan"), as written (accents, capitals) or in lower case. Common names come up more often, as in the
 * board's own data. Deterministic.
 */
export function searchTerms(count: number, seed = 7): string[] {
  const random = new Random(seed);
  const typed = (name: string, letters: number) => {
    const start = [...name].slice(0, letters).join('');
    return random.chance(0.5) ? start.toLowerCase() : start;
  };
  const firstName = () =>
    random.skewed(random.chance(0.2) ? CHILD_FIRST_NAMES_WORLD : CHILD_FIRST_NAMES, 1.4);
  const lastName = () =>
    random.skewed(random.chance(0.15) ? WORLD_LAST_NAMES : DUTCH_LAST_NAMES, 1.8).lastName;
  const terms: string[] = [];
  for (let i = 0; i < count; i++) {
    const kind = random.next();
    if (kind < 0.4) terms.push(typed(firstName(), random.int(2, 6)));
    else if (kind < 0.8) terms.push(typed(lastName(), random.int(2, 6)));
    else terms.push(`${typed(firstName(), random.int(3, 6))} ${typed(lastName(), random.int(2, 4))}`);
  }
  return terms;
}

/**
 * Benchmark 3: name search across all students, one request at a time (latency, not throughput), next to
 * the same number of sequential hello-world requests: the floor any HTTP round trip has on this machine.
 */
export async function nameSearchBenchmark(context: HttpBenchContext, count: number): Promise<void> {
  const { dialect, server, hello, cookie, own } = context;
  const terms = searchTerms(count);
  const urls = terms.map((term) => `${server.baseUrl}/api/v1/students?q=${encodeURIComponent(term)}`);
  log(`${dialect}: ${count} sequential name searches …`);
  const search = await measureQuietly('name search', own, async () => {
    let found = 0;
    const latencies = await sequentialLatencies(urls, { cookie }, 50, (answer) => {
      if ((JSON.parse(answer.body) as { total: number }).total > 0) found += 1;
    });
    return { latencies, found };
  });
  const floor = await measureQuietly('sequential hello-world', own, async () => ({
    latencies: await sequentialLatencies(
      terms.map(() => `${hello.baseUrl}/`),
      {},
      50,
    ),
  }));
  const { latencies } = search;
  const p99 = percentile(latencies, 99);
  const floorP99 = percentile(floor.latencies, 99);
  emit({
    name: 'students.search.p50',
    dialect,
    value: percentile(latencies, 50),
    unit: 'ms',
    limit: percentile(floor.latencies, 50),
    limitName: 'sequential hello-world p50',
    requests: latencies.length,
  });
  emit({
    name: 'students.search.p99',
    dialect,
    value: p99,
    unit: 'ms',
    limit: floorP99,
    limitName: 'sequential hello-world p99',
    ratio: p99 / floorP99,
    goal: '≤ 5 ms',
    met: p99 <= 5,
    max: latencies[latencies.length - 1],
    requests: latencies.length,
    // Warm-up requests are counted too; a search that finds nobody is still a search.
    withResults: search.found,
    ownCpuCores: search.cpu.ownCores,
    otherCpuCores: search.cpu.otherCores,
    attempts: search.attempts,
    examples: terms.slice(0, 8),
  });
}
