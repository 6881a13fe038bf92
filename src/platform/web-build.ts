import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Where the built console lives, relative to the project root. */
export const WEB_DIST = path.resolve(import.meta.dirname, '../../dist/web');
const ROOT = path.resolve(import.meta.dirname, '../..');
const STAMP = path.join(WEB_DIST, '.source-hash');

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
  if (fs.existsSync(STAMP) && fs.readFileSync(STAMP, 'utf8') === hash) return true;
  const vite = path.join(ROOT, 'node_modules/vite/bin/vite.js');
  if (!fs.existsSync(vite)) {
    log('The console is not built and Vite is not installed (npm ci installs it); serving the API only.');
    return fs.existsSync(path.join(WEB_DIST, 'index.html'));
  }
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
}
