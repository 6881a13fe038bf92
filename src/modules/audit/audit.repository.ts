import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/index.ts';

type Q = Kysely<Database>;

export interface AuditEventRow {
  id: string;
  board_id: string;
  actor_id: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  before: string | null;
  after: string | null;
  source_ip: string | null;
  created_at: string;
}

export async function insertAuditEvent(
  db: Q,
  row: AuditEventRow,
  locationIds: readonly string[],
): Promise<void> {
  await db.insertInto('audit_events').values(row).execute();
  const unique = [...new Set(locationIds)];
  if (unique.length > 0) {
    await db
      .insertInto('audit_event_locations')
      .values(unique.map((location_id) => ({ event_id: row.id, board_id: row.board_id, location_id })))
      .execute();
  }
}

export interface AuditFilter {
  boardId: string;
  /** Only events touching one of these locations (a locatiebeheerder's view). */
  locationIds?: readonly string[];
  actorId?: string;
  targetId?: string;
  action?: string;
  from?: string;
  to?: string;
  /** Events older than this id (ids are time-ordered). */
  beforeId?: string;
  limit: number;
}

export interface AuditEventWithActor extends AuditEventRow {
  actor_first_name: string | null;
  actor_infix: string | null;
  actor_last_name: string | null;
}

/**
 * Newest first, with the actor's current name when they still exist. Fetches limit + 1 rows so the caller can
 * tell whether there is a next page.
 */
export async function findAuditEvents(db: Q, filter: AuditFilter): Promise<AuditEventWithActor[]> {
  return filterQuery(db, filter)
    .leftJoin('people as a', 'a.id', 'e.actor_id')
    .selectAll('e')
    .select(['a.first_name as actor_first_name', 'a.infix as actor_infix', 'a.last_name as actor_last_name'])
    .orderBy('e.id', 'desc')
    .limit(filter.limit + 1)
    .execute();
}

export async function countAuditEvents(db: Q, filter: AuditFilter): Promise<number> {
  const row = await filterQuery(db, { ...filter, beforeId: undefined })
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function filterQuery(db: Q, filter: AuditFilter) {
  let query = db.selectFrom('audit_events as e').where('e.board_id', '=', filter.boardId);
  if (filter.locationIds) {
    const locationIds = filter.locationIds;
    if (locationIds.length === 0) return query.where((eb) => eb.val(1), '=', 0);
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('audit_event_locations as l')
          .select('l.event_id')
          .whereRef('l.event_id', '=', 'e.id')
          .where('l.location_id', 'in', locationIds),
      ),
    );
  }
  if (filter.actorId) query = query.where('e.actor_id', '=', filter.actorId);
  if (filter.targetId) query = query.where('e.target_id', '=', filter.targetId);
  if (filter.action) query = query.where('e.action', '=', filter.action);
  if (filter.from) query = query.where('e.created_at', '>=', filter.from);
  if (filter.to) query = query.where('e.created_at', '<', filter.to);
  if (filter.beforeId) query = query.where('e.id', '<', filter.beforeId);
  return query;
}
