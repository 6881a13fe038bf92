import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.ts';
import { serve } from './main.ts';
import { setupBoard } from './modules/auth/index.ts';
import { backupDatabase } from './platform/db/backup.ts';
import { AppError } from './platform/errors.ts';
import { openRuntime } from './platform/runtime.ts';

const USAGE = `Usage: schoolpas <command> [options]

Commands:
  serve                         Start the server (PORT, SCHOOLPAS_DATA_DIR, DATABASE_URL)
  migrate                       Bring the database to the newest schema
  setup --board NAME --email E [--password P] [--first-name F] [--last-name L]
                                Create a board and its first pakketbeheerder; prints JSON
  demo [--password P]           Create a demo board with locations, groups, staff and students
  backup --to FILE              Write a consistent copy of the database to FILE
  import FILE --board ID [--dry-run] [--kind staff|student] [--json]
                                Preview an import (CSV, Excel, EDEXML, OneRoster zip) and apply it unless --dry-run
`;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const config = loadConfig();
  switch (command) {
    case 'serve':
      await serve(config);
      return;
    case 'migrate': {
      const { handle } = await openRuntime(config);
      await handle.close();
      process.stdout.write(`${JSON.stringify({ migrated: true, database: handle.dialect })}\n`);
      return;
    }
    case 'setup': {
      const { values } = parseArgs({
        args: rest,
        options: {
          board: { type: 'string' },
          email: { type: 'string' },
          password: { type: 'string' },
          'first-name': { type: 'string' },
          'last-name': { type: 'string' },
        },
      });
      if (!values.board || !values.email) fail('setup needs --board NAME and --email E');
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email))
        fail(`"${values.email}" is not an e-mail address`);
      const { ctx, handle } = await openRuntime(config);
      try {
        const result = await setupBoard(ctx, {
          boardName: values.board,
          email: values.email,
          password: values.password,
          firstName: values['first-name'] ?? 'Pakket',
          lastName: values['last-name'] ?? 'Beheerder',
        });
        const { activationToken, ...ids } = result;
        const output = activationToken
          ? { ...ids, activationUrl: `${config.publicUrl}/activate?token=${activationToken}` }
          : ids;
        process.stdout.write(`${JSON.stringify(output)}\n`);
      } finally {
        await handle.close();
      }
      return;
    }
    case 'demo': {
      const { values } = parseArgs({ args: rest, options: { password: { type: 'string' } } });
      const { createDemoBoard } = await import('./demo/demo.ts');
      const { ctx, handle } = await openRuntime(config);
      try {
        const result = await createDemoBoard(ctx, { password: values.password });
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      } finally {
        await handle.close();
      }
      return;
    }
    case 'import': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          board: { type: 'string' },
          'dry-run': { type: 'boolean' },
          kind: { type: 'string' },
          json: { type: 'boolean' },
        },
      });
      const [file] = positionals;
      if (!file || !values.board) fail('import needs FILE and --board ID');
      if (values.kind !== undefined && values.kind !== 'staff' && values.kind !== 'student')
        fail('--kind is staff or student');
      const { applyImportNow, previewImportForBoard } = await import('./modules/imports/index.ts');
      const data = await fs.readFile(file);
      const { ctx, handle } = await openRuntime(config);
      try {
        const options = { kind: values.kind as 'staff' | 'student' | undefined };
        const preview = await previewImportForBoard(
          ctx,
          values.board,
          { name: path.basename(file), data },
          options,
        );
        let answer: object = preview.preview;
        if (!values['dry-run']) {
          const applied = await applyImportNow(ctx, values.board, preview.id);
          answer = { ...preview.preview, applied: applied.status === 'applied', result: applied.result };
        }
        process.stdout.write(`${JSON.stringify(answer, null, values.json ? undefined : 2)}\n`);
      } finally {
        await handle.close();
      }
      return;
    }
    case 'backup': {
      const { values } = parseArgs({ args: rest, options: { to: { type: 'string' } } });
      if (!values.to) fail('backup needs --to FILE');
      const file = await backupDatabase(config.databaseUrl, values.to);
      process.stdout.write(`${JSON.stringify({ backup: file })}\n`);
      return;
    }
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write(USAGE);
      return;
    default:
      fail(`Unknown command "${command}".\n\n${USAGE}`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ConfigError) fail(`Configuration error: ${error.message}`);
  if (error instanceof AppError) fail(`${error.code}: ${error.message}`);
  if (error instanceof Error && 'code' in error && error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
    fail(error.message);
  throw error;
});
