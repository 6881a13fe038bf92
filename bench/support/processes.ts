import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface Child {
  name: string;
  pid: number;
  baseUrl: string;
  /** Everything the child wrote, for the error message when it dies. */
  output(): string;
  stop(): Promise<void>;
}

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

/** Resident set size of a process in MB (VmRSS from /proc), or NaN once it has gone. */
export function rssMb(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match?.[1] ? Number(match[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Samples a process's RSS every `intervalMs` until stopped; resolves with the peak and the samples. */
export function sampleRss(pid: number, intervalMs = 100) {
  const samples: number[] = [];
  const take = () => {
    const value = rssMb(pid);
    if (!Number.isNaN(value)) samples.push(value);
  };
  take();
  const timer = setInterval(take, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return { peak: Math.max(...samples), samples: samples.length, first: samples[0] ?? Number.NaN };
    },
  };
}

async function waitUntilReady(child: ChildProcess, url: string, output: () => string, timeoutMs = 240_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`process exited with ${child.exitCode}:\n${output()}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no answer from ${url} within ${timeoutMs} ms:\n${output()}`);
}

async function startChild(
  name: string,
  args: string[],
  env: Record<string, string>,
  readyPath: string,
  port: number,
): Promise<Child> {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const baseUrl = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitUntilReady(child, `${baseUrl}${readyPath}`, () => output);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    name,
    pid: child.pid ?? -1,
    baseUrl,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** `node bin/schoolpas.js serve` against the given database, in its own process. */
export async function startSchoolpas(databaseUrl: string, dataDir: string): Promise<Child> {
  const port = await freePort();
  return startChild(
    'schoolpas',
    ['bin/schoolpas.js', 'serve'],
    { DATABASE_URL: databaseUrl, SCHOOLPAS_DATA_DIR: dataDir, LOG_LEVEL: 'warn', HOST: '127.0.0.1' },
    '/api/v1/health',
    port,
  );
}

/** A bare Fastify hello-world in its own process: the ceiling for any Fastify route on this machine. */
export async function startHelloWorld(): Promise<Child> {
  const port = await freePort();
  return startChild('hello-world', ['--import', 'tsx', 'bench/support/hello-world.ts'], {}, '/', port);
}
