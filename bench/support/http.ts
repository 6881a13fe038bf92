import http from 'node:http';

export interface Answer {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** One HTTP request over a kept-alive connection (so sequential timings hold no TCP handshakes). */
export function request(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: options.method ?? 'GET', headers: options.headers, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString(),
            headers: res.headers,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** Signs in through POST /api/v1/auth/login; returns the Cookie header value for later requests. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const answer = await request(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (answer.status !== 200) throw new Error(`sign-in failed: ${answer.status} ${answer.body}`);
  const setCookie = answer.headers['set-cookie']?.find((c) => c.startsWith('schoolpas_session='));
  if (!setCookie) throw new Error('sign-in answered without a session cookie');
  return setCookie.split(';')[0] ?? '';
}

/**
 * Sends `urls` one after another (after `warmup` untimed ones) and returns each latency in ms, ascending.
 * Throws on any answer other than 200: a benchmark of errors measures nothing.
 */
export async function sequentialLatencies(
  urls: readonly string[],
  headers: Record<string, string>,
  warmup: number,
  check?: (answer: Answer, url: string) => void,
): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < urls.length + warmup; i++) {
    const url = urls[i % urls.length] ?? '';
    const started = performance.now();
    const answer = await request(url, { headers });
    const elapsed = performance.now() - started;
    if (answer.status !== 200)
      throw new Error(`${url} answered ${answer.status}: ${answer.body.slice(0, 300)}`);
    check?.(answer, url);
    if (i >= warmup) latencies.push(elapsed);
  }
  return latencies.sort((a, b) => a - b);
}
