import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { addressKey } from '../../src/modules/credentials/index.ts';
import type { PasswordHasher } from '../../src/platform/passwords.ts';
import { expectStatus, newBoard, PASSWORD } from '../support/api.ts';
import { describeEach, testHasher } from '../support/harness.ts';

const counting = { verifies: 0 };
const countingHasher: PasswordHasher = {
  hash: (password) => testHasher.hash(password),
  verify: (hash, password) => {
    counting.verifies += 1;
    return testHasher.verify(hash, password);
  },
};

describe('addressKey', () => {
  it('should count IPv4 addresses alone and IPv6 addresses by their /64', () => {
    expect(addressKey('192.0.2.7')).toBe('192.0.2.7');
    expect(addressKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe(addressKey('2001:db8:1:2:bbbb::9'));
    expect(addressKey('2001:db8:1:2::1')).not.toBe(addressKey('2001:db8:1:3::1'));
  });
});

describeEach(
  'per-address limit',
  (t) => {
    /** An app with a small limit, so a test reaches it quickly. */
    async function limitedApp(limit: number) {
      const { ctx } = t();
      const app = await buildApp({
        ...ctx,
        config: { ...ctx.config, signInFailuresPerAddress: limit },
        logger: false,
      });
      return app;
    }
    const attempt = (
      app: Awaited<ReturnType<typeof limitedApp>>,
      email: string,
      password: string,
      ip: string,
    ) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password },
        remoteAddress: ip,
      });

    describe('when one address guesses across many accounts', () => {
      it('should refuse it after the limit without checking passwords, and leave other addresses alone', async () => {
        const { ctx, app: mainApp, clock } = t();
        const { adminEmail } = await newBoard(ctx, mainApp);
        const app = await limitedApp(10);
        try {
          for (let i = 0; i < 10; i++)
            expect((await attempt(app, `onbekend${i}@example.org`, 'raden', '198.51.100.1')).statusCode).toBe(
              401,
            );
          counting.verifies = 0;
          const refused = await attempt(app, adminEmail, PASSWORD, '198.51.100.1');
          expect(expectStatus(refused, 429).code).toBe('TOO_MANY_ATTEMPTS');
          expect(counting.verifies).toBe(0);
          expect((await attempt(app, adminEmail, PASSWORD, '198.51.100.2')).statusCode).toBe(200);
          clock.advance(10 * 60_000);
          expect((await attempt(app, adminEmail, PASSWORD, '198.51.100.1')).statusCode).toBe(200);
        } finally {
          await app.close();
        }
      });

      it('should count only failures: a class signing in from one address is never stopped', async () => {
        const { ctx, app: mainApp } = t();
        const { adminEmail } = await newBoard(ctx, mainApp);
        const app = await limitedApp(3);
        try {
          for (let i = 0; i < 2; i++) await attempt(app, adminEmail, 'fout', '203.0.113.5');
          for (let i = 0; i < 20; i++)
            expect((await attempt(app, adminEmail, PASSWORD, '203.0.113.5')).statusCode).toBe(200);
        } finally {
          await app.close();
        }
      });

      it('should let no more than the limit through when a hundred arrive at once', async () => {
        const app = await limitedApp(10);
        try {
          counting.verifies = 0;
          const answers = await Promise.all(
            Array.from({ length: 100 }, (_, i) =>
              attempt(app, `niemand${i}@example.org`, 'raden', '198.51.100.9'),
            ),
          );
          const statuses = answers.map((a) => a.statusCode);
          expect(statuses.filter((s) => s === 401)).toHaveLength(10);
          expect(statuses.filter((s) => s === 429)).toHaveLength(90);
          expect(counting.verifies).toBe(10);
        } finally {
          await app.close();
        }
      });

      it('should let no extra picture guess through when the last place of an address is raced for', async () => {
        const { ctx, app: mainApp } = t();
        const { admin } = await newBoard(ctx, mainApp);
        const location = expectStatus(await admin.post('/api/v1/locations', { name: 'Race' }), 201);
        const group = expectStatus(
          await admin.post('/api/v1/groups', {
            name: 'Groep 1',
            locationId: location.id,
            signInMethod: 'pictures',
          }),
          201,
        );
        const child = async (firstName: string) => {
          const s = expectStatus(
            await admin.post('/api/v1/students', { firstName, lastName: 'Ras', groupIds: [group.id] }),
            201,
          );
          await admin.put(`/api/v1/students/${s.id}/pictures`, { pictureSequence: ['sun', 'star'] });
          return s.id as string;
        };
        const [right, wrong] = [await child('Ada'), await child('Bo')];
        const app = await limitedApp(5);
        const pictures = (personId: string, pictureSequence: string[]) =>
          app.inject({
            method: 'POST',
            url: '/api/v1/auth/login',
            payload: { personId, pictureSequence },
            remoteAddress: '198.51.100.30',
          });
        try {
          // Four failures from unknown names: one place left.
          for (let i = 0; i < 4; i++)
            expect(
              (await pictures(`01900000-0000-7000-8000-00000000000${i}`, ['sun', 'star'])).statusCode,
            ).toBe(401);
          const answers = await Promise.all(
            Array.from({ length: 40 }, (_, i) =>
              i === 20 ? pictures(right, ['sun', 'star']) : pictures(wrong, ['bus', 'bus']),
            ),
          );
          const statuses = answers.map((a) => a.statusCode);
          // Exactly one wrong guess took the last place; the right one got in only if it came before it.
          expect(statuses.filter((s) => s === 401)).toHaveLength(1);
          expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(1);
          expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(38);
          expect(statuses.every((s) => s === 200 || s === 401 || s === 429)).toBe(true);
          // Now the address is full: even the right pictures are refused.
          expect(expectStatus(await pictures(right, ['sun', 'star']), 429).code).toBe('TOO_MANY_ATTEMPTS');
        } finally {
          await app.close();
        }
      });

      it('should answer a flood from a refused address quickly', async () => {
        const app = await limitedApp(1);
        try {
          await attempt(app, 'niemand@example.org', 'raden', '198.51.100.20');
          const started = performance.now();
          const answers = await Promise.all(
            Array.from({ length: 1000 }, () => attempt(app, 'niemand@example.org', 'raden', '198.51.100.20')),
          );
          const seconds = (performance.now() - started) / 1000;
          expect(answers.every((a) => a.statusCode === 429)).toBe(true);
          // 10,000 a minute is 167 a second; refusing must be far faster than that.
          expect(1000 / seconds).toBeGreaterThan(167);
        } finally {
          await app.close();
        }
      });
    });
  },
  { hasher: countingHasher },
);
