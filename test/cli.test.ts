import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase } from './support/harness.ts';

const run = promisify(execFile);
const BIN = path.resolve('bin/schoolpas.js');

async function schoolpas(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run('node', [BIN, ...args], {
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

for (const dialect of DIALECTS) {
  describe(`schoolpas command [${dialect}]`, () => {
    let dataDir: string;
    let env: Record<string, string>;
    let database: Awaited<ReturnType<typeof freshDatabase>>;

    beforeAll(async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'schoolpas-cli-'));
      database = await freshDatabase(dialect, { sqliteFile: path.join(dataDir, 'schoolpas.db') });
      env = {
        SCHOOLPAS_DATA_DIR: dataDir,
        ...(dialect === 'postgres' ? { DATABASE_URL: database.url } : {}),
      };
    });
    afterAll(async () => {
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    describe('when the server starts on an empty installation', () => {
      it('should log a one-time setup token that the first-run endpoint accepts once', async () => {
        let child: ChildProcess | undefined;
        try {
          child = spawn('node', [BIN, 'serve'], {
            env: { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
          });
          let output = '';
          const { port, token } = await new Promise<{ port: string; token: string }>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`no setup token in: ${output}`)), 20_000);
            child?.stdout?.on('data', (chunk: Buffer) => {
              output += chunk.toString();
              const port = /listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1];
              const token = /"setupToken":"([\w-]+)"/.exec(output)?.[1];
              if (port && token) {
                clearTimeout(timer);
                resolve({ port, token });
              }
            });
          });
          const base = `http://127.0.0.1:${port}/api/v1`;
          expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: 'ok' });
          const body = {
            token,
            boardName: 'Stichting CLI',
            firstName: 'Eerste',
            lastName: 'Beheerder',
            email: 'eerste@example.org',
            password: 'een lang wachtwoord',
          };
          const post = () =>
            fetch(`${base}/setup`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify(body),
            });
          const first = await post();
          expect(first.status).toBe(201);
          expect(first.headers.get('set-cookie')).toMatch(/schoolpas_session=.*HttpOnly.*SameSite=Lax/i);
          expect((await post()).status).toBe(409);
          expect(output).not.toContain('eerste@example.org');
        } finally {
          child?.kill('SIGTERM');
        }
      });
    });

    describe('when setup is run', () => {
      it('should create a board and print the ids as JSON', async () => {
        const result = await schoolpas(
          [
            'setup',
            '--board',
            'Stichting Test',
            '--email',
            'beheer@example.org',
            '--password',
            'een lang wachtwoord',
          ],
          env,
        );
        expect(result.code).toBe(0);
        const printed = JSON.parse(result.stdout);
        expect(printed).toEqual({ boardId: expect.any(String), personId: expect.any(String) });
        const board = await database.handle.db
          .selectFrom('boards')
          .selectAll()
          .where('id', '=', printed.boardId)
          .executeTakeFirst();
        expect(board?.name).toBe('Stichting Test');
      });

      it('should print an activation link when no password is given', async () => {
        const result = await schoolpas(
          ['setup', '--board', 'Stichting Link', '--email', 'link@example.org'],
          env,
        );
        expect(result.code).toBe(0);
        expect(JSON.parse(result.stdout).activationUrl).toMatch(
          /^http:\/\/localhost:3000\/activate\?token=[\w-]{40,}$/,
        );
      });

      it('should refuse a malformed e-mail and a missing board name', async () => {
        const bad = await schoolpas(['setup', '--board', 'X', '--email', 'geen-adres'], env);
        expect(bad.code).toBe(1);
        expect(bad.stderr).toContain('is not an e-mail address');
        const missing = await schoolpas(['setup', '--email', 'a@b.nl'], env);
        expect(missing.code).toBe(1);
        expect(missing.stderr).toContain('--board');
      });
    });

    describe('when a file is imported from the command line', () => {
      it('should print the preview, write nothing with --dry-run, then apply, then find nothing to change', async () => {
        const setup = await schoolpas(
          [
            'setup',
            '--board',
            'Stichting Import',
            '--email',
            'import@example.org',
            '--password',
            'een lang wachtwoord',
          ],
          env,
        );
        const { boardId } = JSON.parse(setup.stdout) as { boardId: string };
        const file = path.join(dataDir, 'leerlingen.csv');
        fs.writeFileSync(
          file,
          'Voornaam;Achternaam;Groep;Locatie\nDaan;Vries;Groep 3;De Linde\nSem;Kok;Groep 3;De Linde\n',
        );
        const count = async () =>
          (
            await database.handle.db
              .selectFrom('people')
              .select('id')
              .where('board_id', '=', boardId)
              .where('kind', '=', 'student')
              .execute()
          ).length;

        const dry = await schoolpas(['import', file, '--board', boardId, '--dry-run', '--json'], env);
        expect(dry.code).toBe(0);
        expect(JSON.parse(dry.stdout)).toMatchObject({
          students: { new: 2 },
          groups: { new: 1 },
          locations: { new: 1 },
        });
        expect(await count()).toBe(0);

        const applied = JSON.parse(
          (await schoolpas(['import', file, '--board', boardId, '--json'], env)).stdout,
        );
        expect(applied).toMatchObject({ applied: true, students: { new: 2 } });
        expect(await count()).toBe(2);
        const again = JSON.parse(
          (await schoolpas(['import', file, '--board', boardId, '--json'], env)).stdout,
        );
        expect(again).toMatchObject({ applied: true, students: { new: 0, changed: 0, unchanged: 2 } });
        expect(await count()).toBe(2);
      });
    });

    describe('when migrate and backup are run', () => {
      it('should migrate and write a backup that holds the data', async () => {
        expect(JSON.parse((await schoolpas(['migrate'], env)).stdout)).toEqual({
          migrated: true,
          database: dialect,
        });
        const file = path.join(dataDir, 'backups', 'copy.bin');
        const result = await schoolpas(['backup', '--to', file], env);
        expect(result.code).toBe(0);
        expect(JSON.parse(result.stdout)).toEqual({ backup: file });
        if (dialect === 'sqlite') {
          const copy = new SqliteDatabase(file, { readonly: true });
          const names = copy.prepare('select name from boards order by name').all() as { name: string }[];
          copy.close();
          expect(names.map((b) => b.name)).toContain('Stichting Test');
        } else {
          expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe('PGDMP');
        }
        const again = await schoolpas(['backup', '--to', file], env);
        expect(again.code).toBe(1);
        expect(again.stderr).toContain('exists already');
      });
    });

    describe('when the command is unknown', () => {
      it('should say so and show the usage', async () => {
        const result = await schoolpas(['frobnicate'], env);
        expect(result.code).toBe(1);
        expect(result.stderr).toContain('Unknown command "frobnicate"');
      });
    });
  });
}
