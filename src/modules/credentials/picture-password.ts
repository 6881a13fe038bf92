import { randomInt } from 'node:crypto';
import { AppError } from '../../platform/errors.ts';
import type { SecretBox } from '../../platform/secrets.ts';
import { secretsEqual } from '../../platform/tokens.ts';
import { isPictureId, PICTURES } from './pictures.ts';

/**
 * A picture password is an ordered sequence of picture ids, stored sealed (AES-256-GCM) as a JSON array so that
 * teachers can show it to the child again. A picture may appear more than once. 36 pictures and 2 of them give
 * 1,296 sequences: enough behind a lock that holds until a teacher unlocks.
 */
export function randomPictureSequence(length: number): string[] {
  return Array.from({ length }, () => (PICTURES[randomInt(PICTURES.length)] as { id: string }).id);
}

/** Refuses a sequence of the wrong length or with unknown pictures (INVALID_PICTURE_SEQUENCE, naming the field). */
export function assertPictureSequence(sequence: readonly string[], length: number, field: string): void {
  if (sequence.length !== length) {
    throw new AppError('INVALID_PICTURE_SEQUENCE', `A picture password has ${length} pictures`, [
      { field, message: `needs exactly ${length} pictures` },
    ]);
  }
  const unknown = sequence.findIndex((id) => !isPictureId(id));
  if (unknown >= 0) {
    throw new AppError('INVALID_PICTURE_SEQUENCE', undefined, [
      { field: `${field}/${unknown}`, message: 'is not a picture of the set' },
    ]);
  }
}

export function sealPictureSequence(secrets: SecretBox, sequence: readonly string[]): string {
  return secrets.seal(JSON.stringify(sequence));
}

export function openPictureSequence(secrets: SecretBox, sealed: string | null): string[] | null {
  if (sealed === null) return null;
  return JSON.parse(secrets.open(sealed)) as string[];
}

/** Whether the given sequence is the stored one, compared in constant time. */
export function pictureSequenceMatches(
  secrets: SecretBox,
  sealed: string | null,
  given: readonly string[],
): boolean {
  if (sealed === null) return false;
  try {
    return secretsEqual(secrets.open(sealed), JSON.stringify(given));
  } catch {
    return false;
  }
}
