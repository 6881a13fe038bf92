import { describe, expect, it } from 'vitest';
import { type Client, expectStatus, newBoard } from '../support/api.ts';
import { describeEach } from '../support/harness.ts';

const NIL = '01900000-0000-7000-8000-000000000000';

describeEach('bad input', (t) => {
  let admin: Client;
  let groupId: string;

  async function ready() {
    if (admin) return;
    const { app, ctx } = t();
    ({ admin } = await newBoard(ctx, app));
    const location = expectStatus(await admin.post('/api/v1/locations', { name: 'Validatie' }), 201);
    groupId = expectStatus(
      await admin.post('/api/v1/groups', { name: 'Groep 4', locationId: location.id }),
      201,
    ).id;
  }

  async function counts() {
    const students = expectStatus(await admin.get('/api/v1/students'), 200).total;
    const staff = expectStatus(await admin.get('/api/v1/staff'), 200).total;
    const audit = expectStatus(await admin.get('/api/v1/audit'), 200).total;
    return { students, staff, audit };
  }

  const cases: [string, 'POST' | 'PATCH' | 'GET', string, unknown, string][] = [
    [
      'an unknown field',
      'POST',
      '/api/v1/students',
      { firstName: 'A', lastName: 'B', nickname: 'x' },
      'nickname',
    ],
    ['a wrong type', 'POST', '/api/v1/students', { firstName: 42, lastName: 'B' }, 'firstName'],
    ['a missing field', 'POST', '/api/v1/students', { firstName: 'A' }, 'lastName'],
    [
      'a name of 101 characters',
      'POST',
      '/api/v1/students',
      { firstName: 'a'.repeat(101), lastName: 'B' },
      'firstName',
    ],
    ['a name of only spaces', 'POST', '/api/v1/students', { firstName: '   ', lastName: 'B' }, 'firstName'],
    [
      'a malformed e-mail',
      'POST',
      '/api/v1/staff',
      { firstName: 'A', lastName: 'B', email: 'no-at-sign' },
      'email',
    ],
    [
      'a malformed group id',
      'POST',
      '/api/v1/students',
      { firstName: 'A', lastName: 'B', groupIds: ['42'] },
      'groupIds[0]',
    ],
    [
      'a repeated group id',
      'POST',
      '/api/v1/students',
      { firstName: 'A', lastName: 'B', groupIds: [NIL, NIL] },
      'groupIds',
    ],
    [
      'an unknown level',
      'POST',
      '/api/v1/staff',
      { firstName: 'A', lastName: 'B', email: 'a@b.nl', locations: [{ locationId: NIL, level: 'god' }] },
      'locations[0].level',
    ],
    [
      'an unknown sign-in method',
      'POST',
      '/api/v1/students',
      { firstName: 'A', lastName: 'B', signInMethod: 'magic' },
      'signInMethod',
    ],
    ['an empty patch', 'PATCH', `/api/v1/students/${NIL}`, {}, 'body'],
    ['a malformed id in the path', 'GET', '/api/v1/students/not-an-id', undefined, 'id'],
    ['a limit above 200', 'GET', '/api/v1/students?limit=201', undefined, 'limit'],
    ['a limit of 0', 'GET', '/api/v1/students?limit=0', undefined, 'limit'],
    ['an unknown query parameter', 'GET', '/api/v1/students?sort=name', undefined, 'sort'],
    ['a malformed location filter', 'GET', '/api/v1/students?location=abc', undefined, 'location'],
    ['an over-long search', 'GET', `/api/v1/students?q=${'a'.repeat(101)}`, undefined, 'q'],
    ['an unknown grade', 'POST', '/api/v1/groups', { name: 'G', locationId: NIL, grade: '9' }, 'grade'],
    ['a malformed audit date', 'GET', '/api/v1/audit?from=yesterday', undefined, 'from'],
  ];

  describe('when a request breaks its schema', () => {
    it.each(cases)('should answer 400 naming the field for %s', async (_name, method, url, body, field) => {
      await ready();
      const before = await counts();
      const response = await admin.request(method, url, body);
      const problem = expectStatus(response, 400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(problem).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
      expect(problem.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(problem.detail).toContain(field);
      expect(await counts()).toEqual(before);
    });
  });

  describe('when the body is not JSON or too large', () => {
    it('should refuse malformed JSON, other media types and bodies over 1 MB', async () => {
      await ready();
      const before = await counts();
      const malformed = await admin.request('POST', '/api/v1/students', '{"firstName": ', {
        'content-type': 'application/json',
      });
      expect(expectStatus(malformed, 400).code).toBe('VALIDATION_FAILED');
      const text = await admin.request('POST', '/api/v1/students', 'firstName=A', {
        'content-type': 'text/plain',
      });
      expect(expectStatus(text, 415).code).toBe('UNSUPPORTED_MEDIA_TYPE');
      const huge = await admin.post('/api/v1/students', {
        firstName: 'A',
        lastName: 'B',
        pad: 'x'.repeat(1_100_000),
      });
      expect(expectStatus(huge, 413).code).toBe('PAYLOAD_TOO_LARGE');
      expect(await counts()).toEqual(before);
    });
  });

  describe('when a JSON body is empty or poisoned', () => {
    it('should accept an empty body where none is needed and refuse __proto__ keys', async () => {
      await ready();
      const location = expectStatus(await admin.post('/api/v1/locations', { name: 'Leeg' }), 201);
      const empty = await admin.request('DELETE', `/api/v1/locations/${location.id}`, undefined, {
        'content-type': 'application/json',
      });
      expect(empty.statusCode).toBe(200);
      const poisoned = await admin.request(
        'POST',
        '/api/v1/locations',
        '{"name":"P","__proto__":{"admin":true}}',
        {
          'content-type': 'application/json',
        },
      );
      expect(expectStatus(poisoned, 400).code).toBe('VALIDATION_FAILED');
    });
  });

  describe('when a valid request fails halfway', () => {
    it('should write nothing when one group of several is unknown', async () => {
      await ready();
      const before = await counts();
      const response = await admin.post('/api/v1/students', {
        firstName: 'Half',
        lastName: 'Weg',
        groupIds: [groupId, NIL],
      });
      expect(expectStatus(response, 404)).toMatchObject({
        code: 'GROUP_NOT_FOUND',
        errors: [{ field: 'groupIds' }],
      });
      expect(await counts()).toEqual(before);
    });

    it('should leave a student unchanged when the patch fails', async () => {
      await ready();
      const student = expectStatus(
        await admin.post('/api/v1/students', { firstName: 'Heel', lastName: 'Blijven', groupIds: [groupId] }),
        201,
      );
      const before = await counts();
      const response = await admin.patch(`/api/v1/students/${student.id}`, {
        lastName: 'Anders',
        groupIds: [NIL],
      });
      expect(response.statusCode).toBe(404);
      expect(expectStatus(await admin.get(`/api/v1/students/${student.id}`), 200)).toEqual(student);
      expect(await counts()).toEqual(before);
    });
  });

  describe('when a search holds SQL or wildcards', () => {
    it('should treat it as text', async () => {
      await ready();
      for (const q of ["'; drop table people; --", '%', '_', "a' or '1'='1"]) {
        const page = expectStatus(await admin.get(`/api/v1/students?q=${encodeURIComponent(q)}`), 200);
        expect(page.items).toEqual([]);
      }
      expect(expectStatus(await admin.get('/api/v1/staff'), 200).total).toBeGreaterThan(0);
    });
  });
});
