import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';

/**
 * Writes a consistent copy of the database to `file` while the server may keep running: SQLite's online
 * backup API, or `pg_dump --format=custom` (restore with pg_restore) for PostgreSQL. Refuses to overwrite.
 */
export async function backupDatabase(databaseUrl: string, file: string): Promise<string> {
  const target = path.resolve(file);
  if (fs.existsSync(target)) throw new Error(`${target} exists already; choose a new file`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  if (databaseUrl.startsWith('sqlite:')) {
    const source = new SqliteDatabase(databaseUrl.slice('sqlite:'.length), { fileMustExist: true });
    try {
      await source.backup(target);
    } finally {
      source.close();
    }
    return target;
  }
  await new Promise<void>((resolve, reject) => {
    const child = spawn('pg_dump', ['--format=custom', `--file=${target}`, `--dbname=${databaseUrl}`], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', (error) => reject(new Error(`pg_dump could not start: ${error.message}`)));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`pg_dump exited with ${code}`))));
  });
  return target;
}
