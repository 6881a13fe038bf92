import { AppError } from './errors.ts';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total: number;
}

/** Keyset position in a list sorted by (sortKey, id). */
export interface Cursor {
  sortKey: string;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.sortKey, cursor.id])).toString('base64url');
}

/** Throws INVALID_CURSOR for anything we did not hand out. */
export function decodeCursor(raw: string | undefined): Cursor | undefined {
  if (raw === undefined || raw === '') return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string'
    ) {
      return { sortKey: value[0], id: value[1] };
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError('INVALID_CURSOR');
}

/** Rows were fetched with limit + 1; trims the extra one and builds the next cursor from the last kept row. */
export function pageOf<Row extends { id: string; sort_name: string }, T>(
  rows: Row[],
  limit: number,
  total: number,
  toItem: (row: Row) => T,
): Page<T> {
  const kept = rows.slice(0, limit);
  const last = kept[kept.length - 1];
  const nextCursor =
    rows.length > limit && last ? encodeCursor({ sortKey: last.sort_name, id: last.id }) : null;
  return { items: kept.map(toItem), nextCursor, total };
}
