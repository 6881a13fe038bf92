import os from 'node:os';
import { hash, verify } from '@node-rs/argon2';

/** Hashes and verifies chosen passwords. Both run on libuv's thread pool, never on the event loop. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** Resolves false for a wrong password or a malformed hash; never throws. */
  verify(passwordHash: string, password: string): Promise<boolean>;
}

// `algorithm: 2` is Argon2id (the package's const enum cannot be imported under verbatimModuleSyntax).
/** OWASP's Argon2id parameters: 19 MiB, 2 passes, 1 lane. */
export const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/**
 * At most `permits` tasks at once; the rest wait in order. Argon2id is memory-bound: more runs in parallel than
 * cores only thrash the caches (measured here: 4 threads on 2 cores verify half as many passwords per second as 2).
 */
export function limiter(permits: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async function run<T>(task: () => Promise<T>): Promise<T> {
    if (running >= permits) await new Promise<void>((resolve) => waiting.push(resolve));
    running += 1;
    try {
      return await task();
    } finally {
      running -= 1;
      waiting.shift()?.();
    }
  };
}

/** The real hasher: Argon2id, one at a time per core. */
export function createArgon2Hasher(permits = os.availableParallelism()): PasswordHasher {
  const run = limiter(permits);
  return {
    hash: (password) => run(() => hash(password, ARGON2_OPTIONS)),
    verify: (passwordHash, password) =>
      run(async () => {
        try {
          return await verify(passwordHash, password);
        } catch {
          return false;
        }
      }),
  };
}

export const argon2Hasher: PasswordHasher = createArgon2Hasher();
