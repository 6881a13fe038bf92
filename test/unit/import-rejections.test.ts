import { describe, expect, it } from 'vitest';
import {
  REJECTIONS,
  type RejectionCode,
  type RejectionEntry,
  reasonOf,
} from '../../src/modules/imports/rejections.ts';
import en from '../../src/web/i18n/en.json' with { type: 'json' };
import nl from '../../src/web/i18n/nl.json' with { type: 'json' };

/** The `{{name}}` placeholders of a text, sorted. */
function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1] ?? '').sort();
}

/** Every console text a code needs: one per kind (i18next context `<code>_<kind>`), or one for the code. */
function consoleKeys(code: RejectionCode): { key: string; kind: string | null }[] {
  const entry: RejectionEntry = REJECTIONS[code];
  return entry.kinds
    ? Object.keys(entry.kinds).map((kind) => ({ key: `${code}_${kind}`, kind }))
    : [{ key: code, kind: null }];
}

const codes = Object.keys(REJECTIONS) as RejectionCode[];
const texts = {
  nl: nl.importReasons as Record<string, string>,
  en: en.importReasons as Record<string, string>,
};

describe('import rejection codes (issue 5)', () => {
  describe('when the catalogue is compared with the console texts', () => {
    it('should have a Dutch and an English text for every code, and for every kind of a code with kinds', () => {
      const missing = codes
        .flatMap(consoleKeys)
        .flatMap(({ key }) =>
          (['nl', 'en'] as const).filter((lang) => !texts[lang][key]).map((l) => `${l}:${key}`),
        );
      expect(missing).toEqual([]);
    });

    it("should fill in the same params as the code's English text, the kind being chosen rather than filled in", () => {
      const different = codes.flatMap((code) => {
        // The params a rejection with this code carries are its text's placeholders (reasonOf's type checks that).
        const params = placeholders(REJECTIONS[code].text);
        const expected = params.filter((name) => name !== 'kind');
        return consoleKeys(code).flatMap(({ key }) =>
          (['nl', 'en'] as const)
            .filter((lang) => placeholders(texts[lang][key] ?? '').join() !== expected.join())
            .map((lang) => `${lang}:${key}`),
        );
      });
      expect(different).toEqual([]);
    });

    it('should have no console text for a code or kind the catalogue does not have', () => {
      const known = new Set(codes.flatMap(consoleKeys).map(({ key }) => key));
      expect(Object.keys(texts.nl).filter((key) => !known.has(key))).toEqual([]);
      expect(Object.keys(texts.en).filter((key) => !known.has(key))).toEqual([]);
    });

    it('should give kinds exactly to the texts that name a kind', () => {
      const wrong = codes.filter((code) => {
        const entry: RejectionEntry = REJECTIONS[code];
        return placeholders(entry.text).includes('kind') !== (entry.kinds !== undefined);
      });
      expect(wrong).toEqual([]);
    });

    it('should put no English word of a kind in a Dutch text', () => {
      // Words the two languages share are allowed.
      const shared = new Set(['school', 'vestiging']);
      const words = new Set(
        codes.flatMap((code) => {
          const entry: RejectionEntry = REJECTIONS[code];
          return Object.values(entry.kinds ?? {}).flatMap((word) => word.match(/[a-z-]{3,}/g) ?? []);
        }),
      );
      // Placeholders are param names, not words of the text.
      const english = Object.entries(texts.nl).filter(([, text]) => {
        const sentence = text.replace(/\{\{\w+\}\}/g, '');
        return [...words].some(
          (word) => !shared.has(word) && new RegExp(`\\b${word}\\b`, 'i').test(sentence),
        );
      });
      expect(english).toEqual([]);
    });
  });

  describe('when a reason is made from a code', () => {
    it('should fill in the params and the English word of the kind', () => {
      expect(reasonOf('LAST_NAME_MISSING', { kind: 'staff', field: 'achternaam' })).toEqual({
        code: 'LAST_NAME_MISSING',
        params: { kind: 'staff', field: 'achternaam' },
        reason: 'The staff member has no last name (achternaam), which Schoolpas needs.',
      });
    });

    it('should carry no params for a text without placeholders', () => {
      expect(reasonOf('PERSON_MATCHED_TWICE')).toEqual({
        code: 'PERSON_MATCHED_TWICE',
        reason: 'another row of the file matches the same person',
      });
    });
  });
});
