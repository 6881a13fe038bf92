/**
 * Folds text for search and sort keys: Unicode-decomposed, accents removed, lower case, spaces squeezed.
 * "Ismaël" and "ISMAEL" fold to "ismael"; "Ørsted" folds to "orsted".
 */
const EXTRA_FOLDS: Record<string, string> = {
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  ß: 'ss',
  ł: 'l',
  đ: 'd',
  ı: 'i',
  þ: 'th',
};

export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[øæœßłđıþ]/g, (c) => EXTRA_FOLDS[c] ?? c)
    .replace(/\s+/g, ' ')
    .trim();
}

/** "Gradje", "van 't", "Hof" → "Gradje van 't Hof". */
export function displayName(firstName: string, infix: string | null, lastName: string): string {
  return [firstName, infix, lastName].filter((part) => part && part.length > 0).join(' ');
}

/**
 * The Dutch sort key: last name without infix, then first name, then infix ("Hof, Gradje van 't").
 * Parts are separated by U+0001 so "de Boer, Anna" sorts before "Boers, Anna".
 */
export function personSortKey(firstName: string, infix: string | null, lastName: string): string {
  return [fold(lastName), fold(firstName), fold(infix ?? '')].join('\u0001');
}
