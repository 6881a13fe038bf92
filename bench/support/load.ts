import autocannon, { type RawRequest } from 'autocannon';
import { percentile } from './report.ts';

export interface LoadOptions {
  url: string;
  connections: number;
  durationSeconds: number;
  method?: string;
  headers?: Record<string, string>;
  /** Called for every request: returns the path and body to send (to vary locations or accounts). */
  next?: () => { path: string; body?: string };
}

export interface LoadResult {
  requestsPerSecond: number;
  /** Latencies from every response, in ms with sub-millisecond precision (autocannon's own are whole ms). */
  p50: number;
  p99: number;
  autocannonP99: number;
  responses: number;
  non2xx: number;
  errors: number;
}

/** Runs autocannon in this process and collects exact latencies from its response events. */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  const { next } = options;
  const instance = autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationSeconds,
    pipelining: 1,
    timeout: 30,
    method: options.method ?? 'GET',
    headers: options.headers ?? {},
    requests: next
      ? [
          {
            setupRequest(request: RawRequest) {
              const { path, body } = next();
              return body === undefined ? { ...request, path } : { ...request, path, body };
            },
          },
        ]
      : undefined,
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
  });
  const result = await instance;
  latencies.sort((a, b) => a - b);
  return {
    requestsPerSecond: (result['2xx'] ?? 0) / result.duration,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    autocannonP99: result.latency.p99,
    responses: latencies.length,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}
