import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Readable secrets (temporary passwords, picture sequences) are stored AES-256-GCM-encrypted, each value tagged
 * with the id of the key that sealed it, so keys can be rotated: new values use the current key, old values stay
 * readable as long as their key is in the ring, and `rekey` re-seals them with the current key.
 */
export interface SecretBox {
  /** The id of the key new values are sealed with. */
  readonly currentKeyId: string;
  seal(plaintext: string): string;
  /** Opens a sealed value; throws when it was tampered with or its key is not in the ring. */
  open(sealed: string): string;
  /** The key id a sealed value names. */
  keyIdOf(sealed: string): string;
}

const FORMAT = 'v1';
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

export class KeyRingError extends Error {}

export function createSecretBox(keys: ReadonlyMap<string, Buffer>, currentKeyId: string): SecretBox {
  for (const [id, key] of keys) {
    if (!KEY_ID.test(id)) throw new KeyRingError(`key id "${id}" must be 1–32 letters, digits, - or _`);
    if (key.length !== 32) throw new KeyRingError(`key "${id}" must be 32 bytes (256 bits)`);
  }
  const current = keys.get(currentKeyId);
  if (!current) throw new KeyRingError(`the current key "${currentKeyId}" is not in the key ring`);
  return {
    currentKeyId,
    seal(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current, iv);
      // The key id is authenticated too: a value cannot be moved under another key's name.
      cipher.setAAD(Buffer.from(currentKeyId));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return [FORMAT, currentKeyId, iv.toString('base64url'), body.toString('base64url')].join('.');
    },
    open(sealed) {
      const [format, keyId, iv, body] = sealed.split('.');
      if (format !== FORMAT || !keyId || !iv || !body) throw new KeyRingError('not a sealed value');
      const key = keys.get(keyId);
      if (!key) throw new KeyRingError(`key "${keyId}" is not in the key ring`);
      const bytes = Buffer.from(body, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(keyId));
      decipher.setAuthTag(bytes.subarray(bytes.length - 16));
      return Buffer.concat([
        decipher.update(bytes.subarray(0, bytes.length - 16)),
        decipher.final(),
      ]).toString('utf8');
    },
    keyIdOf(sealed) {
      return sealed.split('.')[1] ?? '';
    },
  };
}

/**
 * `SCHOOLPAS_SECRET_KEYS="k2:<base64 32 bytes>,k1:<base64>"` — the first is current. Every node of a
 * multi-node installation must get the same value.
 */
export function parseKeyRing(value: string): { keys: Map<string, Buffer>; currentKeyId: string } {
  const keys = new Map<string, Buffer>();
  let currentKeyId: string | undefined;
  for (const entry of value
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const [id, material] = entry.split(':');
    if (!id || !material) throw new KeyRingError('SCHOOLPAS_SECRET_KEYS entries look like id:base64key');
    keys.set(id, Buffer.from(material, 'base64'));
    currentKeyId ??= id;
  }
  if (!currentKeyId) throw new KeyRingError('SCHOOLPAS_SECRET_KEYS is empty');
  return { keys, currentKeyId };
}

interface KeyFile {
  current: string;
  keys: Record<string, string>;
}

/**
 * The key ring from SCHOOLPAS_SECRET_KEYS, or from `secret-keys.json` in the data folder, which is created
 * (mode 0600) with one fresh key on first start.
 */
export function loadSecretBox(dataDir: string, env: NodeJS.ProcessEnv = process.env): SecretBox {
  if (env.SCHOOLPAS_SECRET_KEYS) {
    const { keys, currentKeyId } = parseKeyRing(env.SCHOOLPAS_SECRET_KEYS);
    return createSecretBox(keys, currentKeyId);
  }
  const file = path.join(dataDir, 'secret-keys.json');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    const initial: KeyFile = { current: 'k1', keys: { k1: randomBytes(32).toString('base64') } };
    fs.writeFileSync(file, `${JSON.stringify(initial, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  }
  const content = JSON.parse(fs.readFileSync(file, 'utf8')) as KeyFile;
  const keys = new Map(
    Object.entries(content.keys).map(([id, material]) => [id, Buffer.from(material, 'base64')]),
  );
  return createSecretBox(keys, content.current);
}

/** Adds a fresh key to the data folder's key ring and makes it current; returns its id. */
export function addKeyToFile(dataDir: string): string {
  const file = path.join(dataDir, 'secret-keys.json');
  const content = JSON.parse(fs.readFileSync(file, 'utf8')) as KeyFile;
  let n = Object.keys(content.keys).length + 1;
  while (content.keys[`k${n}`]) n++;
  const id = `k${n}`;
  content.keys[id] = randomBytes(32).toString('base64');
  content.current = id;
  fs.writeFileSync(file, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
  return id;
}
