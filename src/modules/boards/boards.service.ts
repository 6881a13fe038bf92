import type { Kysely } from 'kysely';
import { isoNow } from '../../platform/clock.ts';
import type { ServiceContext } from '../../platform/context.ts';
import type { Database } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { authorise } from '../access/index.ts';
import { type Caller, recordAudit } from '../audit/index.ts';
import { type BoardRow, findBoardById, insertBoard, updateBoardById } from './boards.repository.ts';

/** Board settings (PRODUCT.md §6). Later issues add their own; every field has a default. */
export interface BoardSettings {
  defaultLanguage: 'nl' | 'en';
  userType: 'primary' | 'secondary';
  usersMayChangeEmail: boolean;
  teachersMayResetPasswords: boolean;
  passwordMinLengthStaff: number;
  passwordMinLengthStudents: number;
  /** Wrong attempts before an account locks (text passwords: for `lockoutMinutes`; pictures: until unlocked). */
  lockoutThreshold: number;
  lockoutMinutes: number;
  /** How many pictures a picture password has (2–4). */
  pictureSequenceLength: number;
  /** Whether the sign-in page shows the picture grid in a new random order each time. */
  shufflePictures: boolean;
  /** Who must sign in with a second factor (TOTP): nobody, administrators, or all staff. */
  mfaRequired: 'none' | 'admins' | 'staff';
}

export const DEFAULT_SETTINGS: BoardSettings = {
  defaultLanguage: 'nl',
  userType: 'primary',
  usersMayChangeEmail: false,
  teachersMayResetPasswords: true,
  passwordMinLengthStaff: 10,
  passwordMinLengthStudents: 6,
  lockoutThreshold: 5,
  lockoutMinutes: 15,
  pictureSequenceLength: 2,
  shufflePictures: false,
  mfaRequired: 'none',
};

export interface Board {
  id: string;
  name: string;
  settings: BoardSettings;
  createdAt: string;
  updatedAt: string;
}

/** A board's stored settings (JSON) with defaults filled in: also for queries that join the board in. */
export function parseBoardSettings(json: string): BoardSettings {
  return { ...DEFAULT_SETTINGS, ...(JSON.parse(json) as Partial<BoardSettings>) };
}

function settingsOf(row: BoardRow): BoardSettings {
  return parseBoardSettings(row.settings);
}

function toBoard(row: BoardRow): Board {
  return {
    id: row.id,
    name: row.name,
    settings: settingsOf(row),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The settings of a board, with defaults filled in. Throws BOARD_NOT_FOUND. */
export async function getBoardSettings(db: Kysely<Database>, boardId: string): Promise<BoardSettings> {
  const row = await findBoardById(db, boardId);
  if (!row) throw new AppError('BOARD_NOT_FOUND');
  return settingsOf(row);
}

/** The board's id and name, for the console's header (no rights needed beyond being signed in to it). */
export async function getBoardSummary(
  db: Kysely<Database>,
  boardId: string,
): Promise<{ id: string; name: string }> {
  const row = await findBoardById(db, boardId);
  if (!row) throw new AppError('BOARD_NOT_FOUND');
  return { id: row.id, name: row.name };
}

/** Creates a board inside the caller's transaction (setup and demo; no actor exists yet). */
export async function insertNewBoard(
  db: Kysely<Database>,
  ctx: Pick<ServiceContext, 'clock'>,
  name: string,
): Promise<Board> {
  const now = isoNow(ctx.clock);
  const row: BoardRow = { id: newId(), name, settings: '{}', created_at: now, updated_at: now };
  await insertBoard(db, row);
  return toBoard(row);
}

export async function getBoard(ctx: ServiceContext, { actor }: Caller): Promise<Board> {
  authorise(actor, 'board.read', { kind: 'board', boardId: actor.boardId });
  const row = await findBoardById(ctx.db, actor.boardId);
  if (!row) throw new AppError('BOARD_NOT_FOUND');
  return toBoard(row);
}

export async function updateBoard(
  ctx: ServiceContext,
  caller: Caller,
  input: { name?: string; settings?: Partial<BoardSettings> },
): Promise<Board> {
  const { actor } = caller;
  authorise(actor, 'board.update', { kind: 'board', boardId: actor.boardId });
  return ctx.db.transaction().execute(async (trx) => {
    const row = await findBoardById(trx, actor.boardId);
    if (!row) throw new AppError('BOARD_NOT_FOUND');
    const before = toBoard(row);
    const settings = { ...before.settings, ...input.settings };
    const after: BoardRow = {
      ...row,
      name: input.name ?? row.name,
      settings: JSON.stringify(settings),
      updated_at: isoNow(ctx.clock),
    };
    await updateBoardById(trx, actor.boardId, {
      name: after.name,
      settings: after.settings,
      updated_at: after.updated_at,
    });
    await recordAudit(trx, ctx, caller, {
      boardId: actor.boardId,
      action: 'board.update',
      targetType: 'board',
      targetId: actor.boardId,
      before,
      after: toBoard(after),
      locationIds: [],
    });
    return toBoard(after);
  });
}
