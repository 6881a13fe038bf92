import { describe, expect, it } from 'vitest';
import { expireStaleImports } from '../../src/modules/imports/index.ts';
import { expectStatus, newBoard, PASSWORD, signIn, unique } from '../support/api.ts';
import { describeEach } from '../support/harness.ts';
import { finished, upload } from '../support/imports.ts';

/**
 * What happens to an import over its life: the names it holds are dropped once they served their purpose, a
 * preview nobody applies and an import whose node stopped do not stay forever, and rights are asked again when it
 * is applied and when its passwords are handed out.
 */

const CSV = Buffer.from(
  'Voornaam;Achternaam;Groep;Locatie\nDaan;Vries;Groep 3;De Linde\nSem;;Groep 3;De Linde\n',
);

describeEach('import lifecycle', (t) => {
  describe('when an import is applied or discarded', () => {
    it('should keep only the counts of its preview, not the names', async () => {
      const { app, ctx } = t();
      const { admin } = await newBoard(ctx, app);
      const applied = expectStatus(await upload(admin, 'leerlingen.csv', CSV, { kind: 'student' }), 201);
      expect(applied.preview.rejected).toHaveLength(1);
      expectStatus(await admin.post(`/api/v1/imports/${applied.id}/apply`), 202);
      const done = await finished(admin, applied.id);
      expect(done.preview).toMatchObject({ students: { new: 1, rejected: 1 }, rejected: [], changes: [] });
      const row = await ctx.db
        .selectFrom('imports')
        .selectAll()
        .where('id', '=', applied.id)
        .executeTakeFirst();
      expect(row?.roster).toBeNull();
      expect(row?.preview).not.toContain('Daan');
      expect(row?.preview).not.toContain('Sem');

      const dropped = expectStatus(await upload(admin, 'leerlingen.csv', CSV, { kind: 'student' }), 201);
      expect((await admin.delete(`/api/v1/imports/${dropped.id}`)).statusCode).toBe(204);
      const gone = await ctx.db
        .selectFrom('imports')
        .selectAll()
        .where('id', '=', dropped.id)
        .executeTakeFirst();
      expect(gone).toMatchObject({ status: 'discarded', roster: null });
      expect(gone?.preview).not.toContain('Vries');
    });
  });

  describe('when a preview is left for a day, or an import stays queued for hours', () => {
    it('should discard the preview and fail the import, in every board', async () => {
      const { app, ctx } = t();
      const { admin } = await newBoard(ctx, app);
      const { admin: other } = await newBoard(ctx, app);
      const make = async (client = admin) =>
        expectStatus(await upload(client, 'leerlingen.csv', CSV, { kind: 'student' }), 201).id as string;
      const hoursAgo = (hours: number) => new Date(Date.now() - hours * 60 * 60 * 1000).toISOString();
      const age = (id: string, hours: number, status?: 'running' | 'queued') =>
        ctx.db
          .updateTable('imports')
          .set({ updated_at: hoursAgo(hours), ...(status ? { status } : {}) })
          .where('id', '=', id)
          .execute();
      const [left, elsewhere, recent, stuck, busy] = [
        await make(),
        await make(other),
        await make(),
        await make(),
        await make(),
      ];
      await age(left, 25);
      await age(elsewhere, 25);
      await age(recent, 23);
      await age(stuck, 3, 'running'); // as if its node stopped while it ran
      await age(busy, 1, 'queued');
      expect(await expireStaleImports(ctx)).toBe(3);

      const status = async (id: string) =>
        ctx.db
          .selectFrom('imports')
          .select(['status', 'roster', 'result'])
          .where('id', '=', id)
          .executeTakeFirst();
      expect(await status(left)).toEqual({ status: 'discarded', roster: null, result: null });
      expect(await status(elsewhere)).toEqual({ status: 'discarded', roster: null, result: null });
      expect(await status(stuck)).toEqual({
        status: 'failed',
        roster: null,
        result: JSON.stringify({ error: 'IMPORT_INTERRUPTED' }),
      });
      expect((await status(recent))?.status).toBe('preview');
      expect((await status(busy))?.status).toBe('queued');
      expect(expectStatus(await admin.post(`/api/v1/imports/${left}/apply`), 409).code).toBe(
        'IMPORT_NOT_PENDING',
      );
    });
  });

  describe('when the job cannot be queued', () => {
    it('should put the import back to preview, so it can be applied again', async () => {
      const { app, ctx } = t();
      const { admin } = await newBoard(ctx, app);
      const view = expectStatus(await upload(admin, 'leerlingen.csv', CSV, { kind: 'student' }), 201);
      const send = ctx.jobs.send;
      ctx.jobs.send = async () => {
        throw new Error('the queue is unreachable');
      };
      try {
        expect((await admin.post(`/api/v1/imports/${view.id}/apply`)).statusCode).toBe(500);
      } finally {
        ctx.jobs.send = send;
      }
      expect(expectStatus(await admin.get(`/api/v1/imports/${view.id}`), 200).status).toBe('preview');
      expectStatus(await admin.post(`/api/v1/imports/${view.id}/apply`), 202);
      expect((await finished(admin, view.id)).status).toBe('applied');
    });
  });

  describe("when a locatiebeheerder's rights change after the preview", () => {
    it('should refuse to apply it, and hand out only the passwords of students still theirs', async () => {
      const { app, ctx } = t();
      const { admin } = await newBoard(ctx, app);
      const linde = expectStatus(
        await admin.post('/api/v1/locations', { name: 'De Linde', code: 'LINDE' }),
        201,
      );
      const anker = expectStatus(
        await admin.post('/api/v1/locations', { name: 'Het Anker', code: 'ANKER' }),
        201,
      );
      const email = `${unique('lb')}@example.org`;
      const manager = expectStatus(
        await admin.post('/api/v1/staff', {
          firstName: 'Loes',
          lastName: 'Beheer',
          email,
          password: PASSWORD,
          locations: [{ locationId: linde.id, level: 'admin' }],
        }),
        201,
      );
      const client = await signIn(app, email, PASSWORD);
      const csv = Buffer.from(
        'Voornaam;Achternaam;Groep;Locatie\nDaan;Vries;Groep 3;De Linde\nFleur;Bos;Groep 3;De Linde\n',
      );
      const applied = expectStatus(await upload(client, 'leerlingen.csv', csv, { kind: 'student' }), 201);
      expectStatus(await client.post(`/api/v1/imports/${applied.id}/apply`), 202);
      expect((await finished(client, applied.id)).status).toBe('applied');
      const waiting = expectStatus(await upload(client, 'leerlingen.csv', csv, { kind: 'student' }), 201);

      // Fleur moves to Het Anker.
      const fleur = expectStatus(await admin.get('/api/v1/students?q=fleur'), 200).items[0];
      const ankerGroup = expectStatus(
        await admin.post('/api/v1/groups', { name: 'Groep 4', locationId: anker.id }),
        201,
      );
      expectStatus(await admin.patch(`/api/v1/students/${fleur.id}`, { groupIds: [ankerGroup.id] }), 200);
      const list = expectStatus(await client.get(`/api/v1/imports/${applied.id}/passwords`), 200);
      expect(list.items.map((i: { name: string }) => i.name)).toEqual(['Daan Vries']);

      // Loes loses De Linde: her waiting preview is no longer hers to apply.
      expectStatus(
        await admin.patch(`/api/v1/staff/${manager.id}`, {
          locations: [{ locationId: anker.id, level: 'read' }],
        }),
        200,
      );
      const again = await signIn(app, email, PASSWORD);
      expect(expectStatus(await again.post(`/api/v1/imports/${waiting.id}/apply`), 403).code).toBe(
        'FORBIDDEN',
      );
      expect(expectStatus(await again.get(`/api/v1/imports/${waiting.id}`), 403).code).toBe('FORBIDDEN');
    });
  });
});
