import type { Kysely, Selectable } from 'kysely';
import type { BoardTable, Database } from '../../platform/db/index.ts';

type Q = Kysely<Database>;
export type BoardRow = Selectable<BoardTable>;

export async function findBoardById(db: Q, id: string): Promise<BoardRow | undefined> {
  return db.selectFrom('boards').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function countBoards(db: Q): Promise<number> {
  const row = await db
    .selectFrom('boards')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertBoard(db: Q, row: BoardRow): Promise<void> {
  await db.insertInto('boards').values(row).execute();
}

export async function updateBoardById(
  db: Q,
  id: string,
  changes: Partial<Pick<BoardRow, 'name' | 'settings' | 'updated_at'>>,
): Promise<void> {
  await db.updateTable('boards').set(changes).where('id', '=', id).execute();
}
