import { randomInt } from 'node:crypto';

/**
 * Temporary passwords a six-year-old can copy from a card: three syllables and two digits, e.g. "bazimu47".
 * No look-alikes: no l/i/1, o/0, or letters a child may not know yet (c, q, x, y, j, w). 14 consonants × 4
 * vowels per syllable and 8 × 8 digits give about 23 bits: enough for a password that works until the first
 * sign-in and sits behind the lockout.
 */
const CONSONANTS = 'bdfghkmnprstvz';
const VOWELS = 'aeiu';
const DIGITS = '23456789';

function pick(alphabet: string): string {
  return alphabet[randomInt(alphabet.length)] as string;
}

export function generateTemporaryPassword(): string {
  let password = '';
  for (let syllable = 0; syllable < 3; syllable++) password += pick(CONSONANTS) + pick(VOWELS);
  return password + pick(DIGITS) + pick(DIGITS);
}
