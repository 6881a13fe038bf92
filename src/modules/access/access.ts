import { AppError, type ErrorCode } from '../../platform/errors.ts';

/**
 * The rights model of PRODUCT.md §2, in one place. Every service asks `authorise(actor, action, target)`
 * before it acts; nothing else in the code base knows who may do what.
 */

export const LOCATION_LEVELS = ['read', 'files', 'folders', 'admin'] as const;
export type LocationLevel = (typeof LOCATION_LEVELS)[number];

/** The signed-in person, with what their rights are derived from. */
export interface Actor {
  personId: string;
  boardId: string;
  kind: 'staff' | 'student';
  isBoardAdmin: boolean;
  /** Per-location level (staff only). */
  locationLevels: ReadonlyMap<string, LocationLevel>;
  /** Groups the actor is linked to: for staff, the groups they teach. */
  groupIds: ReadonlySet<string>;
  /** Locations of those groups. */
  groupLocationIds: ReadonlySet<string>;
}

/** What an action is about. `personId`/`groupId`/`locationId` are absent when the thing is being created. */
export type Target =
  | { kind: 'board'; boardId: string }
  | { kind: 'location'; boardId: string; locationId?: string }
  | { kind: 'group'; boardId: string; locationId: string; groupId?: string }
  | {
      kind: 'staff';
      boardId: string;
      personId?: string;
      isBoardAdmin: boolean;
      /** Locations the staff member has any level on, or teaches a group in. */
      locationIds: readonly string[];
      /** Locations where the staff member is locatiebeheerder. */
      adminLocationIds: readonly string[];
    }
  | {
      kind: 'student';
      boardId: string;
      personId?: string;
      groupIds: readonly string[];
      locationIds: readonly string[];
      /** The board setting "teachers may reset student passwords" (for student.password.reset). */
      teachersMayResetPasswords?: boolean;
    }
  | { kind: 'audit'; boardId: string; locationIds: readonly string[] }
  /** One's own account (My profile). */
  | { kind: 'person'; boardId: string; personId: string };

export const ACTIONS = [
  'board.read',
  'board.update',
  'location.list',
  'location.read',
  'location.create',
  'location.update',
  'location.delete',
  'group.list',
  'group.read',
  'group.create',
  'group.update',
  'group.delete',
  'group.members.read',
  'group.members.add',
  'group.members.remove',
  'staff.list',
  'staff.read',
  'staff.create',
  'staff.update',
  'staff.delete',
  'staff.grantBoardAdmin',
  'staff.grantLocation',
  'student.list',
  'student.read',
  'student.create',
  'student.update',
  'student.delete',
  'audit.read',
  'student.password.read',
  'student.password.reset',
  'staff.password.read',
  'staff.password.reset',
  'staff.mail.activation',
  'staff.mail.reset',
  'staff.mfa.reset',
  'group.passwords.read',
  'student.pictures.read',
  'student.pictures.set',
  'student.privacy.update',
  'import.create',
  'import.read',
  'board.export',
  'location.networks.update',
  'student.unlock',
  'staff.unlock',
  'group.unlock',
  'profile.read',
  'profile.update',
  'profile.mfa',
] as const;
export type Action = (typeof ACTIONS)[number];

const NOT_FOUND_BY_KIND: Record<Target['kind'], ErrorCode> = {
  board: 'BOARD_NOT_FOUND',
  location: 'LOCATION_NOT_FOUND',
  group: 'GROUP_NOT_FOUND',
  staff: 'STAFF_NOT_FOUND',
  student: 'STUDENT_NOT_FOUND',
  audit: 'NOT_FOUND',
  person: 'PERSON_NOT_FOUND',
};

export function adminLocationIds(actor: Actor): string[] {
  const ids: string[] = [];
  for (const [locationId, level] of actor.locationLevels) if (level === 'admin') ids.push(locationId);
  return ids;
}

function administers(actor: Actor, locationId: string | undefined): boolean {
  return locationId !== undefined && actor.locationLevels.get(locationId) === 'admin';
}

function administersAny(actor: Actor, locationIds: readonly string[]): boolean {
  return locationIds.some((id) => administers(actor, id));
}

function teachesAny(actor: Actor, groupIds: readonly string[]): boolean {
  return groupIds.some((id) => actor.groupIds.has(id));
}

function isLocationAdmin(actor: Actor): boolean {
  for (const level of actor.locationLevels.values()) if (level === 'admin') return true;
  return false;
}

/** A locatiebeheerder may manage a staff member only when that changes no one's rights beyond their own. */
function mayManageStaff(actor: Actor, target: Extract<Target, { kind: 'staff' }>): boolean {
  if (target.isBoardAdmin) return false;
  if (!administersAny(actor, target.locationIds)) return false;
  return target.adminLocationIds.every((id) => administers(actor, id));
}

/** The rights table. Board membership has been checked; `actor` is staff. */
function allowed(actor: Actor, action: Action, target: Target): boolean {
  if (actor.isBoardAdmin) return true;
  switch (action) {
    case 'board.read':
      return true;
    case 'board.update':
    case 'board.export':
    case 'location.networks.update':
    case 'location.create':
    case 'location.delete':
    case 'staff.grantBoardAdmin':
      return false;
    case 'location.list':
      return actor.locationLevels.size > 0 || actor.groupIds.size > 0;
    case 'location.read':
      return (
        target.kind === 'location' &&
        target.locationId !== undefined &&
        (actor.locationLevels.has(target.locationId) || actor.groupLocationIds.has(target.locationId))
      );
    case 'location.update':
    case 'staff.grantLocation':
      return target.kind === 'location' && administers(actor, target.locationId);
    case 'group.list':
      return isLocationAdmin(actor) || actor.groupIds.size > 0;
    case 'group.read':
    case 'group.members.read':
    case 'group.passwords.read':
    case 'group.unlock':
      return (
        target.kind === 'group' &&
        (administers(actor, target.locationId) ||
          (target.groupId !== undefined && actor.groupIds.has(target.groupId)))
      );
    case 'group.create':
    case 'group.update':
    case 'group.delete':
    case 'group.members.add':
    case 'group.members.remove':
      return target.kind === 'group' && administers(actor, target.locationId);
    case 'staff.list':
      return isLocationAdmin(actor);
    case 'staff.read':
      return (
        target.kind === 'staff' &&
        (target.personId === actor.personId || administersAny(actor, target.locationIds))
      );
    case 'staff.create':
      return (
        target.kind === 'staff' &&
        !target.isBoardAdmin &&
        target.locationIds.length > 0 &&
        target.locationIds.every((id) => administers(actor, id))
      );
    case 'staff.update':
    case 'staff.delete':
    case 'staff.password.read':
    case 'staff.password.reset':
    case 'staff.mail.activation':
    case 'staff.mail.reset':
    case 'staff.mfa.reset':
    case 'staff.unlock':
      return target.kind === 'staff' && mayManageStaff(actor, target);
    case 'student.list':
      return isLocationAdmin(actor) || actor.groupIds.size > 0;
    case 'import.create':
      return isLocationAdmin(actor);
    case 'import.read':
      // A locatiebeheerder reads the imports they started; a pakketbeheerder every import of the board.
      return target.kind === 'person' && isLocationAdmin(actor) && target.personId === actor.personId;
    case 'student.password.read':
    case 'student.pictures.read':
    case 'student.pictures.set':
    case 'student.privacy.update':
    case 'student.unlock':
    case 'student.read':
      return (
        target.kind === 'student' &&
        (administersAny(actor, target.locationIds) || teachesAny(actor, target.groupIds))
      );
    case 'student.create':
    case 'student.update':
    case 'student.delete':
      return target.kind === 'student' && administersAny(actor, target.locationIds);
    case 'student.password.reset':
      return (
        target.kind === 'student' &&
        (administersAny(actor, target.locationIds) ||
          (target.teachersMayResetPasswords === true && teachesAny(actor, target.groupIds)))
      );
    case 'audit.read':
      return (
        target.kind === 'audit' &&
        isLocationAdmin(actor) &&
        target.locationIds.every((id) => administers(actor, id))
      );
    case 'profile.read':
    case 'profile.update':
    case 'profile.mfa':
      return false; // decided in can(): only one's own
  }
}

/** Whether the actor may act; false for another board's target too. Never throws. */
export function can(actor: Actor, action: Action, target: Target): boolean {
  if (target.boardId !== actor.boardId) return false;
  // Everyone, students too, manages their own account; nobody else's through these actions.
  if (action === 'profile.read' || action === 'profile.update') {
    return target.kind === 'person' && target.personId === actor.personId;
  }
  // Two-step verification is for staff; students sign in without it.
  if (action === 'profile.mfa') {
    return actor.kind === 'staff' && target.kind === 'person' && target.personId === actor.personId;
  }
  if (actor.kind !== 'staff') return false;
  return allowed(actor, action, target);
}

/**
 * Throws unless the actor may act. Another board's target throws the same not-found error as a missing one,
 * so ids from other boards reveal nothing; inside the board a refusal is FORBIDDEN.
 */
export function authorise(actor: Actor, action: Action, target: Target): void {
  if (target.boardId !== actor.boardId) throw new AppError(NOT_FOUND_BY_KIND[target.kind]);
  if (!can(actor, action, target)) throw new AppError('FORBIDDEN');
}

/**
 * Which rows of a list the actor sees. `all` for a pakketbeheerder; otherwise the locations they administer
 * and the groups they teach. Lists call `authorise(actor, '<kind>.list', …)` first.
 */
export type ListScope =
  | { all: true }
  | { all: false; adminLocationIds: string[]; groupIds: string[]; locationIds: string[] };

export function listScope(actor: Actor): ListScope {
  if (actor.isBoardAdmin) return { all: true };
  return {
    all: false,
    adminLocationIds: adminLocationIds(actor),
    groupIds: [...actor.groupIds],
    locationIds: [...new Set([...actor.locationLevels.keys(), ...actor.groupLocationIds])],
  };
}
