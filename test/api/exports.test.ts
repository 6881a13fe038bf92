import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { applyImportNow, previewImportForBoard } from '../../src/modules/imports/index.ts';
import { matchColumns, readTable, tableToRoster } from '../../src/modules/imports/tabular.ts';
import type { ServiceContext } from '../../src/platform/context.ts';
import { displayName } from '../../src/platform/text.ts';
import { type Client, expectStatus, newBoard, signIn, unique } from '../support/api.ts';
import { describeEach, type TestEnv } from '../support/harness.ts';

const API = '/api/v1';
const TEMPORARY = 'tijdelijk wachtwoord';

/** A CSV export's rows (header first), read as Dutch Excel would: BOM, `;`. */
function csvRows(response: LightMyRequestResponse): string[][] {
  expect(response.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  return parse(response.rawPayload, { delimiter: ';', bom: true, relax_column_count: true });
}

/** An Excel export's first sheet as rows of text (header first). */
async function xlsxRows(response: LightMyRequestResponse): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error('no sheet');
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let column = 1; column <= sheet.columnCount; column++) {
      const value = row.getCell(column).value;
      cells.push(value === null || value === undefined ? '' : String(value));
    }
    rows.push(cells);
  });
  return rows;
}

/** Rows as objects by header, for readable assertions. */
function byHeader(rows: string[][]): Record<string, string>[] {
  const [header = [], ...rest] = rows;
  return rest.map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i] ?? ''])));
}

/** The OneRoster zip's files as text. */
function zipFiles(response: LightMyRequestResponse): Record<string, string> {
  const files = unzipSync(new Uint8Array(response.rawPayload));
  return Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, strFromU8(bytes)]));
}

/**
 * A board to export: two locations (one with a code), groups with and without a jaargroep, a combination group, a
 * locatiebeheerder who teaches, a teacher, students in one and in two groups, names with an infix, and names that
 * start with "=", "-", "+" and "@" (formula injection).
 */
async function buildBoard(env: TestEnv) {
  const { app, ctx } = env;
  const board = await newBoard(ctx, app);
  const { admin } = board;
  const post = async (url: string, body: unknown) =>
    expectStatus(await admin.post(`${API}${url}`, body), 201);
  const linde = await post('/locations', { name: 'De Linde', code: '12AB00' });
  const anker = await post('/locations', { name: 'Het Anker' });
  const groep3 = await post('/groups', { name: 'Groep 3', locationId: linde.id, grade: '3' });
  const plusklas = await post('/groups', { name: '+Plusklas', locationId: linde.id });
  const groep56 = await post('/groups', { name: 'Groep 5/6', locationId: anker.id, grade: 'C' });
  const mark = unique('m');
  const teacherEmail = `petra.${mark}@school.example`;
  const locationAdminEmail = `jan.${mark}@school.example`;
  const jan = await post('/staff', {
    firstName: 'Jan',
    infix: 'van',
    lastName: 'Dijk',
    email: locationAdminEmail,
    password: TEMPORARY,
    locations: [{ locationId: linde.id, level: 'admin' }],
    groupIds: [groep3.id],
  });
  const petra = await post('/staff', {
    firstName: 'Petra',
    lastName: 'Smit',
    email: teacherEmail,
    password: TEMPORARY,
    locations: [{ locationId: anker.id, level: 'read' }],
    groupIds: [groep56.id],
  });
  const sanne = await post('/students', {
    firstName: 'Sanne',
    infix: 'de',
    lastName: 'Vries',
    email: `sanne.${mark}@school.example`,
    groupIds: [groep3.id, plusklas.id],
  });
  const formula = await post('/students', {
    firstName: '=1+1',
    lastName: '-Jansen',
    groupIds: [groep3.id],
    signInMethod: 'pictures',
  });
  const at = await post('/students', { firstName: '@Bram', lastName: 'Bakker', groupIds: [groep56.id] });
  const loner = await post('/students', { firstName: 'Noor', lastName: 'Ali' });
  return {
    ...board,
    linde,
    anker,
    groep3,
    plusklas,
    groep56,
    jan,
    petra,
    sanne,
    formula,
    at,
    loner,
    teacher: () => signIn(app, teacherEmail, TEMPORARY),
    locationAdmin: () => signIn(app, locationAdminEmail, TEMPORARY),
  };
}

/** A board's state as the comparison of a round trip sees it: names, e-mail addresses, usernames and links. */
async function stateOf(ctx: ServiceContext, boardId: string, leaveOut: string[] = []) {
  const locations = await ctx.db
    .selectFrom('locations')
    .select(['id', 'name', 'code'])
    .where('board_id', '=', boardId)
    .execute();
  const locationName = new Map(locations.map((l) => [l.id, l.name]));
  const groups = await ctx.db
    .selectFrom('groups')
    .select(['id', 'name', 'grade', 'location_id'])
    .where('board_id', '=', boardId)
    .execute();
  const groupName = new Map(groups.map((g) => [g.id, g.name]));
  const people = (
    await ctx.db
      .selectFrom('people')
      .select(['id', 'kind', 'first_name', 'infix', 'last_name', 'email', 'username'])
      .where('board_id', '=', boardId)
      .execute()
  ).filter((p) => !leaveOut.includes(p.id));
  const personName = new Map(people.map((p) => [p.id, displayName(p.first_name, p.infix, p.last_name)]));
  const memberships = await ctx.db
    .selectFrom('memberships')
    .select(['group_id', 'person_id'])
    .where('board_id', '=', boardId)
    .execute();
  const sorted = <T>(items: T[]) => items.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return {
    locations: sorted(locations.map((l) => ({ name: l.name, code: l.code }))),
    groups: sorted(
      groups.map((g) => ({ name: g.name, grade: g.grade, location: locationName.get(g.location_id) })),
    ),
    people: sorted(
      people.map((p) => ({
        kind: p.kind,
        name: displayName(p.first_name, p.infix, p.last_name),
        email: p.email,
        username: p.username,
      })),
    ),
    names: sorted(people.map((p) => ({ first: p.first_name, infix: p.infix, last: p.last_name }))),
    memberships: sorted(
      memberships
        .filter((m) => personName.has(m.person_id))
        .map((m) => ({ group: groupName.get(m.group_id), person: personName.get(m.person_id) })),
    ),
  };
}

async function exportBoard(admin: Client): Promise<Buffer> {
  return ok(await admin.get(`${API}/board/export/oneroster.zip`)).rawPayload;
}

const NOTHING = { new: 0, changed: 0, rejected: 0 };

/** Expects a 200 file answer (not JSON) and returns it. */
function ok(response: LightMyRequestResponse): LightMyRequestResponse {
  if (response.statusCode !== 200)
    throw new Error(`expected 200, got ${response.statusCode}: ${response.body}`);
  return response;
}

describeEach('exports', (t) => {
  describe('when an administrator exports the students list', () => {
    it('should write a Dutch CSV with BOM and `;` that the importer matches column by column', async () => {
      const b = await buildBoard(t());
      const response = await b.admin.get(`${API}/students/export?format=csv`);
      ok(response);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(response.headers['content-disposition']).toMatch(
        /^attachment; filename="leerlingen-\d{4}-\d{2}-\d{2}\.csv"$/,
      );
      expect(response.body).toContain('\r\n');
      const rows = csvRows(response);
      expect(rows[0]).toEqual([
        'Leerlingnummer',
        'Voornaam',
        'Tussenvoegsel',
        'Achternaam',
        'E-mailadres',
        'Gebruikersnaam',
        'Groepen',
        'Jaargroep',
        'Locatie',
        'Inlogmethode',
      ]);
      const students = byHeader(rows);
      // The list's order: on the last name without infix (a "-" sorts first).
      expect(students.map((s) => s.Achternaam)).toEqual(["'-Jansen", 'Ali', 'Bakker', 'Vries']);
      expect(students.find((s) => s.Achternaam === 'Vries')).toEqual({
        Leerlingnummer: b.sanne.id,
        Voornaam: 'Sanne',
        Tussenvoegsel: 'de',
        Achternaam: 'Vries',
        'E-mailadres': b.sanne.email,
        Gebruikersnaam: b.sanne.username,
        Groepen: "'+Plusklas, Groep 3",
        Jaargroep: '',
        Locatie: 'De Linde',
        Inlogmethode: 'wachtwoord',
      });
      expect(students.find((s) => s.Voornaam === "'@Bram")).toMatchObject({
        Groepen: 'Groep 5/6',
        Jaargroep: 'C',
        Locatie: 'Het Anker',
      });
      expect(students.find((s) => s.Achternaam === 'Ali')).toMatchObject({ Groepen: '', Locatie: '' });

      const { mapping, unmatched } = matchColumns(rows[0] ?? [], 'student');
      expect(mapping).toEqual({
        sourceKey: 0,
        firstName: 1,
        infix: 2,
        lastName: 3,
        email: 4,
        username: 5,
        group: [6],
        grade: 7,
        location: 8,
        eckId: null,
      });
      expect(unmatched).toEqual(['Inlogmethode']);
    });

    it('should neutralise cells that a spreadsheet would run as a formula, and the importer read them back', async () => {
      const b = await buildBoard(t());
      const response = await b.admin.get(`${API}/students/export`);
      const text = response.rawPayload.toString('utf8');
      expect(text).toContain(";'=1+1;;'-Jansen;");
      expect(text).toContain(";'@Bram;");
      expect(text).toContain(";'+Plusklas, Groep 3;");
      expect(text).not.toMatch(/(^|;)[=+\-@]/m);
      const student = byHeader(csvRows(response)).find((s) => s.Achternaam === "'-Jansen");
      expect(student).toMatchObject({ Voornaam: "'=1+1", Inlogmethode: 'plaatjes' });

      // The importer takes the quote off again: the list reads back as it was.
      const table = await readTable(response.rawPayload, 'leerlingen.csv');
      const roster = tableToRoster(table, 'student', matchColumns(table.headers, 'student').mapping);
      expect(roster.rejected).toEqual([]);
      expect(roster.students.map((s) => [s.sourceKey, s.firstName, s.infix, s.lastName, s.username])).toEqual(
        [
          [b.formula.id, '=1+1', null, '-Jansen', b.formula.username],
          [b.loner.id, 'Noor', null, 'Ali', b.loner.username],
          [b.at.id, '@Bram', null, 'Bakker', b.at.username],
          [b.sanne.id, 'Sanne', 'de', 'Vries', b.sanne.username],
        ],
      );
      expect(roster.groups.map((g) => [g.name, g.grade]).sort()).toEqual([
        ['+Plusklas', null],
        ['Groep 3', '3'],
        ['Groep 5/6', 'C'],
      ]);
    });

    it('should apply the list filters: search, location and group', async () => {
      const b = await buildBoard(t());
      const names = async (query: string) =>
        byHeader(csvRows(await b.admin.get(`${API}/students/export?${query}`))).map((s) => s.Voornaam);
      expect(await names('q=vries')).toEqual(['Sanne']);
      expect(await names(`location=${b.anker.id}`)).toEqual(["'@Bram"]);
      expect(await names(`group=${b.groep3.id}`)).toEqual(["'=1+1", 'Sanne']);
      expect(await names(`group=${b.groep56.id}&q=sanne`)).toEqual([]);
    });

    it('should write English headers with lang=en', async () => {
      const b = await buildBoard(t());
      const response = await b.admin.get(`${API}/students/export?lang=en&format=csv`);
      expect(response.headers['content-disposition']).toMatch(/filename="students-/);
      const [header] = csvRows(response);
      expect(header).toEqual([
        'Student number',
        'First name',
        'Infix',
        'Last name',
        'E-mail',
        'Username',
        'Groups',
        'Grade',
        'Location',
        'Sign-in method',
      ]);
      expect(matchColumns(header ?? [], 'student').unmatched).toEqual(['Sign-in method']);
      const formula = byHeader(csvRows(response)).find((s) => s['First name'] === "'=1+1");
      expect(formula?.['Sign-in method']).toBe('pictures');
    });

    it('should write the same rows as an Excel workbook, every cell text', async () => {
      const b = await buildBoard(t());
      const csv = csvRows(await b.admin.get(`${API}/students/export?format=csv`));
      const response = await b.admin.get(`${API}/students/export?format=xlsx`);
      ok(response);
      expect(response.headers['content-type']).toBe(
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      expect(response.headers['content-disposition']).toMatch(/filename="leerlingen-.*\.xlsx"/);
      expect(await xlsxRows(response)).toEqual(csv);

      const table = await readTable(response.rawPayload, 'leerlingen.xlsx');
      const roster = tableToRoster(table, 'student', matchColumns(table.headers, 'student').mapping);
      expect(roster.students.map((s) => `${s.firstName} ${s.lastName}`)).toEqual([
        '=1+1 -Jansen',
        'Noor Ali',
        '@Bram Bakker',
        'Sanne Vries',
      ]);
    });

    it('should write the export to the audit log', async () => {
      const b = await buildBoard(t());
      ok(await b.admin.get(`${API}/students/export?format=xlsx&location=${b.linde.id}`));
      const audit = expectStatus(await b.admin.get(`${API}/audit?action=student.export`), 200);
      expect(audit.items[0]).toMatchObject({
        actorId: b.adminId,
        action: 'student.export',
        targetType: 'student',
        after: { format: 'xlsx', language: 'nl', location: b.linde.id, q: null, group: null },
      });
    });

    it('should refuse an unknown format', async () => {
      const b = await buildBoard(t());
      expectStatus(await b.admin.get(`${API}/students/export?format=pdf`), 400);
    });
  });

  describe('when an administrator exports the staff list', () => {
    it('should write names, e-mail, groups, locations with their levels and the board administrator flag', async () => {
      const b = await buildBoard(t());
      const rows = csvRows(await b.admin.get(`${API}/staff/export`));
      expect(rows[0]).toEqual([
        'Personeelsnummer',
        'Voornaam',
        'Tussenvoegsel',
        'Achternaam',
        'E-mailadres',
        'Gebruikersnaam',
        'Groepen',
        'Locatie',
        'Locaties en rechten',
        'Pakketbeheerder',
      ]);
      expect(byHeader(rows)).toEqual([
        {
          Personeelsnummer: b.adminId,
          Voornaam: 'Anna',
          Tussenvoegsel: '',
          Achternaam: 'Admin',
          'E-mailadres': b.adminEmail,
          Gebruikersnaam: '',
          Groepen: '',
          Locatie: '',
          'Locaties en rechten': '',
          Pakketbeheerder: 'ja',
        },
        {
          Personeelsnummer: b.jan.id,
          Voornaam: 'Jan',
          Tussenvoegsel: 'van',
          Achternaam: 'Dijk',
          'E-mailadres': b.jan.email,
          Gebruikersnaam: '',
          Groepen: 'Groep 3',
          Locatie: 'De Linde',
          'Locaties en rechten': 'De Linde (locatiebeheerder)',
          Pakketbeheerder: 'nee',
        },
        {
          Personeelsnummer: b.petra.id,
          Voornaam: 'Petra',
          Tussenvoegsel: '',
          Achternaam: 'Smit',
          'E-mailadres': b.petra.email,
          Gebruikersnaam: '',
          Groepen: 'Groep 5/6',
          Locatie: 'Het Anker',
          'Locaties en rechten': 'Het Anker (alleen lezen)',
          Pakketbeheerder: 'nee',
        },
      ]);
      const { mapping, unmatched } = matchColumns(rows[0] ?? [], 'staff');
      expect(mapping).toMatchObject({
        sourceKey: 0,
        firstName: 1,
        infix: 2,
        lastName: 3,
        email: 4,
        group: [6],
      });
      expect(unmatched).toEqual(['Locaties en rechten', 'Pakketbeheerder']);
      const english = csvRows(await b.admin.get(`${API}/staff/export?lang=en&location=${b.anker.id}`));
      expect(english[0]?.slice(-2)).toEqual(['Locations and levels', 'Board administrator']);
      expect(byHeader(english).map((s) => [s['First name'], s['Locations and levels']])).toEqual([
        ['Petra', 'Het Anker (read only)'],
      ]);
    });

    it('should never write a password, hash, card code or two-step secret', async () => {
      const b = await buildBoard(t());
      await t()
        .ctx.db.updateTable('people')
        .set({ card_code: 'CARDCODE123', totp_secret: 'TOTPSECRET456' })
        .where('id', '=', b.sanne.id)
        .execute();
      const people = await t()
        .ctx.db.selectFrom('people')
        .select(['password_hash', 'temporary_password'])
        .where('board_id', '=', b.boardId)
        .execute();
      const secrets = [
        'CARDCODE123',
        'TOTPSECRET456',
        TEMPORARY,
        ...people.flatMap((p) => [p.password_hash, p.temporary_password]),
      ].filter((s): s is string => s !== null);
      expect(secrets.length).toBeGreaterThan(3);
      const texts = [
        (await b.admin.get(`${API}/staff/export`)).body,
        (await b.admin.get(`${API}/students/export`)).body,
        (await b.admin.get(`${API}/groups/${b.groep3.id}/export`)).body,
        ...Object.values(zipFiles(await b.admin.get(`${API}/board/export/oneroster.zip`))),
      ];
      for (const text of texts) for (const secret of secrets) expect(text).not.toContain(secret);
    });
  });

  describe('when a teacher or locatiebeheerder exports', () => {
    it('should give a teacher only the students of their groups, and no staff list', async () => {
      const b = await buildBoard(t());
      const teacher = await b.teacher();
      const students = byHeader(csvRows(await teacher.get(`${API}/students/export`)));
      expect(students.map((s) => s.Voornaam)).toEqual(["'@Bram"]);
      expect(byHeader(csvRows(await teacher.get(`${API}/students/export?location=${b.linde.id}`)))).toEqual(
        [],
      );
      expect(expectStatus(await teacher.get(`${API}/staff/export`), 403).code).toBe('FORBIDDEN');
      expect(expectStatus(await teacher.get(`${API}/board/export/oneroster.zip`), 403).code).toBe(
        'FORBIDDEN',
      );
    });

    it('should let a teacher export their own group, not another', async () => {
      const b = await buildBoard(t());
      const teacher = await b.teacher();
      const response = await teacher.get(`${API}/groups/${b.groep56.id}/export?format=xlsx`);
      ok(response);
      expect(response.headers['content-disposition']).toMatch(/filename="groep-groep-5-6-.*\.xlsx"/);
      const members = byHeader(await xlsxRows(response));
      expect(members.map((m) => [m.Voornaam, m.Rol, m.Groepen, m.Jaargroep, m.Locatie])).toEqual([
        ['Petra', 'leerkracht', 'Groep 5/6', 'C', 'Het Anker'],
        ["'@Bram", 'leerling', 'Groep 5/6', 'C', 'Het Anker'],
      ]);
      expect(expectStatus(await teacher.get(`${API}/groups/${b.groep3.id}/export`), 403).code).toBe(
        'FORBIDDEN',
      );
    });

    it('should give a locatiebeheerder the staff and students of their location', async () => {
      const b = await buildBoard(t());
      const locationAdmin = await b.locationAdmin();
      const staff = byHeader(csvRows(await locationAdmin.get(`${API}/staff/export`)));
      expect(staff.map((s) => s.Voornaam)).toEqual(['Jan']);
      const students = byHeader(csvRows(await locationAdmin.get(`${API}/students/export`)));
      expect(students.map((s) => s.Voornaam)).toEqual(["'=1+1", 'Sanne']);
      const audit = expectStatus(await b.admin.get(`${API}/audit?action=staff.export`), 200);
      expect(audit.items[0]).toMatchObject({ actorId: b.jan.id, action: 'staff.export' });
    });

    it("should answer another board's group as a missing one (404)", async () => {
      const b = await buildBoard(t());
      const other = await buildBoard(t());
      const foreign = await b.admin.get(`${API}/groups/${other.groep3.id}/export`);
      expect(expectStatus(foreign, 404).code).toBe('GROUP_NOT_FOUND');
      const missing = await b.admin.get(`${API}/groups/00000000-0000-7000-8000-000000000000/export`);
      expect(expectStatus(missing, 404)).toEqual(foreign.json());
    });
  });

  describe('when a pakketbeheerder exports the board as OneRoster', () => {
    it('should write the 1.2 files with the board as district, locations as schools and groups as classes', async () => {
      const b = await buildBoard(t());
      const response = await b.admin.get(`${API}/board/export/oneroster.zip`);
      ok(response);
      expect(response.headers['content-type']).toBe('application/zip');
      expect(response.headers['content-disposition']).toMatch(/^attachment; filename="oneroster-.*\.zip"$/);
      const files = zipFiles(response);
      expect(Object.keys(files).sort()).toEqual([
        'academicSessions.csv',
        'classes.csv',
        'courses.csv',
        'enrollments.csv',
        'manifest.csv',
        'orgs.csv',
        'roles.csv',
        'users.csv',
      ]);
      const read = (name: string) => parse(files[name] ?? '', { columns: true }) as Record<string, string>[];
      expect(files['manifest.csv']).toContain('oneroster.version,1.2\r\n');
      expect(files['manifest.csv']).toContain('file.users,bulk\r\n');
      expect(files['manifest.csv']).toContain('file.demographics,absent\r\n');
      expect(read('orgs.csv').map((o) => [o.type, o.name, o.identifier, o.parentSourcedId])).toEqual([
        ['district', expect.stringMatching(/^Bestuur /), '', ''],
        ['school', 'De Linde', '12AB00', b.boardId],
        ['school', 'Het Anker', '', b.boardId],
      ]);
      const classes = read('classes.csv');
      expect(classes.map((c) => [c.sourcedId, c.title, c.grades, c.classType, c.schoolSourcedId])).toEqual([
        [b.plusklas.id, "'+Plusklas", '', 'homeroom', b.linde.id],
        [b.groep3.id, 'Groep 3', '01', 'homeroom', b.linde.id],
        [b.groep56.id, 'Groep 5/6', 'ext:jaargroep:C', 'homeroom', b.anker.id],
      ]);
      const [session] = read('academicSessions.csv');
      expect(classes.every((c) => c.termSourcedIds === session?.sourcedId)).toBe(true);
      expect(session?.type).toBe('schoolYear');
      const courses = new Set(read('courses.csv').map((c) => c.sourcedId));
      expect(classes.every((c) => courses.has(c.courseSourcedId ?? ''))).toBe(true);

      const users = read('users.csv');
      const jan = users.find((u) => u.sourcedId === b.jan.id);
      expect(jan).toMatchObject({ givenName: 'Jan', familyName: 'van Dijk', 'metadata.infix': 'van' });
      expect(users.find((u) => u.sourcedId === b.formula.id)).toMatchObject({
        givenName: "'=1+1",
        familyName: "'-Jansen",
        username: b.formula.username,
      });
      expect(users.every((u) => u.password === '')).toBe(true);
      const roles = read('roles.csv');
      const rolesOf = (id: string) =>
        roles.filter((r) => r.userSourcedId === id).map((r) => [r.roleType, r.role, r.orgSourcedId]);
      expect(rolesOf(b.adminId)).toEqual([['primary', 'districtAdministrator', b.boardId]]);
      expect(rolesOf(b.jan.id)).toEqual([['primary', 'siteAdministrator', b.linde.id]]);
      expect(rolesOf(b.petra.id)).toEqual([['primary', 'teacher', b.anker.id]]);
      expect(rolesOf(b.sanne.id)).toEqual([['primary', 'student', b.linde.id]]);
      expect(rolesOf(b.loner.id)).toEqual([['primary', 'student', b.boardId]]);
      const enrollments = read('enrollments.csv');
      expect(
        enrollments
          .filter((e) => e.classSourcedId === b.groep3.id)
          .map((e) => [e.userSourcedId, e.role])
          .sort(),
      ).toEqual(
        [
          [b.jan.id, 'teacher'],
          [b.sanne.id, 'student'],
          [b.formula.id, 'student'],
        ].sort(),
      );
      const audit = expectStatus(await b.admin.get(`${API}/audit?action=board.export`), 200);
      expect(audit.items[0]).toMatchObject({ actorId: b.adminId, targetType: 'board', targetId: b.boardId });
    });

    it('should read back into the same board with nothing to change, before and after applying it', async () => {
      const env = t();
      const b = await buildBoard(env);
      const first = await previewImportForBoard(env.ctx, b.boardId, {
        name: 'board.zip',
        data: await exportBoard(b.admin),
      });
      // Rows made by hand are exported under their own id, which the importer recognises without recording it as
      // a source key; names with an infix come back whole through familyName and metadata.infix.
      for (const kind of ['locations', 'groups', 'staff', 'students', 'memberships'] as const) {
        expect(first.preview[kind], kind).toMatchObject(NOTHING);
      }
      expect(first.preview.changes).toEqual([]);
      expect(first.preview.rejected).toEqual([]);
      const before = await stateOf(env.ctx, b.boardId);
      await applyImportNow(env.ctx, b.boardId, first.id);
      expect(await stateOf(env.ctx, b.boardId)).toEqual(before);

      const second = await previewImportForBoard(env.ctx, b.boardId, {
        name: 'board.zip',
        data: await exportBoard(b.admin),
      });
      for (const kind of ['locations', 'groups', 'staff', 'students', 'memberships'] as const) {
        expect(second.preview[kind], kind).toMatchObject(NOTHING);
      }
      expect(second.preview.changes).toEqual([]);
    });

    it('should rebuild the board in an empty board', async () => {
      const env = t();
      const b = await buildBoard(env);
      const fresh = await newBoard(env.ctx, env.app);
      const imported = await previewImportForBoard(env.ctx, fresh.boardId, {
        name: 'board.zip',
        data: await exportBoard(b.admin),
      });
      expect(imported.preview.rejected).toEqual([]);
      expect(imported.preview.locations).toMatchObject({ new: 2, rejected: 0 });
      expect(imported.preview.groups).toMatchObject({ new: 3, rejected: 0 });
      expect(imported.preview.staff).toMatchObject({ new: 3, rejected: 0 });
      expect(imported.preview.students).toMatchObject({ new: 4, rejected: 0 });
      expect(imported.preview.memberships).toMatchObject({ new: 6, rejected: 0 });
      await applyImportNow(env.ctx, fresh.boardId, imported.id);

      const original = await stateOf(env.ctx, b.boardId);
      const rebuilt = await stateOf(env.ctx, fresh.boardId, [fresh.adminId]);
      expect(rebuilt).toEqual(original);
      expect(rebuilt.names).toContainEqual({ first: 'Jan', infix: 'van', last: 'Dijk' });
      expect(rebuilt.names).toContainEqual({ first: '=1+1', infix: null, last: '-Jansen' });
    });

    it('should refuse the board export to a locatiebeheerder', async () => {
      const b = await buildBoard(t());
      const locationAdmin = await b.locationAdmin();
      expect(expectStatus(await locationAdmin.get(`${API}/board/export/oneroster.zip`), 403).code).toBe(
        'FORBIDDEN',
      );
    });
  });
});
