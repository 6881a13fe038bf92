import type { TFunction } from 'i18next';
import { ApiError, api } from '../../api/client.ts';
import type { User } from '../../api/types.ts';
import { errorMessage } from '../../components/feedback.ts';

/** What GET /api/v1/signin/locations/{code} answers: the school, and its groups when names may be shown. */
export interface SignInPageData {
  location: { id: string; name: string; code: string | null } | null;
  board: { name: string } | null;
  namesShown: boolean;
  reason: 'no-networks' | 'outside-network' | null;
  language: string;
  pictureSequenceLength: number;
  shufflePictures: boolean;
  groups: SignInGroup[];
}

export interface SignInGroup {
  id: string;
  name: string;
  /** A picture id of the picture set, or null. */
  icon: string | null;
  grade: string | null;
}

export interface SignInStudent {
  id: string;
  firstName: string;
  initial: string;
  signInMethod: 'password' | 'pictures';
}

export interface Picture {
  id: string;
  label: string;
  url: string;
}

function locationPath(code: string): string {
  return `/signin/locations/${encodeURIComponent(code)}`;
}

export function fetchSignInPage(code: string): Promise<SignInPageData> {
  return api('GET', locationPath(code));
}

export function fetchGroupStudents(
  code: string,
  groupId: string,
): Promise<{ group: SignInGroup; students: SignInStudent[] }> {
  return api('GET', `${locationPath(code)}/groups/${encodeURIComponent(groupId)}`);
}

export function fetchCard(
  code: string,
  cardCode: string,
): Promise<{ student: SignInStudent; group: SignInGroup }> {
  return api('GET', `${locationPath(code)}/cards/${encodeURIComponent(cardCode)}`);
}

export function fetchPictures(language: string): Promise<Picture[]> {
  return api('GET', `/pictures?lang=${language === 'en' ? 'en' : 'nl'}`);
}

export type Credentials =
  | { personId: string; password: string }
  | { personId: string; pictureSequence: string[] }
  | { email: string; password: string };

export interface SessionAnswer {
  user: User;
  csrfToken: string;
  mustChangePassword: boolean;
}

export function login(credentials: Credentials): Promise<SessionAnswer> {
  return api('POST', '/auth/login', credentials);
}

/**
 * The message a child reads after a failed sign-in: friendly words for a wrong answer, a locked account and too
 * many tries; anything else (no connection, a server failure) as the console says it.
 */
export function signInFailure(t: TFunction, error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return t('schoolSignIn.wrong');
    if (error.status === 423) return t('schoolSignIn.locked');
    if (error.status === 429) return t('schoolSignIn.tooMany');
  }
  return errorMessage(t, error);
}

/**
 * The card code in what a QR code or a person gave: a sign-in page URL with `?card=CODE`, or the bare code.
 * Spaces and dashes a person types are left to the server, which reads "ABCDE-FGHJK" and "abcde fghjk" alike.
 * Answers null when nothing usable is left.
 */
export function cardCodeFrom(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (/^https?:\/\//i.test(trimmed) || trimmed.includes('?')) {
    try {
      const code = new URL(trimmed, 'http://card.invalid').searchParams.get('card')?.trim();
      return code ? code : null;
    } catch {
      return null;
    }
  }
  return trimmed.length <= 32 ? trimmed : null;
}
