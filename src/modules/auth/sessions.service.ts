import type { ServiceContext } from '../../platform/context.ts';
import { hashSecret, newSecret, secretsEqual } from '../../platform/tokens.ts';
import type { Actor } from '../access/index.ts';
import { type BoardSettings, parseBoardSettings } from '../boards/index.ts';
import { mfaRequiredFor } from '../credentials/index.ts';
import { actorOf, type PersonRow, personName } from '../people/index.ts';
import {
  deleteSessionById,
  findSessionWithPerson,
  insertSession,
  type SessionRow,
  updateSessionById,
} from './auth.repository.ts';

/** Server-side sessions: started by a sign-in or a link, found by the cookie's token, ended by logout. */

const TOUCH_AFTER_MS = 5 * 60_000;

export interface SignedInUser {
  id: string;
  boardId: string;
  kind: 'staff' | 'student';
  firstName: string;
  infix: string | null;
  lastName: string;
  displayName: string;
  email: string | null;
  language: string;
  isBoardAdmin: boolean;
  mustChangePassword: boolean;
}

export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: string;
  user: SignedInUser;
}

export function toUser(row: PersonRow): SignedInUser {
  return {
    id: row.id,
    boardId: row.board_id,
    kind: row.kind,
    ...personName(row),
    email: row.email,
    language: row.language,
    isBoardAdmin: row.is_board_admin === 1,
    mustChangePassword: row.must_change_password === 1,
  };
}

export async function createSession(ctx: ServiceContext, person: PersonRow): Promise<NewSession> {
  const token = newSecret();
  const now = ctx.clock.now();
  const row: SessionRow = {
    id: hashSecret(token),
    person_id: person.id,
    board_id: person.board_id,
    csrf_token: newSecret(),
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + ctx.config.sessionTtlHours * 3_600_000).toISOString(),
    last_seen_at: now.toISOString(),
  };
  await insertSession(ctx.db, row);
  return { token, csrfToken: row.csrf_token, expiresAt: row.expires_at, user: toUser(person) };
}

/** `totpCode`: the authenticator app's code (or a recovery code) of a person with two-step verification on. */
export interface ResolvedSession {
  sessionId: string;
  csrfToken: string;
  actor: Actor;
  /** The person's board requires two-step verification of them and they have none on yet. */
  mfaEnrolmentRequired: boolean;
}

/** The board's two-step verification requirement from the settings the session query joins in. */
function mfaRequirementOf(session: { board_settings: string }): BoardSettings['mfaRequired'] {
  return parseBoardSettings(session.board_settings).mfaRequired;
}

/** The session for a cookie token, or undefined when it is unknown, expired or its person is gone. */
export async function resolveSession(
  ctx: ServiceContext,
  token: string,
): Promise<ResolvedSession | undefined> {
  const id = hashSecret(token);
  const session = await findSessionWithPerson(ctx.db, id);
  if (!session) return undefined;
  const now = ctx.clock.now();
  if (session.expires_at <= now.toISOString()) {
    await deleteSessionById(ctx.db, id);
    return undefined;
  }
  const actor = await actorOf(ctx.db, {
    id: session.person_id,
    board_id: session.board_id,
    kind: session.kind,
    is_board_admin: session.is_board_admin,
  });
  if (now.getTime() - Date.parse(session.last_seen_at) > TOUCH_AFTER_MS) {
    await updateSessionById(ctx.db, id, { last_seen_at: now.toISOString() });
  }
  return {
    sessionId: id,
    csrfToken: session.csrf_token,
    actor,
    mfaEnrolmentRequired:
      session.totp_enabled_at === null && mfaRequiredFor(mfaRequirementOf(session), actor),
  };
}

export function csrfMatches(session: ResolvedSession, header: string | undefined): boolean {
  return typeof header === 'string' && secretsEqual(header, session.csrfToken);
}

export async function logout(ctx: ServiceContext, sessionId: string): Promise<void> {
  await deleteSessionById(ctx.db, sessionId);
}
