import fs from 'node:fs';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { ServiceContext } from '../../src/platform/context.ts';
import { expectStatus, newBoard, PASSWORD, signIn, unique } from '../support/api.ts';
import { describeEach } from '../support/harness.ts';
import { finished, upload } from '../support/imports.ts';

const EDEXML = path.resolve(
  import.meta.dirname,
  '../../../shared/data/edexml/2.1/samples/EDEXML.Voorbeeld.2.1.xml',
);

describeEach('imports', (t) => {
  describe('when an administrator imports the public EDEXML sample', () => {
    it('should preview, apply, and then find nothing to change in the same file', async () => {
      const { app, ctx } = t();
      const { admin } = await newBoard(ctx, app);
      const file = fs.readFileSync(EDEXML);
      const first = expectStatus(await upload(admin, 'school.xml', file), 201);
      expect(first).toMatchObject({ status: 'preview', format: 'edexml' });
      expect(first.preview.students.new).toBeGreaterThan(0);
      expect(first.preview.locations.new).toBeGreaterThan(0);
      // The sample's rows without a last name (a student and a teacher) and a student who left: each counted as
      // the kind of row it is.
      expect(first.preview.students.rejected).toBe(2);
      expect(first.preview.staff.rejected).toBe(1);
      // Each rejected row carries a code and its params, for the console to say it in its own language (issue 5).
      expect(first.preview.rejected).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            kind: 'students',
            field: 'achternaam',
            code: 'LAST_NAME_MISSING',
            params: { kind: 'student', field: 'achternaam' },
            reason: 'The student has no last name (achternaam), which Schoolpas needs.',
          }),
          expect.objectContaining({ kind: 'students', code: 'PERSON_LEFT', params: { kind: 'student' } }),
          expect.objectContaining({ kind: 'staff', code: 'LAST_NAME_MISSING' }),
        ]),
      );
      for (const rejection of first.preview.rejected) expect(rejection.code).toEqual(expect.any(String));
      // Nothing is written before apply.
      expect(expectStatus(await admin.get('/api/v1/students?limit=1'), 200).total).toBe(0);

      expect(expectStatus(await admin.post(`/api/v1/imports/${first.id}/apply`), 202).status).toBe('queued');
      const done = await finished(admin, first.id);
      expect(done.status).toBe('applied');
      expect(done.result.created.students).toBe(first.preview.students.new);
      expect(expectStatus(await admin.get('/api/v1/students?limit=1'), 200).total).toBe(
        first.preview.students.new,
      );
      expect(expectStatus(await admin.post(`/api/v1/imports/${first.id}/apply`), 409).code).toBe(
        'IMPORT_NOT_PENDING',
      );

      const again = expectStatus(await upload(admin, 'school.xml', file), 201);
      for (const kind of ['locations', 'groups', 'staff', 'students', 'memberships'] as const) {
        expect(again.preview[kind], kind).toMatchObject({ new: 0, changed: 0 });
      }
      const audit = expectStatus(await admin.get('/api/v1/audit?action=import.apply'), 200);
      expect(audit.total).toBe(1);
    });
  });

  describe('when an administrator imports a OneRoster set as a zip', () => {
    it('should import what is valid, report the off-spec rows, and change nothing the second time', async () => {
      const { app, ctx } = t();
      const { admin } = await newBoard(ctx, app);
      const folder = path.resolve(import.meta.dirname, '../../../shared/data/oneroster/v1p2_full_dataset');
      const files = Object.fromEntries(
        fs
          .readdirSync(folder)
          .map((name) => [name, new Uint8Array(fs.readFileSync(path.join(folder, name)))]),
      );
      const zip = Buffer.from(zipSync(files));
      const first = expectStatus(await upload(admin, 'oneroster.zip', zip), 201);
      expect(first).toMatchObject({ format: 'oneroster', status: 'preview' });
      expect(first.preview.students.new).toBeGreaterThan(0);
      expect(first.preview.rejected.length).toBeGreaterThan(0);
      expectStatus(await admin.post(`/api/v1/imports/${first.id}/apply`), 202);
      expect((await finished(admin, first.id)).status).toBe('applied');
      const again = expectStatus(await upload(admin, 'oneroster.zip', zip), 201);
      for (const kind of ['locations', 'groups', 'staff', 'students', 'memberships'] as const) {
        expect(again.preview[kind], kind).toMatchObject({ new: 0, changed: 0 });
      }
    });
  });

  describe('when an administrator imports each public OneRoster set', () => {
    const SETS = [
      'v1p2_full_dataset',
      'oneroster_test_data',
      'Test_full_data_set',
      'Test_minimal_data_set',
      'oat-sa-messy/OneRosterv1p1BaseCSV',
    ];
    it.each(SETS)('should apply %s into a new board, then find nothing to change in it', async (set) => {
      const { app, ctx } = t();
      const { admin } = await newBoard(ctx, app);
      const folder = path.resolve(import.meta.dirname, '../../../shared/data/oneroster', set);
      const zip = Buffer.from(
        zipSync(
          Object.fromEntries(
            fs
              .readdirSync(folder)
              .filter((name) => name.endsWith('.csv'))
              .map((name) => [name, new Uint8Array(fs.readFileSync(path.join(folder, name)))]),
          ),
        ),
      );
      const first = expectStatus(await upload(admin, 'set.zip', zip), 201);
      const total = (['locations', 'groups', 'staff', 'students'] as const).reduce(
        (sum, kind) => sum + first.preview[kind].new,
        0,
      );
      expect(total, 'something to import').toBeGreaterThan(0);
      for (const r of first.preview.rejected) expect(r.reason, JSON.stringify(r)).not.toBe('');
      expectStatus(await admin.post(`/api/v1/imports/${first.id}/apply`), 202);
      expect((await finished(admin, first.id)).status).toBe('applied');
      const again = expectStatus(await upload(admin, 'set.zip', zip), 201);
      for (const kind of ['locations', 'groups', 'staff', 'students', 'memberships'] as const) {
        expect(again.preview[kind], `${set}: ${kind}`).toMatchObject({ new: 0, changed: 0 });
      }
    });
  });

  describe('when an administrator fills in the downloaded template', () => {
    it('should give CSV and Excel templates in Dutch and English that import as they are', async () => {
      const { app, ctx } = t();
      const { admin } = await newBoard(ctx, app);
      const csv = await admin.get('/api/v1/imports/templates/students.csv');
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(csv.headers['content-disposition']).toBe('attachment; filename="leerlingen.csv"');
      expect(csv.body).toContain('Voornaam');
      const english = await admin.get('/api/v1/imports/templates/staff.xlsx?lang=en');
      expect(english.headers['content-disposition']).toBe('attachment; filename="staff.xlsx"');
      expect(english.rawPayload.subarray(0, 2).toString('latin1')).toBe('PK');
      // The template's example row imports without a rejection.
      const view = expectStatus(
        await upload(admin, 'leerlingen.csv', csv.rawPayload, { kind: 'student' }),
        201,
      );
      expect(view.preview.rejected).toEqual([]);
      expect(view.preview.students.new).toBe(1);
      expect((await admin.get('/api/v1/imports/templates/secrets.csv')).statusCode).toBe(400);
    });
  });

  describe('when the file is not something Schoolpas imports', () => {
    it('should refuse hostile and unknown files clearly and write nothing', async () => {
      const { app, ctx } = t();
      const { admin } = await newBoard(ctx, app);
      const laughs = Buffer.from(
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><EDEX>&lol2;</EDEX>',
      );
      expect(expectStatus(await upload(admin, 'lol.xml', laughs), 400).code).toBe('IMPORT_FILE_UNSAFE');
      const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
      expect(expectStatus(await upload(admin, 'photo.csv', png), 415).code).toBe('IMPORT_FORMAT_UNKNOWN');
      expect(expectStatus(await admin.get('/api/v1/students?limit=1'), 200).total).toBe(0);
    });
  });

  describe('when a locatiebeheerder imports a CSV of students', () => {
    it('should import into their own location and reject rows of another', async () => {
      const { app, ctx } = t();
      const { admin } = await newBoard(ctx, app);
      const mine = expectStatus(
        await admin.post('/api/v1/locations', { name: 'De Linde', code: 'LINDE' }),
        201,
      );
      expectStatus(await admin.post('/api/v1/locations', { name: 'Het Anker', code: 'ANKER' }), 201);
      const email = `${unique('lb')}@example.org`;
      expectStatus(
        await admin.post('/api/v1/staff', {
          firstName: 'Loes',
          lastName: 'Beheer',
          email,
          password: PASSWORD,
          locations: [{ locationId: mine.id, level: 'admin' }],
        }),
        201,
      );
      const manager = await signIn(app, email, PASSWORD);
      const csv = Buffer.from(
        '\ufeffVoornaam;Tussenvoegsel;Achternaam;Groep;Locatie\nDaan;de;Vries;Groep 3;De Linde\nSem;;Kok;Groep 5;Het Anker\n',
      );
      const view = expectStatus(await upload(manager, 'leerlingen.csv', csv, { kind: 'student' }), 201);
      expect(view.format).toBe('csv');
      expect(view.preview.students).toMatchObject({ new: 1 });
      expect(view.preview.rejected).toContainEqual(
        expect.objectContaining({
          kind: 'locations',
          code: 'LOCATION_NOT_ADMINISTERED',
          params: { name: 'Het Anker' },
        }),
      );
      expectStatus(await manager.post(`/api/v1/imports/${view.id}/apply`), 202);
      expect((await finished(manager, view.id)).status).toBe('applied');
      const students = expectStatus(await admin.get('/api/v1/students'), 200);
      expect(students.items.map((s: { lastName: string }) => s.lastName)).toEqual(['Vries']);
      // The pakketbeheerder's imports are not the locatiebeheerder's to read.
      const boardWide = expectStatus(await upload(admin, 'leerlingen.csv', csv), 201);
      expect((await manager.get(`/api/v1/imports/${boardWide.id}`)).statusCode).toBe(403);
    });
  });

  describe('when someone without the rights imports', () => {
    it('should refuse teachers, and keep imports of another board out of sight', async () => {
      const { app, ctx } = t();
      const { admin } = await newBoard(ctx, app);
      const email = `${unique('juf')}@example.org`;
      expectStatus(
        await admin.post('/api/v1/staff', { firstName: 'Juf', lastName: 'Ans', email, password: PASSWORD }),
        201,
      );
      const teacher = await signIn(app, email, PASSWORD);
      const csv = Buffer.from('Voornaam;Achternaam\nDaan;Vries\n');
      expect(expectStatus(await upload(teacher, 'leerlingen.csv', csv), 403).code).toBe('FORBIDDEN');
      const mine = expectStatus(await upload(admin, 'leerlingen.csv', csv), 201);
      const { admin: stranger } = await newBoard(ctx, app);
      expect((await stranger.get(`/api/v1/imports/${mine.id}`)).statusCode).toBe(404);
      expect((await stranger.post(`/api/v1/imports/${mine.id}/apply`)).statusCode).toBe(404);
    });
  });

  describe('when the administrator maps columns and picks a location for a CSV', () => {
    it('should say how the columns were matched, take the chosen ones, and discard the replaced preview', async () => {
      const { app, ctx } = t();
      const { admin } = await newBoard(ctx, app);
      const linde = expectStatus(
        await admin.post('/api/v1/locations', { name: 'De Linde', code: 'LINDE' }),
        201,
      );
      // "Kind" and "Familie" are no header Schoolpas knows; "BSN" is data it never stores.
      const csv = Buffer.from(
        'Kind;Familie;Klas;BSN\nDaan;Vries;Groep 3;123456789\nSem;Kok;Groep 3;987654321\n',
      );
      const auto = expectStatus(await upload(admin, 'lijst.csv', csv, { kind: 'student' }), 201);
      expect(auto.columns).toMatchObject({
        headers: ['Kind', 'Familie', 'Klas', 'BSN'],
        unmatched: ['Kind', 'Familie'],
        ignored: ['BSN'],
      });
      expect(auto.columns.mapping).toMatchObject({ firstName: null, lastName: null, group: [2] });
      expect(auto.preview.students.new).toBe(0);

      const mapped = expectStatus(
        await upload(admin, 'lijst.csv', csv, {
          kind: 'student',
          mapping: JSON.stringify({ firstName: 0, lastName: 1 }),
          location: linde.id,
        }),
        201,
      );
      expect(mapped.columns.mapping).toMatchObject({ firstName: 0, lastName: 1, group: [2] });
      expect(mapped.columns.unmatched).toEqual([]);
      expect(mapped.preview.students).toMatchObject({ new: 2, rejected: 0 });
      expect(mapped.preview.groups.new).toBe(1);
      // The chosen location, linked to the file by its code from now on: no new location.
      expect(mapped.preview.locations).toMatchObject({ new: 0, rejected: 0 });
      expect(JSON.stringify(mapped)).not.toContain('123456789');

      expect((await admin.delete(`/api/v1/imports/${auto.id}`)).statusCode).toBe(204);
      expect(expectStatus(await admin.get(`/api/v1/imports/${auto.id}`), 200).status).toBe('discarded');
      expect(expectStatus(await admin.post(`/api/v1/imports/${auto.id}/apply`), 409).code).toBe(
        'IMPORT_NOT_PENDING',
      );
      expect(expectStatus(await admin.delete(`/api/v1/imports/${auto.id}`), 409).code).toBe(
        'IMPORT_NOT_PENDING',
      );

      for (const mapping of [
        '{"firstName": "Kind"}',
        '{"shoeSize": 3}',
        '[1,2]',
        'not json',
        '{"group": 2}',
      ]) {
        const refused = await upload(admin, 'lijst.csv', csv, { kind: 'student', mapping });
        expect(expectStatus(refused, 400).code, mapping).toBe('VALIDATION_FAILED');
      }
      const nowhere = await upload(admin, 'lijst.csv', csv, {
        location: '0190a1c2-0000-7000-8000-000000000000',
      });
      expect(expectStatus(nowhere, 404).code).toBe('LOCATION_NOT_FOUND');
    });
  });

  describe('when an import that creates students has been applied', () => {
    it("should list it in the history and hand out the new students' passwords and sign-in cards", async () => {
      const { app, ctx } = t();
      const { admin, adminId } = await newBoard(ctx, app);
      const csv = Buffer.from(
        'Voornaam;Achternaam;Groep;Locatie\nDaan;Vries;Groep 3;De Linde\nSem;Kok;Groep 4;De Linde\n',
      );
      const view = expectStatus(await upload(admin, 'leerlingen.csv', csv, { kind: 'student' }), 201);
      expect(expectStatus(await admin.get(`/api/v1/imports/${view.id}/passwords`), 409).code).toBe(
        'IMPORT_NOT_APPLIED',
      );
      expectStatus(await admin.post(`/api/v1/imports/${view.id}/apply`), 202);
      const done = await finished(admin, view.id);
      expect(done.result).toMatchObject({
        newStudents: 2,
        created: { students: 2, groups: 2, locations: 1 },
      });
      expect(done.progress.done).toBe(done.progress.total);
      expect(done.progress.total).toBeGreaterThan(0);

      const history = expectStatus(await admin.get('/api/v1/imports'), 200);
      expect(history.total).toBe(1);
      expect(history.items[0]).toMatchObject({
        id: view.id,
        fileName: 'leerlingen.csv',
        status: 'applied',
        counts: { students: { new: 2 } },
        createdBy: { id: adminId, name: 'Anna Admin' },
      });

      const passwords = expectStatus(await admin.get(`/api/v1/imports/${view.id}/passwords`), 200);
      expect(passwords.items.map((i: { name: string; groups: string[] }) => [i.name, i.groups])).toEqual([
        ['Sem Kok', ['Groep 4']],
        ['Daan Vries', ['Groep 3']],
      ]);
      for (const item of passwords.items) expect(item.temporaryPassword).toMatch(/\S{6,}/);
      const cards = await admin.get(`/api/v1/imports/${view.id}/cards.pdf`);
      expect(cards.statusCode).toBe(200);
      expect(cards.headers['content-type']).toBe('application/pdf');
      expect(cards.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const audit = expectStatus(await admin.get('/api/v1/audit?action=import.passwords.read'), 200);
      expect(audit.total).toBe(1);
    });
  });

  describe("when a locatiebeheerder's file names a teacher and a group of a school they do not administer", () => {
    it('should reject those rows without showing who or what they are, and change nothing at that school', async () => {
      const { app, ctx } = t();
      const { admin, boardId } = await newBoard(ctx, app);
      const mine = expectStatus(
        await admin.post('/api/v1/locations', { name: 'De Linde', code: 'LINDE' }),
        201,
      );
      expectStatus(await admin.post('/api/v1/locations', { name: 'Het Anker', code: 'ANKER' }), 201);
      const managerEmail = `${unique('lb')}@example.org`;
      expectStatus(
        await admin.post('/api/v1/staff', {
          firstName: 'Loes',
          lastName: 'Beheer',
          email: managerEmail,
          password: PASSWORD,
          locations: [{ locationId: mine.id, level: 'admin' }],
        }),
        201,
      );
      const manager = await signIn(app, managerEmail, PASSWORD);
      // The other school's teacher and group, imported by the pakketbeheerder (so the group has a source key).
      const theirEmail = `${unique('bram')}@example.org`;
      const theirs = expectStatus(
        await upload(
          admin,
          'personeel.csv',
          Buffer.from(
            `Voornaam;Achternaam;E-mail;Groep;Locatie\nBram;Zeeman;${theirEmail};Groep 8;Het Anker\n`,
          ),
          { kind: 'staff' },
        ),
        201,
      );
      expectStatus(await admin.post(`/api/v1/imports/${theirs.id}/apply`), 202);
      expect((await finished(admin, theirs.id)).status).toBe('applied');
      const group = await ctx.db
        .selectFrom('groups')
        .select(['id', 'source_key'])
        .where('board_id', '=', boardId)
        .where('name', '=', 'Groep 8')
        .executeTakeFirstOrThrow();
      const before = await otherSchool(ctx, boardId, theirEmail);

      const staffList = Buffer.from(
        `Voornaam;Achternaam;E-mail;Groep;Locatie\nIemand;Anders;${theirEmail.toUpperCase()};Groep 3;De Linde\nEls;Bos;els@example.org;Groep 3;De Linde\n`,
      );
      const view = expectStatus(await upload(manager, 'personeel.csv', staffList, { kind: 'staff' }), 201);
      expect(view.preview.staff).toMatchObject({ new: 1, changed: 0, unchanged: 0, rejected: 1 });
      expect(view.preview.rejected).toEqual([
        {
          row: 2,
          kind: 'staff',
          field: 'email',
          code: 'TAKEN_ON_BOARD',
          params: { kind: 'email' },
          reason: 'this e-mail address belongs to another person of the board',
        },
      ]);
      // Only the manager's own school changes (it gets the file's key).
      expect(view.preview.changes.map((c: { kind: string }) => c.kind)).toEqual(['locations']);

      // A OneRoster set (CSV files) whose class has the other school's group key, at the manager's own school.
      const oneRoster = Buffer.from(
        zipSync({
          'orgs.csv': strToU8(`sourcedId,status,name,type\n${mine.id},,De Linde,school\n`),
          'classes.csv': strToU8(
            `sourcedId,status,title,schoolSourcedId\n${group.source_key},,Groep 8,${mine.id}\n`,
          ),
          'users.csv': strToU8(
            `sourcedId,status,enabledUser,orgSourcedIds,role,givenName,familyName,email\nu1,,true,${mine.id},teacher,Iemand,Anders,${theirEmail}\n`,
          ),
          'enrollments.csv': strToU8(
            `sourcedId,status,classSourcedId,schoolSourcedId,userSourcedId,role\ne1,,${group.source_key},${mine.id},u1,teacher\n`,
          ),
        }),
      );
      const set = expectStatus(await upload(manager, 'set.zip', oneRoster), 201);
      expect(set.preview.groups).toMatchObject({ new: 0, changed: 0, unchanged: 0, rejected: 1 });
      expect(set.preview.rejected).toContainEqual(
        expect.objectContaining({
          kind: 'groups',
          code: 'GROUP_NOT_ADMINISTERED',
          params: { name: 'Groep 8' },
        }),
      );
      expect(set.preview.staff).toMatchObject({ new: 0, changed: 0, unchanged: 0 });

      for (const preview of [view, set]) {
        const json = JSON.stringify(preview);
        for (const secret of ['Bram', 'Zeeman', group.id]) expect(json).not.toContain(secret);
      }
      for (const preview of [view, set]) {
        expectStatus(await manager.post(`/api/v1/imports/${preview.id}/apply`), 202);
        expect((await finished(manager, preview.id)).status).toBe('applied');
      }
      expect(await otherSchool(ctx, boardId, theirEmail)).toEqual(before);
    });
  });
});

/** The other school's teacher as stored: name, groups (with their names and locations). */
async function otherSchool(ctx: ServiceContext, boardId: string, email: string) {
  const person = await ctx.db
    .selectFrom('people')
    .select(['id', 'first_name', 'last_name', 'email'])
    .where('board_id', '=', boardId)
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  const groups = await ctx.db
    .selectFrom('memberships')
    .innerJoin('groups', 'groups.id', 'memberships.group_id')
    .select(['groups.id', 'groups.name', 'groups.location_id'])
    .where('memberships.person_id', '=', person.id)
    .orderBy('groups.id')
    .execute();
  return { person, groups };
}
