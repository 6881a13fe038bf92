import { randomInt } from 'node:crypto';
import { isoNow } from '../../platform/clock.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { violatedUnique } from '../../platform/db/errors.ts';
import type { Db } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { displayName } from '../../platform/text.ts';
import { authorise } from '../access/index.ts';
import { type Caller, recordAudit } from '../audit/index.ts';
import { PICTURES } from '../credentials/index.ts';
import { findGroupsByIds, type GroupRow, groupTarget, requireGroup } from '../groups/index.ts';
import { findLocationsByIds } from '../locations/index.ts';
import { findPeopleByIds, findPersonById, linksOf, type PersonRow } from '../people/index.ts';
import { type Card, type CardLanguage, type CardSecret, renderCards } from './cards.pdf.ts';
import {
  findCardCodesByIds,
  findStudentRowByCardCode,
  findStudentsOfGroup,
  updateCardCodeById,
} from './cards.repository.ts';

/**
 * Card codes: 10 characters from 31 without look-alikes (no I, L, O, 0, 1), about 49.5 bits, so guessing a
 * code that is in use is hopeless even across a whole installation. A code only picks the child; the password
 * or pictures are still asked.
 */
export const CARD_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const CARD_CODE_LENGTH = 10;
const CARD_CODE = new RegExp(`^[${CARD_CODE_ALPHABET}]{${CARD_CODE_LENGTH}}$`);

/** A group larger than this is refused: one request should not render hundreds of pages. */
export const MAX_CARDS = 500;
/** Fresh codes that collide with taken ones (about 2^-49 each) make the transaction start over, this often. */
const ASSIGN_ATTEMPTS = 3;

export function generateCardCode(): string {
  let code = '';
  for (let i = 0; i < CARD_CODE_LENGTH; i++) code += CARD_CODE_ALPHABET[randomInt(CARD_CODE_ALPHABET.length)];
  return code;
}

/** A code as typed ("abcde-fghjk ", "ABCDE FGHJK") in its stored form. */
export function normaliseCardCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s\-‐‑–—]+/g, '');
}

/**
 * The student a (scanned or typed) card code belongs to, in any board; undefined for an unknown or malformed
 * code (a malformed one never reaches the database). The caller decides what the student may see or do:
 * the code only identifies, it proves nothing.
 */
export async function findStudentByCardCode(db: Db, code: string): Promise<PersonRow | undefined> {
  const normalised = normaliseCardCode(code);
  if (!CARD_CODE.test(normalised)) return undefined;
  return findStudentRowByCardCode(db, normalised);
}

/** The group (of the actor's board, else GROUP_NOT_FOUND) and its students, after the rights check. */
async function loadGroupForCards(ctx: ServiceContext, caller: Caller, groupId: string) {
  const { actor } = caller;
  const group = await requireGroup(ctx, actor.boardId, groupId);
  authorise(actor, 'group.passwords.read', groupTarget(actor.boardId, group));
  const students = await findStudentsOfGroup(ctx.db, actor.boardId, groupId, MAX_CARDS + 1);
  if (students.length > MAX_CARDS)
    throw new AppError(
      'GROUP_TOO_LARGE_FOR_CARDS',
      `Cards are printed for groups of at most ${MAX_CARDS} students`,
    );
  return { group, students };
}

/**
 * Gives each listed student a fresh code in one transaction, together with the audit event. With
 * `onlyWhenMissing`, students that have a code keep it (also one assigned by a parallel print); answers the
 * codes in force afterwards. A collision with a taken code rolls back and starts over with new codes.
 */
async function assignCodes(
  ctx: ServiceContext,
  boardId: string,
  studentIds: readonly string[],
  onlyWhenMissing: boolean,
  audit: (trx: Db) => Promise<void>,
): Promise<Map<string, string | null>> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ctx.db.transaction().execute(async (trx) => {
        const now = isoNow(ctx.clock);
        for (const id of studentIds)
          await updateCardCodeById(trx, boardId, id, generateCardCode(), { onlyWhenMissing, now });
        await audit(trx);
        return findCardCodesByIds(trx, boardId, studentIds);
      });
    } catch (error) {
      if (attempt >= ASSIGN_ATTEMPTS || violatedUnique(error) === null) throw error;
    }
  }
}

/** The effective sign-in method (the student's own, else their group's) decides what the card shows. */
function secretOf(
  ctx: ServiceContext,
  group: Pick<GroupRow, 'sign_in_method'> | undefined,
  student: PersonRow,
  language: CardLanguage,
): CardSecret {
  const method = student.sign_in_method ?? group?.sign_in_method ?? 'password';
  if (method === 'pictures' && student.picture_password !== null) {
    const ids = JSON.parse(ctx.secrets.open(student.picture_password)) as string[];
    return {
      kind: 'pictures',
      pictures: ids.map((id) => ({ id, label: PICTURES.find((p) => p.id === id)?.[language] ?? id })),
    };
  }
  if (student.temporary_password !== null)
    return { kind: 'password', password: ctx.secrets.open(student.temporary_password) };
  return { kind: 'chosen' };
}

export interface PrintedCards {
  pdf: Buffer;
  groupName: string;
}

/**
 * The group's QR sign-in cards as a PDF, one per student in name order, in the caller's language. Students
 * without a card code get one first. Whoever may read the group's passwords may print; the audit event
 * names the students whose temporary password (or picture password) went on paper.
 */
export async function printGroupCards(
  ctx: ServiceContext,
  caller: Caller,
  groupId: string,
  options: { compress?: boolean } = {},
): Promise<PrintedCards> {
  const { actor } = caller;
  const { group, students } = await loadGroupForCards(ctx, caller, groupId);
  const [location] = await findLocationsByIds(ctx.db, actor.boardId, [group.location_id]);
  const reader = await findPersonById(ctx.db, actor.boardId, actor.personId);
  const language: CardLanguage = reader?.language === 'en' ? 'en' : 'nl';

  const secrets = students.map((student) => secretOf(ctx, group, student, language));
  const printedIds = (kind: CardSecret['kind']) =>
    students.filter((_, index) => secrets[index]?.kind === kind).map((s) => s.id);
  const missing = students.filter((s) => s.card_code === null).map((s) => s.id);

  const codes = new Map(students.map((s) => [s.id, s.card_code]));
  const audit = (db: Db) =>
    recordAudit(db, ctx, caller, {
      boardId: actor.boardId,
      action: 'group.cards.print',
      targetType: 'group',
      targetId: group.id,
      after: {
        cards: students.length,
        studentIds: printedIds('password'),
        pictureStudentIds: printedIds('pictures'),
        newCodes: missing.length,
      },
      locationIds: [group.location_id],
    });
  if (missing.length > 0) {
    const assigned = await assignCodes(ctx, actor.boardId, missing, true, audit);
    for (const [id, code] of assigned) codes.set(id, code);
  } else await audit(ctx.db);

  const page = `${ctx.config.publicUrl}/s/${encodeURIComponent(location?.code ?? group.location_id)}`;
  const cards: Card[] = students
    .map((student, index) => {
      const code = codes.get(student.id);
      // Assigned above, in the same request; a student deleted meanwhile has no row and no card.
      if (!code) return undefined;
      return {
        displayName: displayName(student.first_name, student.infix, student.last_name),
        code,
        qrContent: `${page}?card=${code}`,
        secret: secrets[index] ?? { kind: 'chosen' },
      };
    })
    .filter((card): card is Card => card !== undefined);

  const pdf = await renderCards(
    { groupName: group.name, locationName: location?.name ?? '', language, cards },
    options,
  );
  return { pdf, groupName: group.name };
}

/**
 * New card codes for every student of the group, so lost cards stop working (printed cards of the group must
 * be printed again). Same rights as printing; one audit event.
 */
export async function renewGroupCards(
  ctx: ServiceContext,
  caller: Caller,
  groupId: string,
): Promise<{ renewed: number }> {
  const { actor } = caller;
  const { group, students } = await loadGroupForCards(ctx, caller, groupId);
  const ids = students.map((s) => s.id);
  await assignCodes(ctx, actor.boardId, ids, false, (db) =>
    recordAudit(db, ctx, caller, {
      boardId: actor.boardId,
      action: 'group.cards.renew',
      targetType: 'group',
      targetId: group.id,
      after: { studentIds: ids },
      locationIds: [group.location_id],
    }),
  );
  return { renewed: ids.length };
}

/** More cards than this in one PDF are refused: print them per group. */
export const MAX_CARDS_AT_ONCE = 1_000;

/**
 * Cards for a set of students from any groups (those an import created): each card names the student's first
 * group and its location, and its QR code opens that location's sign-in page; ordered by group, then name.
 * The caller has been authorised for these students (e.g. as the administrator who imported them); the audit
 * event is the caller's to describe. Students without a card code get one.
 */
export async function printStudentCards(
  ctx: ServiceContext,
  caller: Caller,
  studentIds: readonly string[],
  sheet: { title: string },
  audit: { action: string; targetType: string; targetId: string; locationIds: readonly string[] },
): Promise<Buffer> {
  const { actor } = caller;
  if (studentIds.length > MAX_CARDS_AT_ONCE) throw new AppError('TOO_MANY_CARDS');
  const students = (await findPeopleByIds(ctx.db, actor.boardId, studentIds)).filter(
    (s) => s.kind === 'student',
  );
  const { groupsOf } = await linksOf(
    ctx.db,
    students.map((s) => s.id),
  );
  const groups = new Map(
    (
      await findGroupsByIds(ctx.db, actor.boardId, [
        ...new Set(students.flatMap((s) => groupsOf(s.id).map((g) => g.groupId))),
      ])
    ).map((g) => [g.id, g]),
  );
  const firstGroup = (id: string) =>
    groupsOf(id)
      .flatMap((link) => groups.get(link.groupId) ?? [])
      .sort((a, b) => (a.sort_name < b.sort_name ? -1 : a.sort_name > b.sort_name ? 1 : 0))[0];
  const placed = students
    .map((student) => ({ student, group: firstGroup(student.id) }))
    .sort(
      (a, b) =>
        (a.group?.sort_name ?? '').localeCompare(b.group?.sort_name ?? '') ||
        (a.student.sort_name < b.student.sort_name ? -1 : a.student.sort_name > b.student.sort_name ? 1 : 0),
    );
  const locations = new Map(
    (
      await findLocationsByIds(ctx.db, actor.boardId, [
        ...new Set(placed.flatMap(({ group }) => (group ? [group.location_id] : []))),
      ])
    ).map((l) => [l.id, l]),
  );
  const reader = await findPersonById(ctx.db, actor.boardId, actor.personId);
  const language: CardLanguage = reader?.language === 'en' ? 'en' : 'nl';
  const secrets = placed.map(({ student, group }) => secretOf(ctx, group, student, language));
  const printedIds = (kind: CardSecret['kind']) =>
    placed.filter((_, index) => secrets[index]?.kind === kind).map(({ student }) => student.id);

  const codes = new Map(placed.map(({ student }) => [student.id, student.card_code]));
  const record = (db: Db) =>
    recordAudit(db, ctx, caller, {
      boardId: actor.boardId,
      action: audit.action,
      targetType: audit.targetType,
      targetId: audit.targetId,
      after: {
        cards: placed.length,
        studentIds: printedIds('password'),
        pictureStudentIds: printedIds('pictures'),
      },
      locationIds: audit.locationIds,
    });
  const missing = placed.filter(({ student }) => student.card_code === null).map(({ student }) => student.id);
  if (missing.length > 0) {
    for (const [id, code] of await assignCodes(ctx, actor.boardId, missing, true, record))
      codes.set(id, code);
  } else await record(ctx.db);

  const cards: Card[] = placed.flatMap(({ student, group }, index) => {
    const code = codes.get(student.id);
    if (!code) return [];
    const location = group ? locations.get(group.location_id) : undefined;
    const page = `${ctx.config.publicUrl}/s/${encodeURIComponent(location?.code ?? group?.location_id ?? '')}`;
    return [
      {
        displayName: displayName(student.first_name, student.infix, student.last_name),
        code,
        qrContent: `${page}?card=${code}`,
        secret: secrets[index] ?? { kind: 'chosen' },
        place: group ? `${group.name} · ${location?.name ?? ''}` : '',
      },
    ];
  });
  return renderCards({ groupName: sheet.title, locationName: '', language, cards });
}
