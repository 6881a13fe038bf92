import type { Kysely } from 'kysely';
import { type Database, type ImportTable, isPostgres } from '../../platform/db/index.ts';
import type { BoardSnapshot, ExistingPerson } from './plan.ts';

type Q = Kysely<Database>;
export type ImportRow = ImportTable;

/**
 * The board as the planner needs it: every location, group and person with their matching keys, and each
 * person's groups and locations. One read per table, whatever the board's size (100,000 students: ≈ 30 MB for a
 * moment).
 */
export async function findBoardSnapshot(db: Q, boardId: string): Promise<Omit<BoardSnapshot, 'scope'>> {
  const [locations, groups, people, memberships, personLocations] = await Promise.all([
    db
      .selectFrom('locations')
      .select(['id', 'name', 'code', 'source_key'])
      .where('board_id', '=', boardId)
      .execute(),
    db
      .selectFrom('groups')
      .select(['id', 'name', 'location_id', 'grade', 'source_key'])
      .where('board_id', '=', boardId)
      .execute(),
    db
      .selectFrom('people')
      .select(['id', 'kind', 'first_name', 'infix', 'last_name', 'email', 'username', 'source_key', 'eck_id'])
      .where('board_id', '=', boardId)
      .execute(),
    db.selectFrom('memberships').select(['person_id', 'group_id']).where('board_id', '=', boardId).execute(),
    // Through the board's locations, so the key (location_id, person_id) is read in ranges, not the whole table.
    db
      .selectFrom('person_locations')
      .select(['person_id', 'location_id'])
      .where('location_id', 'in', db.selectFrom('locations').select('id').where('board_id', '=', boardId))
      .where('board_id', '=', boardId)
      .execute(),
  ]);
  const groupsOf = new Map<string, string[]>();
  for (const m of memberships) {
    const list = groupsOf.get(m.person_id);
    if (list) list.push(m.group_id);
    else groupsOf.set(m.person_id, [m.group_id]);
  }
  const locationsOf = new Map<string, string[]>();
  for (const l of personLocations) {
    const list = locationsOf.get(l.person_id);
    if (list) list.push(l.location_id);
    else locationsOf.set(l.person_id, [l.location_id]);
  }
  return {
    locations: locations.map((l) => ({ id: l.id, name: l.name, code: l.code, sourceKey: l.source_key })),
    groups: groups.map((g) => ({
      id: g.id,
      name: g.name,
      locationId: g.location_id,
      grade: g.grade,
      sourceKey: g.source_key,
    })),
    people: people.map(
      (p): ExistingPerson => ({
        id: p.id,
        kind: p.kind,
        firstName: p.first_name,
        infix: p.infix,
        lastName: p.last_name,
        email: p.email,
        username: p.username,
        sourceKey: p.source_key,
        eckId: p.eck_id,
        groupIds: groupsOf.get(p.id) ?? [],
        locationIds: locationsOf.get(p.id) ?? [],
      }),
    ),
  };
}

export async function insertImport(db: Q, row: ImportRow): Promise<void> {
  await db.insertInto('imports').values(row).execute();
}

export async function findImportById(db: Q, boardId: string, id: string): Promise<ImportRow | undefined> {
  return db
    .selectFrom('imports')
    .selectAll()
    .where('board_id', '=', boardId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function updateImportById(
  db: Q,
  boardId: string,
  id: string,
  changes: Partial<Omit<ImportRow, 'id' | 'board_id'>>,
): Promise<void> {
  await db.updateTable('imports').set(changes).where('board_id', '=', boardId).where('id', '=', id).execute();
}

type ImportStatus = ImportRow['status'];

/**
 * Moves an import on in its life (preview → queued → running → applied or failed; preview → discarded), only from
 * the state(s) named, in one conditional update: of two requests or nodes moving it at once, one wins. Answers
 * whether this one did.
 */
async function moveImport(
  db: Q,
  boardId: string,
  id: string,
  from: readonly ImportStatus[],
  changes: Partial<Omit<ImportRow, 'id' | 'board_id'>>,
): Promise<boolean> {
  const row = await db
    .updateTable('imports')
    .set(changes)
    .where('board_id', '=', boardId)
    .where('id', '=', id)
    .where('status', 'in', from)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Moves an import from preview to queued; false when it was not in preview (already started, or discarded). */
export function claimImport(db: Q, boardId: string, id: string, now: string): Promise<boolean> {
  return moveImport(db, boardId, id, ['preview'], { status: 'queued', updated_at: now });
}

/** Puts a claimed import back to preview (its job could not be queued). */
export async function unclaimImport(db: Q, boardId: string, id: string, now: string): Promise<void> {
  await moveImport(db, boardId, id, ['queued'], { status: 'preview', updated_at: now });
}

/**
 * Moves an import from preview to discarded and drops its roster (the names it held); false when it was not in
 * preview.
 */
export function discardImport(
  db: Q,
  boardId: string,
  id: string,
  changes: Pick<ImportRow, 'preview' | 'updated_at'>,
): Promise<boolean> {
  return moveImport(db, boardId, id, ['preview'], { status: 'discarded', roster: null, ...changes });
}

/**
 * Marks a queued import as running (also one that was running when its node stopped: the job runs again);
 * false when it is in any other state, e.g. already applied by an earlier run of the same job.
 */
export function markImportRunning(db: Q, boardId: string, id: string, now: string): Promise<boolean> {
  return moveImport(db, boardId, id, ['queued', 'running'], {
    status: 'running',
    progress_done: 0,
    progress_total: 0,
    updated_at: now,
  });
}

/**
 * Ends a running import (applied or failed) with its result; false when it is not running (another run of the
 * same job ended it first).
 */
export function finishImport(
  db: Q,
  boardId: string,
  id: string,
  changes: Pick<ImportRow, 'status' | 'result' | 'roster' | 'preview' | 'updated_at'> &
    Partial<Pick<ImportRow, 'progress_done' | 'progress_total'>>,
): Promise<boolean> {
  return moveImport(db, boardId, id, ['running'], changes);
}

/**
 * Inside an import's transaction: waits for any other import of the board to commit, so each plans against the
 * board as the previous one left it (PostgreSQL: a row lock on the board; SQLite has one writer already).
 */
export async function lockBoardForImport(db: Q, boardId: string): Promise<void> {
  if (isPostgres(db))
    await db.selectFrom('boards').select('id').where('id', '=', boardId).forUpdate().execute();
}

/**
 * Housekeeping for every board: previews nobody applied since `staleBefore` are discarded, and imports queued or
 * running since `stuckBefore` (their node stopped and no job took them up again) are marked failed. Both lose
 * their roster and keep only the counts of their preview (`summary` makes those from the stored preview).
 */
export async function expireImports(
  db: Q,
  limits: { staleBefore: string; stuckBefore: string; now: string },
  summary: (preview: string) => string,
): Promise<number> {
  const rows = await db
    .selectFrom('imports')
    .select(['id', 'board_id', 'status', 'preview'])
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'preview'), eb('updated_at', '<', limits.staleBefore)]),
        eb.and([eb('status', 'in', ['queued', 'running']), eb('updated_at', '<', limits.stuckBefore)]),
      ]),
    )
    .limit(1_000)
    .execute();
  for (const row of rows) {
    const stuck = row.status !== 'preview';
    await moveImport(db, row.board_id, row.id, [row.status], {
      status: stuck ? 'failed' : 'discarded',
      result: stuck ? JSON.stringify({ error: 'IMPORT_INTERRUPTED' }) : null,
      roster: null,
      preview: summary(row.preview),
      updated_at: limits.now,
    });
  }
  return rows.length;
}

export interface ImportFilter {
  boardId: string;
  /** Only the imports this person made (a locatiebeheerder's history). */
  createdBy?: string;
  limit: number;
}

/** The board's imports, newest first (the console's history), without their rosters, with who made them. */
export async function findImports(db: Q, filter: ImportFilter) {
  let query = db
    .selectFrom('imports')
    .leftJoin('people', 'people.id', 'imports.created_by')
    .select([
      'imports.id',
      'imports.created_by',
      'people.first_name',
      'people.infix',
      'people.last_name',
      'imports.file_name',
      'imports.format',
      'imports.kind',
      'imports.status',
      'imports.preview',
      'imports.progress_done',
      'imports.progress_total',
      'imports.result',
      'imports.created_at',
      'imports.updated_at',
    ])
    .where('imports.board_id', '=', filter.boardId);
  if (filter.createdBy) query = query.where('imports.created_by', '=', filter.createdBy);
  return query
    .orderBy('imports.created_at', 'desc')
    .orderBy('imports.id', 'desc')
    .limit(filter.limit)
    .execute();
}

export async function countImports(db: Q, filter: Omit<ImportFilter, 'limit'>): Promise<number> {
  let query = db
    .selectFrom('imports')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('board_id', '=', filter.boardId);
  if (filter.createdBy) query = query.where('created_by', '=', filter.createdBy);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
}
