import type { ServiceContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { addressInNetworks } from '../../platform/networks.ts';
import { type BoardSettings, DEFAULT_SETTINGS, parseBoardSettings } from '../boards/index.ts';
import { findStudentByCardCode } from './cards.service.ts';
import {
  findGroupsOfStudentAt,
  findSignInGroup,
  findSignInGroups,
  findSignInLocations,
  findSignInStudents,
  type SignInGroupRow,
  type SignInLocationRow,
} from './signin.repository.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type SignInMethod = 'password' | 'pictures' | 'email';

/** Why names are hidden: the location has no networks yet, or the request comes from outside them. */
export type HiddenReason = 'no-networks' | 'outside-network';

interface ResolvedLocation {
  row: SignInLocationRow;
  settings: BoardSettings;
  namesShown: boolean;
  reason: HiddenReason | null;
}

function networksOf(row: SignInLocationRow): string[] {
  return JSON.parse(row.allowed_networks) as string[];
}

/**
 * The location a sign-in page address means. Codes are unique per board only, so among locations with the code
 * the one whose networks hold the request wins; outside every network the page shows only the e-mail form, and
 * names the school only when the code is unambiguous.
 */
async function resolveLocation(
  ctx: ServiceContext,
  codeOrId: string,
  address: string,
): Promise<ResolvedLocation | undefined> {
  const isId = UUID.test(codeOrId);
  const rows = await findSignInLocations(
    ctx.db,
    isId ? codeOrId.toLowerCase() : codeOrId.toUpperCase(),
    isId,
  );
  if (rows.length === 0) return undefined;
  const inside = rows.find((row) => addressInNetworks(address, networksOf(row)));
  const row = inside ?? (rows.length === 1 ? rows[0] : undefined);
  if (!row) return undefined;
  const settings = parseBoardSettings(row.board_settings);
  const reason: HiddenReason | null = inside
    ? null
    : networksOf(row).length === 0
      ? 'no-networks'
      : 'outside-network';
  return { row, settings, namesShown: inside !== undefined, reason };
}

/** "Groep 1b" before "Groep 10c": numbers in names sort as numbers, as a child counts. */
const groupNames = new Intl.Collator('nl', { numeric: true, sensitivity: 'base' });
function byGroupName(a: SignInGroupRow, b: SignInGroupRow): number {
  return groupNames.compare(a.name, b.name);
}

function groupOut(group: SignInGroupRow) {
  return { id: group.id, name: group.name, icon: group.icon, grade: group.grade };
}

/** First name and the initial of the last name: enough for a child to find themselves, little for anyone else. */
function studentOut(student: { id: string; first_name: string; last_name: string }, method: SignInMethod) {
  return {
    id: student.id,
    firstName: student.first_name,
    initial: student.last_name.trim().charAt(0).toUpperCase(),
    signInMethod: method,
  };
}

/** The school sign-in page: the location, and its visible groups when the request comes from its networks. */
export async function signInPage(ctx: ServiceContext, codeOrId: string, address: string) {
  const resolved = await resolveLocation(ctx, codeOrId, address);
  if (!resolved) {
    return {
      location: null,
      board: null,
      namesShown: false,
      reason: 'outside-network' as HiddenReason,
      language: DEFAULT_SETTINGS.defaultLanguage,
      pictureSequenceLength: DEFAULT_SETTINGS.pictureSequenceLength,
      shufflePictures: false,
      groups: [],
    };
  }
  const { row, settings, namesShown, reason } = resolved;
  return {
    location: { id: row.id, name: row.name, code: row.code },
    board: { name: row.board_name },
    namesShown,
    reason,
    language: settings.defaultLanguage,
    pictureSequenceLength: settings.pictureSequenceLength,
    shufflePictures: settings.shufflePictures,
    groups: namesShown ? (await findSignInGroups(ctx.db, row.id)).sort(byGroupName).map(groupOut) : [],
  };
}

async function requireInside(ctx: ServiceContext, codeOrId: string, address: string) {
  const resolved = await resolveLocation(ctx, codeOrId, address);
  if (!resolved) throw new AppError('LOCATION_NOT_FOUND');
  if (!resolved.namesShown) throw new AppError('NETWORK_NOT_ALLOWED');
  return resolved;
}

/** A group's children as name tiles; those who sign in with e-mail use "Sign in with e-mail" instead. */
export async function signInGroup(ctx: ServiceContext, codeOrId: string, groupId: string, address: string) {
  const { row } = await requireInside(ctx, codeOrId, address);
  const group = await findSignInGroup(ctx.db, row.id, groupId);
  if (!group) throw new AppError('GROUP_NOT_FOUND');
  const students = (await findSignInStudents(ctx.db, group.id))
    .map((s) => studentOut(s, (s.sign_in_method ?? group.sign_in_method) as SignInMethod))
    .filter((s) => s.signInMethod !== 'email');
  return { group: groupOut(group), students };
}

/**
 * A student named by a sign-in card, when they belong to this location. Unknown codes and students of other
 * schools answer the same 404. The child still gives their password or pictures.
 */
export async function signInCard(ctx: ServiceContext, codeOrId: string, cardCode: string, address: string) {
  const { row } = await requireInside(ctx, codeOrId, address);
  const student = await findStudentByCardCode(ctx.db, cardCode);
  const groups = student ? await findGroupsOfStudentAt(ctx.db, student.id, row.id) : [];
  if (!student || groups.length === 0) throw new AppError('STUDENT_NOT_FOUND');
  const group = groups[0] as SignInGroupRow;
  const method = (student.sign_in_method ?? group.sign_in_method) as SignInMethod;
  return { student: studentOut(student, method), group: groupOut(group) };
}
