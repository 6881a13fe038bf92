import path from 'node:path';

/** Everything Schoolpas reads from its environment, validated once at start-up. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** `sqlite:<file>` for the embedded default or a `postgres://` URL. */
  databaseUrl: string;
  /** Public base URL used in links (activation, setup). */
  publicUrl: string;
  logLevel: string;
  /** Set `Secure` on cookies; on when the public URL is https. */
  secureCookies: boolean;
  sessionTtlHours: number;
  /** smtp://user:password@host:port (or smtps://); without it mail goes to the outbox in the data folder. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Failed sign-ins allowed from one source address (IPv6: one /64) per 10 minutes, across all accounts. */
  signInFailuresPerAddress: number;
}

export class ConfigError extends Error {}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

function smtpUrlFrom(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  if (!/^smtps?:\/\/[^/]+/.test(raw))
    throw new ConfigError('SCHOOLPAS_SMTP_URL must look like smtp://user:password@host:587');
  return raw;
}

/** Reads the configuration; throws ConfigError with a readable message on a bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = intFrom(env, 'PORT', 3000, 0, 65535);
  const dataDir = path.resolve(env.SCHOOLPAS_DATA_DIR || './data');
  const databaseUrl = env.DATABASE_URL || `sqlite:${path.join(dataDir, 'schoolpas.db')}`;
  if (!/^(sqlite:|postgres(ql)?:\/\/)/.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// or sqlite:');
  }
  const publicUrl = (env.SCHOOLPAS_PUBLIC_URL || `http://localhost:${port}`).replace(/\/$/, '');
  const logLevel = env.LOG_LEVEL || 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL "${logLevel}" is not a pino level`);
  }
  return {
    port,
    host: env.HOST || '0.0.0.0',
    dataDir,
    databaseUrl,
    publicUrl,
    logLevel,
    secureCookies: publicUrl.startsWith('https://'),
    sessionTtlHours: intFrom(env, 'SCHOOLPAS_SESSION_TTL_HOURS', 12, 1, 24 * 30),
    smtpUrl: smtpUrlFrom(env.SCHOOLPAS_SMTP_URL),
    mailFrom: env.SCHOOLPAS_MAIL_FROM || 'Schoolpas <no-reply@localhost>',
    signInFailuresPerAddress: intFrom(env, 'SCHOOLPAS_SIGNIN_FAILURES_PER_ADDRESS', 300, 1, 1_000_000),
  };
}
