import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Where the built console lives, relative to the project root. */
export const WEB_DIST = path.resolve(import.meta.dirname, '../../dist/web');
const ROOT = path.resolve(import.meta.dirname, '../..');
const STAMP = path.join(WEB_DIST, '.source-hash');
/** Held while one process builds, so nodes started together from one checkout build once, not against each other. */
const LOCK = path.join(ROOT, 'dist/.web-build.lock');
/** A lock older than this belongs to a build that died. */
const STALE_LOCK_MS = 5 * 60 * 1000;

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

/** A hash of everything the console bundle is made from. */
export function consoleSourceHash(): string {
  const hash = createHash('sha256');
  const sources = [
    ...filesUnder(path.join(ROOT, 'src/web')),
    // Plain data the console shares with the server (grades, sign-in methods).
    ...filesUnder(path.join(ROOT, 'src/shared')),
    path.join(ROOT, 'vite.config.ts'),
    path.join(ROOT, 'package-lock.json'),
  ];
  for (const file of sources.sort()) {
    hash.update(path.relative(ROOT, file));
    hash.update(fs.readFileSync(file));
  }
  return hash.digest('hex');
}

/**
 * Builds the console with Vite when dist/web is missing or older than its sources, so `npm start` on a fresh
 * checkout serves a current console. Returns false (and the caller serves the API alone) when no build is possible.
 */
export function ensureConsoleBuilt(log: (message: string) => void): boolean {
  const hash = consoleSourceHash();
  const current = () => fs.existsSync(STAMP) && fs.readFileSync(STAMP, 'utf8') === hash;
  if (current()) return true;
  const vite = path.join(ROOT, 'node_modules/vite/bin/vite.js');
  if (!fs.existsSync(vite)) {
    log('The console is not built and Vite is not installed (npm ci installs it); serving the API only.');
    return fs.existsSync(path.join(WEB_DIST, 'index.html'));
  }
  while (!takeLock()) {
    log('Another process is building the console; waiting for it…');
    waitForLock();
    if (current()) return true;
  }
  try {
    log('Building the console (once after each change; about half a minute)…');
    const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
      cwd: ROOT,
      stdio: 'inherit',
      // Vite builds React's development bundle when NODE_ENV is anything but production (Vitest sets "test").
      env: { ...process.env, NODE_ENV: 'production' },
    });
    if (result.status !== 0) throw new Error('Building the console failed; see the output above');
    fs.writeFileSync(STAMP, hash);
    return true;
  } finally {
    fs.rmSync(LOCK, { force: true });
  }
}

/** Takes the build lock; false while another process holds a lock that is not stale. */
function takeLock(): boolean {
  fs.mkdirSync(path.dirname(LOCK), { recursive: true });
  try {
    fs.writeFileSync(LOCK, String(process.pid), { flag: 'wx' });
    return true;
  } catch {
    const age = Date.now() - (fs.statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? 0);
    if (age > STALE_LOCK_MS) fs.rmSync(LOCK, { force: true });
    return false;
  }
}

/** Waits (at start-up, so blocking is fine) until the lock is gone or stale. */
function waitForLock(): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    const stat = fs.statSync(LOCK, { throwIfNoEntry: false });
    if (!stat || Date.now() - stat.mtimeMs > STALE_LOCK_MS) return;
    Atomics.wait(pause, 0, 0, 250);
  }
}
