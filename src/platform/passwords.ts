import { hash, verify } from '@node-rs/argon2';

/** Hashes and verifies chosen passwords. Both run on libuv's thread pool, never on the event loop. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** Resolves false for a wrong password or a malformed hash; never throws. */
  verify(passwordHash: string, password: string): Promise<boolean>;
}

/** OWASP's Argon2id parameters: 19 MiB, 2 passes, 1 lane. */
// `algorithm: 2` is Argon2id (the package's const enum cannot be imported under verbatimModuleSyntax).
export const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const argon2Hasher: PasswordHasher = {
  hash: (password) => hash(password, ARGON2_OPTIONS),
  async verify(passwordHash, password) {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  },
};
