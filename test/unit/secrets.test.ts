import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  addKeyToFile,
  createSecretBox,
  KeyRingError,
  loadSecretBox,
  parseKeyRing,
} from '../../src/platform/secrets.ts';

const key = (byte: number) => Buffer.alloc(32, byte);

describe('secret box', () => {
  describe('when a value is sealed', () => {
    it('should open to the same text and never contain it', () => {
      const box = createSecretBox(new Map([['k1', key(1)]]), 'k1');
      const sealed = box.seal('tafel42');
      expect(sealed).not.toContain('tafel42');
      expect(sealed).toMatch(/^v1\.k1\./);
      expect(box.open(sealed)).toBe('tafel42');
      expect(box.seal('tafel42')).not.toBe(sealed);
    });

    it('should refuse a value that was changed, or moved under another key id', () => {
      const box = createSecretBox(
        new Map([
          ['k1', key(1)],
          ['k2', key(1)],
        ]),
        'k1',
      );
      const sealed = box.seal('geheim');
      const parts = sealed.split('.');
      const body = Buffer.from(parts[3] as string, 'base64url');
      body[0] = (body[0] as number) ^ 1;
      expect(() => box.open([parts[0], parts[1], parts[2], body.toString('base64url')].join('.'))).toThrow();
      // Same key material under another id: the id is authenticated, so this fails too.
      expect(() => box.open(sealed.replace('.k1.', '.k2.'))).toThrow();
    });
  });

  describe('when keys rotate', () => {
    it('should seal with the new key and still open values of the old one', () => {
      const old = createSecretBox(new Map([['k1', key(1)]]), 'k1');
      const sealedOld = old.seal('oud');
      const rotated = createSecretBox(
        new Map([
          ['k2', key(2)],
          ['k1', key(1)],
        ]),
        'k2',
      );
      expect(rotated.open(sealedOld)).toBe('oud');
      expect(rotated.keyIdOf(rotated.seal('nieuw'))).toBe('k2');
      const withoutOld = createSecretBox(new Map([['k2', key(2)]]), 'k2');
      expect(() => withoutOld.open(sealedOld)).toThrow(KeyRingError);
    });

    it('should read keys from SCHOOLPAS_SECRET_KEYS, the first being current', () => {
      const value = `k9:${key(9).toString('base64')},k1:${key(1).toString('base64')}`;
      const { keys, currentKeyId } = parseKeyRing(value);
      expect(currentKeyId).toBe('k9');
      expect([...keys.keys()]).toEqual(['k9', 'k1']);
      expect(() => parseKeyRing('k1:c2hvcnQ=')).not.toThrow();
      expect(() => createSecretBox(parseKeyRing('k1:c2hvcnQ=').keys, 'k1')).toThrow(/32 bytes/);
    });
  });

  describe('when no keys are configured', () => {
    it('should create a private key file in the data folder once and keep using it', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'schoolpas-keys-'));
      const first = loadSecretBox(dir, {});
      const file = path.join(dir, 'secret-keys.json');
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      const sealed = first.seal('blijft');
      expect(loadSecretBox(dir, {}).open(sealed)).toBe('blijft');
      expect(addKeyToFile(dir)).toBe('k2');
      const after = loadSecretBox(dir, {});
      expect(after.currentKeyId).toBe('k2');
      expect(after.open(sealed)).toBe('blijft');
      fs.rmSync(dir, { recursive: true });
    });
  });
});
