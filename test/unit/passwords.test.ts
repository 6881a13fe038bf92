import { describe, expect, it } from 'vitest';
import { createArgon2Hasher, limiter } from '../../src/platform/passwords.ts';

describe('password hashing', () => {
  describe('when more work arrives than there are permits', () => {
    it('should never run more tasks at once than permitted, and finish them all', async () => {
      const run = limiter(2);
      let running = 0;
      let peak = 0;
      const task = async (n: number) => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running -= 1;
        return n;
      };
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => run(() => task(i))));
      expect(results).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(peak).toBe(2);
    });

    it('should release the permit when a task fails', async () => {
      const run = limiter(1);
      await expect(run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
      expect(await run(async () => 'next')).toBe('next');
    });
  });

  describe('when a password is hashed with Argon2id', () => {
    it('should verify the right password only and never throw on a malformed hash', async () => {
      const hasher = createArgon2Hasher(2);
      const stored = await hasher.hash('correct horse battery');
      expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(await hasher.verify(stored, 'correct horse battery')).toBe(true);
      expect(await hasher.verify(stored, 'wrong')).toBe(false);
      expect(await hasher.verify('not-a-hash', 'x')).toBe(false);
    });
  });
});
