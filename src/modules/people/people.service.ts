import type { Kysely } from 'kysely';
import type { ServiceContext } from '../../platform/context.ts';
import { violatedUnique } from '../../platform/db/errors.ts';
import type { Database } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { displayName, fold, personSortKey } from '../../platform/text.ts';
import type { Actor, LocationLevel, Target } from '../access/index.ts';
import { assertPasswordRules, generateTemporaryPassword } from '../credentials/index.ts';
import { findGroupsByIds, type GroupRow } from '../groups/index.ts';
import {
  findLinks,
  findPersonIdByEmailKey,
  type GroupLink,
  type LocationLink,
  type PersonRow,
} from './people.repository.ts';

/** Name fields shared by staff and students. */
export interface NameInput {
  firstName: string;
  infix?: string | null;
  lastName: string;
}

/** A new person's credential columns: nothing readable yet, not locked. */
export const NO_CREDENTIALS = {
  temporary_password: null,
  picture_password: null,
  failed_attempts: 0,
  locked_until: null,
  lock_reason: null,
  card_code: null,
  totp_secret: null,
  totp_enabled_at: null,
  recovery_codes: null,
  totp_last_step: null,
} as const;

/** A person made by hand (or by the demo): no import source's keys. */
export const NOT_IMPORTED = { source_key: null, eck_id: null } as const;

/** The derived columns every name change must refresh. */
export function nameColumns(input: { firstName: string; infix: string | null; lastName: string }) {
  return {
    first_name: input.firstName,
    infix: input.infix,
    last_name: input.lastName,
    search_first: fold(input.firstName),
    search_last: fold(input.lastName),
    sort_name: personSortKey(input.firstName, input.infix, input.lastName),
  };
}

export function infixOf(infix: string | null | undefined): string | null {
  const trimmed = infix?.trim();
  return trimmed ? trimmed : null;
}

export function emailKeyOf(email: string | null | undefined): string | null {
  const trimmed = email?.trim();
  return trimmed ? trimmed.toLowerCase() : null;
}

export function personName(row: PersonRow) {
  return {
    firstName: row.first_name,
    infix: row.infix,
    lastName: row.last_name,
    displayName: displayName(row.first_name, row.infix, row.last_name),
  };
}

/** Links of a set of people, grouped per person. */
export async function linksOf(db: Kysely<Database>, personIds: readonly string[]) {
  const { levels: locationLinks, groups: groupLinks } = await findLinks(db, personIds);
  const levels = new Map<string, LocationLink[]>();
  const groups = new Map<string, GroupLink[]>();
  for (const link of locationLinks) levels.set(link.personId, [...(levels.get(link.personId) ?? []), link]);
  for (const link of groupLinks) groups.set(link.personId, [...(groups.get(link.personId) ?? []), link]);
  return {
    levelsOf: (id: string) => levels.get(id) ?? [],
    groupsOf: (id: string) => groups.get(id) ?? [],
  };
}

/** The actor for a person whose row the caller already has (a session lookup joins it). */
export async function actorOf(
  db: Kysely<Database>,
  person: Pick<PersonRow, 'id' | 'board_id' | 'kind' | 'is_board_admin'>,
): Promise<Actor> {
  const { levels, groups } = await findLinks(db, [person.id]);
  return {
    personId: person.id,
    boardId: person.board_id,
    kind: person.kind,
    isBoardAdmin: person.is_board_admin === 1,
    locationLevels: new Map(levels.map((l) => [l.locationId, l.level])),
    groupIds: new Set(groups.map((l) => l.groupId)),
    groupLocationIds: new Set(groups.map((l) => l.locationId)),
  };
}

export function staffTarget(
  boardId: string,
  personId: string | undefined,
  isBoardAdmin: boolean,
  levels: readonly { locationId: string; level: LocationLevel }[],
  groupLocationIds: readonly string[],
): Extract<Target, { kind: 'staff' }> {
  return {
    kind: 'staff',
    boardId,
    personId,
    isBoardAdmin,
    locationIds: [...new Set([...levels.map((l) => l.locationId), ...groupLocationIds])],
    adminLocationIds: levels.filter((l) => l.level === 'admin').map((l) => l.locationId),
  };
}

export function studentTarget(
  boardId: string,
  personId: string | undefined,
  groupLinks: readonly Pick<GroupLink, 'groupId' | 'locationId'>[],
): Extract<Target, { kind: 'student' }> {
  return {
    kind: 'student',
    boardId,
    personId,
    groupIds: groupLinks.map((l) => l.groupId),
    locationIds: [...new Set(groupLinks.map((l) => l.locationId))],
  };
}

/** The groups named in a request, all of the actor's board; GROUP_NOT_FOUND names the field otherwise. */
export async function requireGroups(
  ctx: ServiceContext,
  boardId: string,
  groupIds: readonly string[],
): Promise<GroupRow[]> {
  const unique = [...new Set(groupIds)];
  const rows = await findGroupsByIds(ctx.db, boardId, unique);
  if (rows.length !== unique.length) {
    throw new AppError('GROUP_NOT_FOUND', undefined, [
      { field: 'groupIds', message: 'contains an unknown group' },
    ]);
  }
  return rows;
}

export async function assertEmailFree(
  ctx: ServiceContext,
  boardId: string,
  emailKey: string | null,
  selfId?: string,
) {
  if (!emailKey) return;
  const holder = await findPersonIdByEmailKey(ctx.db, boardId, emailKey);
  if (holder && holder !== selfId) {
    throw new AppError('EMAIL_TAKEN', undefined, [
      { field: 'email', message: 'already in use in this board' },
    ]);
  }
}

/** Unique-index violations that slipped past the pre-checks (two requests at once) become the same errors. */
export function rethrowTaken(error: unknown): never {
  const index = violatedUnique(error);
  if (index !== null && /email/.test(index)) throw new AppError('EMAIL_TAKEN');
  if (index !== null && /username/.test(index)) throw new AppError('USERNAME_TAKEN');
  throw error;
}

/**
 * The sealed temporary password of a new person: the one an administrator chose (checked against the board's
 * rules) or a generated, child-friendly one. It stays readable until the person chooses their own.
 */
export async function sealedTemporaryPassword(
  ctx: ServiceContext,
  boardId: string,
  kind: 'staff' | 'student',
  password: string | undefined,
): Promise<string> {
  if (password !== undefined) await assertPasswordRules(ctx, boardId, kind, password, 'password');
  return ctx.secrets.seal(password ?? generateTemporaryPassword());
}
