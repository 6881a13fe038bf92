import { inflateSync } from 'node:zlib';
import type { LightMyRequestResponse } from 'fastify';
import jsQRModule from 'jsqr';
import { describe, expect, it } from 'vitest';
import { insertMemberships } from '../../src/modules/groups/index.ts';
import { insertPeople, NO_CREDENTIALS, NOT_IMPORTED, nameColumns } from '../../src/modules/people/index.ts';
import { formatCardCode } from '../../src/modules/signin/cards.pdf.ts';
import { findStudentByCardCode } from '../../src/modules/signin/cards.service.ts';
import { newId } from '../../src/platform/ids.ts';
import { expectStatus, newBoard, signIn, unique } from '../support/api.ts';
import { describeEach } from '../support/harness.ts';

const CODE = /^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{10}$/;

/** The PDF's bytes, after checking it is one. */
function pdfOf(response: LightMyRequestResponse): Buffer {
  expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
  expect(response.headers['content-type']).toBe('application/pdf');
  expect(response.headers['cache-control']).toBe('no-store');
  const pdf = response.rawPayload;
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(pdf.subarray(-6).toString('latin1')).toContain('%%EOF');
  return pdf;
}

/** Page objects (`/Type /Pages` is the tree, not a page). */
function pageCount(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type \/Page\b/g)?.length ?? 0;
}

/** Every stream of the PDF, inflated where it was deflated. */
function contentStreams(pdf: Buffer): string[] {
  const raw = pdf.toString('latin1');
  return [...raw.matchAll(/(?<!end)stream\r?\n([\s\S]*?)(\r?)\nendstream/g)].map((match) => {
    // A deflated stream may itself end in a CR byte, which the pattern takes for the line end: try both.
    for (const data of [match[1] ?? '', `${match[1] ?? ''}${match[2] ?? ''}`]) {
      try {
        return inflateSync(Buffer.from(data, 'latin1')).toString('latin1');
      } catch {}
    }
    return match[1] ?? '';
  });
}

/**
 * The text of a pdfkit PDF, one `[<hex> kern <hex>] TJ` a line. Enough to find names and codes; pdfkit writes
 * WinAnsi bytes, which latin1 reads for the characters these tests use.
 */
function pdfText(pdf: Buffer): string {
  const lines: string[] = [];
  for (const content of contentStreams(pdf)) {
    for (const tj of content.matchAll(/\[([^\]]*)\]\s*TJ/g)) {
      const hex = [...(tj[1] ?? '').matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]).join('');
      lines.push(Buffer.from(hex, 'hex').toString('latin1'));
    }
  }
  return lines.join('\n');
}

/**
 * Reads the QR code of the first card the way a camera would: the filled squares of the page's content
 * stream inside the first card's QR area, painted black on white, decoded with jsQR.
 */
function scanFirstQr(pdf: Buffer): string | undefined {
  const area = { left: 28, top: 28, size: 130 };
  const scale = 4;
  const width = area.size * scale;
  const pixels = new Uint8ClampedArray(width * width * 4).fill(255);
  for (const content of contentStreams(pdf)) {
    for (const m of content.matchAll(/([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) re\b/g)) {
      const [x, y, w, h] = m.slice(1, 5).map(Number) as [number, number, number, number];
      if (x < area.left || y < area.top || x + w > area.left + area.size || y + h > area.top + area.size)
        continue;
      for (let py = Math.round((y - area.top) * scale); py < Math.round((y + h - area.top) * scale); py++)
        for (let px = Math.round((x - area.left) * scale); px < Math.round((x + w - area.left) * scale); px++)
          pixels.fill(0, (py * width + px) * 4, (py * width + px) * 4 + 3);
    }
  }
  return jsQR(pixels, width, width)?.data;
}

// jsqr is CommonJS with `exports.default` beside `module.exports`; the typings only know the former.
const jsQR = jsQRModule.default;

describeEach('QR sign-in cards', (t) => {
  async function school(studentCount: number) {
    const { app, ctx } = t();
    const board = await newBoard(ctx, app);
    const { admin } = board;
    const locationCode = unique('L').slice(-8).toUpperCase();
    const location = expectStatus(
      await admin.post('/api/v1/locations', { name: 'De Linde', code: locationCode }),
      201,
    );
    const group = expectStatus(
      await admin.post('/api/v1/groups', { name: 'Groep 3', locationId: location.id }),
      201,
    );
    const other = expectStatus(
      await admin.post('/api/v1/groups', { name: 'Groep 4', locationId: location.id }),
      201,
    );
    async function teacherOf(groupId: string) {
      const email = `${unique('juf')}@example.org`;
      expectStatus(
        await admin.post('/api/v1/staff', {
          firstName: 'Juf',
          lastName: 'Anke',
          email,
          password: 'tijdelijk wachtwoord',
          groupIds: [groupId],
        }),
        201,
      );
      return signIn(app, email, 'tijdelijk wachtwoord');
    }
    const teacher = await teacherOf(group.id);
    const otherTeacher = await teacherOf(other.id);
    const students = [];
    for (let i = 0; i < studentCount; i++) students.push(await addStudent(i));
    async function addStudent(i: number, extra: object = {}) {
      return expectStatus(
        await admin.post('/api/v1/students', {
          firstName: `Kind${String(i).padStart(2, '0')}`,
          infix: 'van',
          lastName: 'Dijk',
          groupIds: [group.id],
          ...extra,
        }),
        201,
      );
    }
    async function codes(): Promise<Map<string, string | null>> {
      const rows = await ctx.db
        .selectFrom('people')
        .select(['id', 'card_code'])
        .where('board_id', '=', board.boardId)
        .where('kind', '=', 'student')
        .execute();
      return new Map(rows.map((r) => [r.id, r.card_code]));
    }
    return {
      ...board,
      app,
      ctx,
      location,
      locationCode,
      group,
      other,
      teacher,
      otherTeacher,
      students,
      addStudent,
      codes,
    };
  }

  describe('when a teacher of the group prints the cards', () => {
    it('should answer an A4 PDF with one card per student, each with name, group, location, code and password', async () => {
      const { admin, teacher, group, students, codes } = await school(10);
      const pdf = pdfOf(await teacher.get(`/api/v1/groups/${group.id}/cards.pdf`));
      expect(pageCount(pdf)).toBe(1);
      expect(pdf.toString('latin1')).toContain('/MediaBox [0 0 595.28 841.89]');

      const assigned = await codes();
      const text = pdfText(pdf);
      expect(text).toContain('Groep 3 · De Linde');
      for (const student of students) {
        const code = assigned.get(student.id);
        expect(code).toMatch(CODE);
        expect(text).toContain(`${student.firstName} van Dijk`);
        expect(text).toContain(formatCardCode(code ?? ''));
        const { temporaryPassword } = expectStatus(
          await admin.get(`/api/v1/students/${student.id}/password`),
          200,
        );
        expect(text).toContain(temporaryPassword);
      }
      expect(new Set(assigned.values()).size).toBe(10);
      // Sorted by name: Kind00 before Kind09.
      expect(text.indexOf('Kind00 van Dijk')).toBeLessThan(text.indexOf('Kind09 van Dijk'));
    });

    it('should keep the codes on a second print and add a page for the eleventh student', async () => {
      const { admin, teacher, group, codes, addStudent } = await school(10);
      pdfOf(await teacher.get(`/api/v1/groups/${group.id}/cards.pdf`));
      const first = await codes();

      const eleventh = await addStudent(10);
      const pdf = pdfOf(await admin.get(`/api/v1/groups/${group.id}/cards.pdf`));
      expect(pageCount(pdf)).toBe(2);
      const second = await codes();
      for (const [id, code] of first) expect(second.get(id)).toBe(code);
      expect(second.get(eleventh.id)).toMatch(CODE);
      expect(pdfText(pdf)).toContain(formatCardCode(second.get(eleventh.id) ?? ''));
    });

    it("should put the location's sign-in page with the card code in the QR code", async () => {
      const { ctx, teacher, group, students, codes, locationCode } = await school(1);
      const pdf = pdfOf(await teacher.get(`/api/v1/groups/${group.id}/cards.pdf`));
      const code = (await codes()).get(students[0].id);
      expect(scanFirstQr(pdf)).toBe(`${ctx.config.publicUrl}/s/${locationCode}?card=${code}`);
    });

    it('should write who printed which temporary passwords to the audit log, without the passwords', async () => {
      const { ctx, admin, teacher, group, students } = await school(2);
      // One student chose their own password: nothing readable goes on their card.
      await ctx.db
        .updateTable('people')
        .set({ temporary_password: null, password_hash: 'x', must_change_password: 0 })
        .where('id', '=', students[1].id)
        .execute();
      const pdf = pdfOf(await teacher.get(`/api/v1/groups/${group.id}/cards.pdf`));
      expect(pdfText(pdf)).toContain('wachtwoord: zelf gekozen');

      const audit = expectStatus(await admin.get('/api/v1/audit?action=group.cards.print'), 200);
      expect(audit.total).toBe(1);
      const [event] = audit.items;
      expect(event.targetId).toBe(group.id);
      expect(event.actorId).toBe(teacher.session?.userId);
      expect(event.after.studentIds).toEqual([students[0].id]);
      expect(event.after.cards).toBe(2);
      const { temporaryPassword } = expectStatus(
        await admin.get(`/api/v1/students/${students[0].id}/password`),
        200,
      );
      expect(JSON.stringify(audit)).not.toContain(temporaryPassword);
    });
  });

  describe('when a student signs in with pictures', () => {
    it("should show the pictures in order with their names, in the reader's language", async () => {
      const { ctx, admin, teacher, group, students, addStudent } = await school(1);
      expectStatus(await admin.patch(`/api/v1/groups/${group.id}`, { signInMethod: 'pictures' }), 200);
      await ctx.db
        .updateTable('people')
        .set({ picture_password: ctx.secrets.seal(JSON.stringify(['rocket', 'dog-face', 'banana'])) })
        .where('id', '=', students[0].id)
        .execute();
      // Pictures for the group, but this child signs in with a password: the card shows the password.
      const reader = await addStudent(1, { signInMethod: 'password' });
      const { temporaryPassword } = expectStatus(
        await admin.get(`/api/v1/students/${reader.id}/password`),
        200,
      );

      const dutch = pdfText(pdfOf(await teacher.get(`/api/v1/groups/${group.id}/cards.pdf`)));
      expect(dutch).toContain('raket');
      expect(dutch.indexOf('raket')).toBeLessThan(dutch.indexOf('hond'));
      expect(dutch.indexOf('hond')).toBeLessThan(dutch.indexOf('banaan'));
      expect(dutch).toContain(temporaryPassword);
      expect(dutch).toContain('wachtwoord:');

      expectStatus(await teacher.patch('/api/v1/me', { language: 'en' }), 200);
      const english = pdfText(pdfOf(await teacher.get(`/api/v1/groups/${group.id}/cards.pdf`)));
      expect(english).toContain('rocket');
      expect(english).toContain('dog');
      expect(english).toContain('password:');
      expect(english).not.toContain('raket');

      const audit = expectStatus(await admin.get('/api/v1/audit?action=group.cards.print&limit=1'), 200);
      expect(audit.items[0].after.pictureStudentIds).toEqual([students[0].id]);
      expect(audit.items[0].after.studentIds).toEqual([reader.id]);
    });
  });

  describe('when the cards of a group are renewed', () => {
    it('should give every student a new code, so the old cards stop working', async () => {
      const { ctx, admin, teacher, group, students, codes } = await school(3);
      pdfOf(await teacher.get(`/api/v1/groups/${group.id}/cards.pdf`));
      const before = await codes();
      const oldCode = before.get(students[0].id) ?? '';
      expect((await findStudentByCardCode(ctx.db, oldCode))?.id).toBe(students[0].id);

      expect(expectStatus(await teacher.post(`/api/v1/groups/${group.id}/cards/renew`), 200)).toEqual({
        renewed: 3,
      });
      const after = await codes();
      for (const student of students) {
        expect(after.get(student.id)).toMatch(CODE);
        expect(after.get(student.id)).not.toBe(before.get(student.id));
      }
      expect(await findStudentByCardCode(ctx.db, oldCode)).toBeUndefined();
      expect((await findStudentByCardCode(ctx.db, after.get(students[0].id) ?? ''))?.id).toBe(students[0].id);

      const audit = expectStatus(await admin.get('/api/v1/audit?action=group.cards.renew'), 200);
      expect(audit.total).toBe(1);
      expect(audit.items[0].targetId).toBe(group.id);
    });
  });

  describe('when someone without the rights asks', () => {
    it('should refuse a teacher of another group (403) and answer another board as missing (404)', async () => {
      const { app, ctx, admin, otherTeacher, group, other } = await school(1);
      const refused = await otherTeacher.get(`/api/v1/groups/${group.id}/cards.pdf`);
      expect(expectStatus(refused, 403).code).toBe('FORBIDDEN');
      expect(expectStatus(await otherTeacher.post(`/api/v1/groups/${group.id}/cards/renew`), 403).code).toBe(
        'FORBIDDEN',
      );
      // Their own group is fine.
      pdfOf(await otherTeacher.get(`/api/v1/groups/${other.id}/cards.pdf`));

      const stranger = (await newBoard(ctx, app)).admin;
      expect(expectStatus(await stranger.get(`/api/v1/groups/${group.id}/cards.pdf`), 404).code).toBe(
        'GROUP_NOT_FOUND',
      );
      expect(expectStatus(await stranger.post(`/api/v1/groups/${group.id}/cards/renew`), 404).code).toBe(
        'GROUP_NOT_FOUND',
      );
      expect(
        expectStatus(await app.inject({ method: 'GET', url: `/api/v1/groups/${group.id}/cards.pdf` }), 401)
          .code,
      ).toBe('UNAUTHENTICATED');
      // Nothing printed for them: no codes, no audit event.
      const audit = expectStatus(await admin.get('/api/v1/audit?action=group.cards.print'), 200);
      expect(audit.items.every((e: { targetId: string }) => e.targetId === other.id)).toBe(true);
    });
  });

  describe('when a group has more than 500 students', () => {
    it('should answer 400 GROUP_TOO_LARGE_FOR_CARDS and assign no codes', async () => {
      const { ctx, admin, boardId, group, location, codes } = await school(0);
      const now = new Date().toISOString();
      const rows = Array.from({ length: 501 }, (_, i) => ({
        id: newId(),
        board_id: boardId,
        kind: 'student' as const,
        ...nameColumns({ firstName: `Kind${i}`, infix: null, lastName: 'Groot' }),
        email: null,
        email_key: null,
        username: `groot${i}.${boardId.slice(-6)}`,
        username_key: `groot${i}.${boardId.slice(-6)}`,
        language: 'nl',
        is_board_admin: 0,
        sign_in_method: null,
        privacy_consent: 0,
        password_hash: null,
        must_change_password: 1,
        ...NO_CREDENTIALS,
        ...NOT_IMPORTED,
        created_at: now,
        updated_at: now,
      }));
      await insertPeople(ctx.db, rows);
      await insertMemberships(
        ctx.db,
        rows.map((r) => ({
          board_id: boardId,
          group_id: group.id,
          person_id: r.id,
          location_id: location.id,
          kind: 'student' as const,
          created_at: now,
        })),
      );
      expect(expectStatus(await admin.get(`/api/v1/groups/${group.id}/cards.pdf`), 400).code).toBe(
        'GROUP_TOO_LARGE_FOR_CARDS',
      );
      expect(expectStatus(await admin.post(`/api/v1/groups/${group.id}/cards/renew`), 400).code).toBe(
        'GROUP_TOO_LARGE_FOR_CARDS',
      );
      expect([...(await codes()).values()].every((c) => c === null)).toBe(true);
    });
  });

  describe('when the API is described', () => {
    it('should list the cards PDF and the renewal in the OpenAPI document', async () => {
      const { app } = t();
      const doc = expectStatus(await app.inject({ url: '/api/v1/openapi.json' }), 200);
      const pdf = doc.paths['/api/v1/groups/{id}/cards.pdf'].get;
      expect(Object.keys(pdf.responses['200'].content)).toEqual(['application/pdf']);
      expect(doc.paths['/api/v1/groups/{id}/cards/renew'].post).toBeDefined();
    });
  });

  describe('when the sign-in page looks up a typed card code', () => {
    it('should find the student whatever the case, spaces or dashes, and nobody for anything else', async () => {
      const { ctx, teacher, group, students, codes } = await school(1);
      pdfOf(await teacher.get(`/api/v1/groups/${group.id}/cards.pdf`));
      const code = (await codes()).get(students[0].id) ?? '';
      const typed = formatCardCode(code).toLowerCase();
      expect(typed).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
      expect((await findStudentByCardCode(ctx.db, typed))?.id).toBe(students[0].id);
      expect((await findStudentByCardCode(ctx.db, ` ${code.slice(0, 5)} ${code.slice(5)} `))?.id).toBe(
        students[0].id,
      );
      expect(await findStudentByCardCode(ctx.db, 'AAAAA-AAAAA')).toBeUndefined();
      expect(await findStudentByCardCode(ctx.db, `${code}X`)).toBeUndefined();
      expect(await findStudentByCardCode(ctx.db, "' or 1=1 --")).toBeUndefined();
      expect(await findStudentByCardCode(ctx.db, '')).toBeUndefined();
    });
  });
});
