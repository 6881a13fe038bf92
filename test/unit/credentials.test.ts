import { describe, expect, it } from 'vitest';
import { assertAcceptablePassword, isCommonPassword } from '../../src/modules/credentials/password-rules.ts';
import { generateTemporaryPassword } from '../../src/modules/credentials/temporary-password.ts';

describe('temporary passwords', () => {
  describe('when many are generated', () => {
    it('should be eight readable characters without look-alikes, and rarely repeat', () => {
      const passwords = Array.from({ length: 2000 }, generateTemporaryPassword);
      for (const password of passwords) expect(password).toMatch(/^([bdfghkmnprstvz][aeiu]){3}[2-9]{2}$/);
      expect(passwords.join('')).not.toMatch(/[lo01cqxyjw]/);
      expect(new Set(passwords).size).toBeGreaterThan(1990);
    });
  });
});

describe('password rules', () => {
  describe('when someone chooses a password', () => {
    it('should refuse one that is too short or among the most common', () => {
      expect(isCommonPassword('Password1')).toBe(true);
      expect(isCommonPassword('qwerty')).toBe(true);
      expect(() => assertAcceptablePassword('welkom', 10, 'newPassword')).toThrow(/at least 10/);
      expect(() => assertAcceptablePassword('iloveyou12', 10, 'newPassword')).toThrowError(
        expect.objectContaining({ code: 'PASSWORD_TOO_COMMON' }),
      );
      expect(() => assertAcceptablePassword('groene-kikker-springt', 10, 'newPassword')).not.toThrow();
    });
  });
});

describe('picture set', () => {
  describe('when the sign-in page asks for pictures', () => {
    it('should offer at least 24 distinct pictures with Dutch and English names and an SVG each', async () => {
      const { PICTURES, pictureSvg } = await import('../../src/modules/credentials/pictures.ts');
      expect(PICTURES.length).toBeGreaterThanOrEqual(24);
      expect(new Set(PICTURES.map((p) => p.id)).size).toBe(PICTURES.length);
      expect(new Set(PICTURES.map((p) => p.nl)).size).toBe(PICTURES.length);
      for (const picture of PICTURES) {
        expect(pictureSvg(picture.id)).toMatch(
          /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 32 32".*<\/svg>$/s,
        );
      }
      expect(pictureSvg('not-a-picture')).toBeUndefined();
    });
  });
});
