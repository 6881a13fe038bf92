import type { Kysely } from 'kysely';
import { isoNow } from '../../platform/clock.ts';
import type { ServiceContext } from '../../platform/context.ts';
import type { Database } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { Page } from '../../platform/paging.ts';
import { displayName } from '../../platform/text.ts';
import { type Actor, adminLocationIds, authorise } from '../access/index.ts';
import {
  type AuditEventWithActor,
  countAuditEvents,
  findAuditEvents,
  insertAuditEvent,
} from './audit.repository.ts';

/** Who acts and from where; every service method that changes something takes one. */
export interface Caller {
  actor: Actor;
  ip: string | null;
}

export interface AuditEntry {
  boardId: string;
  action: string;
  targetType: string;
  targetId: string | null;
  /** The state before and after, without secrets (no password hashes, no tokens). */
  before?: unknown;
  after?: unknown;
  /** Locations the change touches: locatiebeheerders of these locations can read the event. */
  locationIds: readonly string[];
}

/**
 * Records a change in the same transaction as the change itself (pass the transaction as `db`).
 * `caller` is null for changes made by the system (setup, CLI).
 */
export async function recordAudit(
  db: Kysely<Database>,
  ctx: Pick<ServiceContext, 'clock'>,
  caller: Caller | null,
  entry: AuditEntry,
): Promise<void> {
  await insertAuditEvent(
    db,
    {
      id: newId(),
      board_id: entry.boardId,
      actor_id: caller?.actor.personId ?? null,
      action: entry.action,
      target_type: entry.targetType,
      target_id: entry.targetId,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
      source_ip: caller?.ip ?? null,
      created_at: isoNow(ctx.clock),
    },
    entry.locationIds,
  );
}

export interface AuditEvent {
  id: string;
  actorId: string | null;
  /** The actor's name today; null for the system or a person deleted since. */
  actorName: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  before: unknown;
  after: unknown;
  sourceIp: string | null;
  createdAt: string;
}

export interface AuditQuery {
  location?: string;
  actor?: string;
  target?: string;
  action?: string;
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}

function toEvent(row: AuditEventWithActor): AuditEvent {
  return {
    id: row.id,
    actorId: row.actor_id,
    actorName:
      row.actor_first_name === null
        ? null
        : displayName(row.actor_first_name, row.actor_infix, row.actor_last_name ?? ''),
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    before: row.before === null ? null : JSON.parse(row.before),
    after: row.after === null ? null : JSON.parse(row.after),
    sourceIp: row.source_ip,
    createdAt: row.created_at,
  };
}

/** Pakketbeheerders read their board's log; locatiebeheerders the events touching their locations. */
export async function listAuditEvents(
  ctx: ServiceContext,
  caller: Caller,
  query: AuditQuery,
): Promise<Page<AuditEvent>> {
  const { actor } = caller;
  const locationIds = query.location ? [query.location] : actor.isBoardAdmin ? [] : adminLocationIds(actor);
  authorise(actor, 'audit.read', { kind: 'audit', boardId: actor.boardId, locationIds });
  if (query.cursor !== undefined && !/^[0-9a-f-]{36}$/.test(query.cursor))
    throw new AppError('INVALID_CURSOR');
  const limit = query.limit ?? 50;
  const filter = {
    boardId: actor.boardId,
    locationIds: query.location || !actor.isBoardAdmin ? locationIds : undefined,
    actorId: query.actor,
    targetId: query.target,
    action: query.action,
    // Stored times are toISOString() text; normalise so "2026-12-04T10:00:00+01:00" compares correctly.
    from: query.from ? new Date(query.from).toISOString() : undefined,
    to: query.to ? new Date(query.to).toISOString() : undefined,
    beforeId: query.cursor,
    limit,
  };
  const [rows, total] = await Promise.all([
    findAuditEvents(ctx.db, filter),
    countAuditEvents(ctx.db, filter),
  ]);
  const kept = rows.slice(0, limit);
  const last = kept[kept.length - 1];
  return { items: kept.map(toEvent), nextCursor: rows.length > limit && last ? last.id : null, total };
}
