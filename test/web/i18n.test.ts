import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../../src/web/i18n/en.json' with { type: 'json' };
import nl from '../../src/web/i18n/nl.json' with { type: 'json' };

const WEB = path.resolve(import.meta.dirname, '../../src/web');

/** { a: { b: 'x' } } → Map { 'a.b' → 'x' } */
function flatten(tree: object, prefix = '', into = new Map<string, string>()): Map<string, string> {
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') into.set(`${prefix}${key}`, value);
    else flatten(value as object, `${prefix}${key}.`, into);
  }
  return into;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** Every t('…') and t(`prefix.${…}`) call in the console's source. */
function usedKeys(): {
  literal: { key: string; file: string }[];
  prefixes: { prefix: string; file: string }[];
} {
  const literal: { key: string; file: string }[] = [];
  const prefixes: { prefix: string; file: string }[] = [];
  for (const file of sourceFiles(WEB)) {
    const text = fs.readFileSync(file, 'utf8');
    const name = path.relative(WEB, file);
    for (const match of text.matchAll(/\bt\(\s*'([^']+)'/g))
      literal.push({ key: match[1] ?? '', file: name });
    for (const match of text.matchAll(/\bt\(\s*"([^"]+)"/g))
      literal.push({ key: match[1] ?? '', file: name });
    for (const match of text.matchAll(/\bt\(\s*`([^`]*)`/g)) {
      const template = match[1] ?? '';
      const cut = template.indexOf('${');
      if (cut === -1) literal.push({ key: template, file: name });
      else prefixes.push({ prefix: template.slice(0, cut), file: name });
    }
  }
  return { literal, prefixes };
}

const dutch = flatten(nl);
const english = flatten(en);

/** i18next plurals: `bulk.done` with a count reads `bulk.done_one` / `bulk.done_other`. */
function exists(keys: Map<string, string>, key: string): boolean {
  return keys.has(key) || (keys.has(`${key}_one`) && keys.has(`${key}_other`));
}

describe('console translations', () => {
  describe('when the Dutch and English texts are compared', () => {
    it('should have exactly the same keys', () => {
      expect([...english.keys()].sort()).toEqual([...dutch.keys()].sort());
    });

    it('should use the same {{placeholders}} in both languages', () => {
      const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
      // A singular may spell out "1" instead of {{count}}; every other text must match.
      const different = [...dutch]
        .filter(([key]) => !key.endsWith('_one'))
        .filter(([key, text]) => placeholders(text).join() !== placeholders(english.get(key) ?? '').join())
        .map(([key]) => key);
      expect(different).toEqual([]);
    });

    it('should leave no text empty', () => {
      expect([...dutch, ...english].filter(([, text]) => text.trim() === '')).toEqual([]);
    });
  });

  describe('when the console source asks for a text', () => {
    const { literal, prefixes } = usedKeys();

    it('should find the console using translations at all', () => {
      expect(literal.length).toBeGreaterThan(100);
    });

    it('should find every literal key in both languages', () => {
      const missing = literal.filter(({ key }) => !exists(dutch, key) || !exists(english, key));
      expect(missing).toEqual([]);
    });

    it('should find a group of texts for every computed key', () => {
      const missing = prefixes.filter(
        ({ prefix }) =>
          ![...dutch.keys()].some((key) => key.startsWith(prefix)) ||
          ![...english.keys()].some((key) => key.startsWith(prefix)),
      );
      expect(missing).toEqual([]);
    });
  });
});
