import { randomBytes, randomInt } from 'node:crypto';
import { recordAudit } from '../modules/audit/index.ts';
import { setupBoard } from '../modules/auth/index.ts';
import {
  generateTemporaryPassword,
  randomPictureSequence,
  sealPictureSequence,
} from '../modules/credentials/index.ts';
import { insertGroups, insertMemberships, refreshPersonLocations } from '../modules/groups/index.ts';
import { insertLocations } from '../modules/locations/index.ts';
import { findPersonById, insertPeople, insertStaffLocations } from '../modules/people/index.ts';
import { isoNow } from '../platform/clock.ts';
import type { ServiceContext } from '../platform/context.ts';
import { analyzeDatabase, insertInChunks } from '../platform/db/index.ts';
import { type BoardShape, boardIdentity, generateBoard, type Highlight } from './generate.ts';
import { PASSWORD_WORDS } from './names.ts';

export interface SeedOptions extends Partial<BoardShape> {
  /** Password of every staff account; a readable random one when absent. */
  password?: string;
  /** Domain of the staff e-mail addresses; by default a unique one per board, so boards never share sign-ins. */
  emailDomain?: string;
  /** Allowed networks of every location's sign-in page (CIDR, normalised); none by default. */
  signInNetworks?: string[];
}

export interface SeedResult {
  boardId: string;
  boardName: string;
  adminId: string;
  adminEmail: string;
  /** The password of every staff account of the board. */
  password: string;
  locationIds: string[];
  /** The locations' codes (their sign-in pages are /s/{code}). */
  locationCodes: string[];
  groupIds: string[];
  staffEmails: string[];
  highlights: Highlight[];
  counts: { locations: number; groups: number; staff: number; students: number; memberships: number };
  durationMs: number;
}

/** The demo's size: three schools of about eight groups of about 25 children. */
export const DEMO_SHAPE: BoardShape = {
  seed: 20261204,
  locations: 3,
  groupsPerLocation: 8,
  studentsPerGroup: 25,
  vary: true,
};

/** "molen-tulp-kaas-47": easy to type from a terminal, at least 14 characters. Cryptographically random. */
export function readablePassword(): string {
  const words = Array.from({ length: 3 }, () => PASSWORD_WORDS[randomInt(PASSWORD_WORDS.length)]);
  return `${words.join('-')}-${randomInt(10, 100)}`;
}

/**
 * Every student gets a readable temporary password, as a new student does; those whose group signs in with
 * pictures also get a picture password of the default length.
 */
function giveStudentsCredentials(ctx: ServiceContext, board: ReturnType<typeof generateBoard>): void {
  const pictureGroups = new Set(board.groups.filter((g) => g.sign_in_method === 'pictures').map((g) => g.id));
  const pictureStudents = new Set(
    board.memberships
      .filter((m) => m.kind === 'student' && pictureGroups.has(m.group_id))
      .map((m) => m.person_id),
  );
  for (const student of board.students) {
    student.temporary_password = ctx.secrets.seal(generateTemporaryPassword());
    if (pictureStudents.has(student.id)) {
      student.picture_password = sealPictureSequence(ctx.secrets, randomPictureSequence(2));
    }
  }
}

/**
 * Creates a whole board in one transaction: the board and its first pakketbeheerder through setupBoard,
 * then locations, groups, staff and students with multi-row inserts. All staff share one Argon2id hash of
 * `password`; students get temporary passwords (and pictures in picture groups) as new students do. One audit event
 * "board.demo" records what was made. On any failure nothing is written. Refreshes the planner statistics
 * afterwards (ANALYZE).
 */
export async function seedBoard(ctx: ServiceContext, options: SeedOptions = {}): Promise<SeedResult> {
  const started = performance.now();
  const shape: BoardShape = {
    seed: options.seed ?? DEMO_SHAPE.seed,
    locations: options.locations ?? DEMO_SHAPE.locations,
    groupsPerLocation: options.groupsPerLocation ?? DEMO_SHAPE.groupsPerLocation,
    studentsPerGroup: options.studentsPerGroup ?? DEMO_SHAPE.studentsPerGroup,
    vary: options.vary ?? DEMO_SHAPE.vary,
    teachersPerLocation: options.teachersPerLocation,
  };
  const password = options.password ?? readablePassword();
  const emailDomain = options.emailDomain ?? `demo-${randomBytes(3).toString('hex')}.example.org`;
  const identity = boardIdentity(shape.seed, emailDomain);

  const result = await ctx.db.transaction().execute(async (trx) => {
    const { boardId, personId } = await setupBoard(
      ctx,
      { boardName: identity.boardName, ...identity.admin, password },
      trx,
    );
    // setupBoard hashed the password once; every other staff account reuses that hash.
    const admin = await findPersonById(trx, boardId, personId);
    const board = generateBoard({
      ...shape,
      boardId,
      now: isoNow(ctx.clock),
      emailDomain,
      staffPasswordHash: admin?.password_hash ?? null,
      takenEmails: [identity.admin.email],
    });
    giveStudentsCredentials(ctx, board);
    if (options.signInNetworks) {
      const networks = JSON.stringify(options.signInNetworks);
      for (const location of board.locations) location.allowed_networks = networks;
    }
    await insertInChunks(trx, board.locations, insertLocations);
    await insertInChunks(trx, board.groups, insertGroups);
    await insertInChunks(trx, board.staff, insertPeople);
    await insertInChunks(trx, board.students, insertPeople);
    // person_locations once for everyone at the end, not once per chunk (on PostgreSQL that took 25 s).
    const noRefresh = { refresh: false };
    await insertInChunks(trx, board.staffLocations, (db, rows) => insertStaffLocations(db, rows, noRefresh));
    await insertInChunks(trx, board.memberships, (db, rows) => insertMemberships(db, rows, noRefresh));
    await refreshPersonLocations(
      trx,
      [...board.staff, ...board.students].map((p) => p.id),
    );
    const counts = {
      locations: board.locations.length,
      groups: board.groups.length,
      staff: board.staff.length + 1,
      students: board.students.length,
      memberships: board.memberships.length,
    };
    await recordAudit(trx, ctx, null, {
      boardId,
      action: 'board.demo',
      targetType: 'board',
      targetId: boardId,
      after: { seed: shape.seed, ...counts },
      locationIds: [],
    });
    return { boardId, personId, board, counts };
  });
  // A bulk load changes the tables' shape at once; without fresh statistics the planners guess badly.
  await analyzeDatabase(ctx.db);

  const { board } = result;
  return {
    boardId: result.boardId,
    boardName: identity.boardName,
    adminId: result.personId,
    adminEmail: identity.admin.email,
    password,
    locationIds: board.locations.map((l) => l.id),
    locationCodes: board.locations.map((l) => l.code ?? l.id),
    groupIds: board.groups.map((g) => g.id),
    staffEmails: [identity.admin.email, ...board.staff.map((s) => s.email ?? '')],
    highlights: [{ role: 'pakketbeheerder', email: identity.admin.email }, ...board.highlights],
    counts: result.counts,
    durationMs: performance.now() - started,
  };
}
