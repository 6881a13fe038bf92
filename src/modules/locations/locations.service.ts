import { isoNow } from '../../platform/clock.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { violatedUnique } from '../../platform/db/errors.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { normaliseCidr } from '../../platform/networks.ts';
import { fold } from '../../platform/text.ts';
import { authorise, listScope } from '../access/index.ts';
import { type Caller, recordAudit } from '../audit/index.ts';
import {
  countLinkedPeople,
  deleteLocationById,
  findLocationById,
  findLocationIdByCode,
  findLocations,
  insertLocation,
  type LocationRow,
  updateLocationById,
} from './locations.repository.ts';

export interface Location {
  id: string;
  name: string;
  code: string | null;
  /** CIDR ranges from which the school sign-in page shows names; empty: nowhere. */
  allowedNetworks: string[];
  createdAt: string;
  updatedAt: string;
}

export interface LocationInput {
  name: string;
  code?: string | null;
  allowedNetworks?: string[];
}

export function toLocation(row: LocationRow): Location {
  return {
    id: row.id,
    name: row.name,
    code: row.code,
    allowedNetworks: JSON.parse(row.allowed_networks) as string[],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Checks and normalises a list of networks ("10.1.0.0/16", "2001:db8::/48", or one address), without repeats. */
function networksOf(networks: readonly string[]): string {
  const out = new Set<string>();
  networks.forEach((text, index) => {
    const cidr = normaliseCidr(text);
    if (!cidr) {
      throw new AppError('VALIDATION_FAILED', `"${text}" is not an IP range`, [
        { field: `allowedNetworks/${index}`, message: 'must be an address or range such as 192.168.1.0/24' },
      ]);
    }
    out.add(cidr);
  });
  return JSON.stringify([...out]);
}

function target(boardId: string, locationId?: string) {
  return { kind: 'location' as const, boardId, locationId };
}

async function requireLocation(ctx: ServiceContext, boardId: string, id: string): Promise<LocationRow> {
  const row = await findLocationById(ctx.db, boardId, id);
  if (!row) throw new AppError('LOCATION_NOT_FOUND');
  return row;
}

/** A location code as stored: trimmed, upper case, null when empty. */
export function codeOf(code: string | null | undefined): string | null {
  const trimmed = code?.trim().toUpperCase();
  return trimmed ? trimmed : null;
}

function rethrowCodeTaken(error: unknown): never {
  if (violatedUnique(error) !== null) throw new AppError('LOCATION_CODE_TAKEN');
  throw error;
}

export async function listLocations(ctx: ServiceContext, { actor }: Caller, q?: string) {
  authorise(actor, 'location.list', target(actor.boardId));
  const scope = listScope(actor);
  const rows = await findLocations(ctx.db, {
    boardId: actor.boardId,
    ids: scope.all ? undefined : scope.locationIds,
    namePrefix: q ? fold(q) : undefined,
  });
  return { items: rows.map(toLocation), nextCursor: null, total: rows.length };
}

export async function getLocation(ctx: ServiceContext, { actor }: Caller, id: string): Promise<Location> {
  const row = await requireLocation(ctx, actor.boardId, id);
  authorise(actor, 'location.read', target(actor.boardId, id));
  return toLocation(row);
}

export async function createLocation(
  ctx: ServiceContext,
  caller: Caller,
  input: LocationInput,
): Promise<Location> {
  const { actor } = caller;
  authorise(actor, 'location.create', target(actor.boardId));
  const now = isoNow(ctx.clock);
  const row: LocationRow = {
    id: newId(),
    board_id: actor.boardId,
    name: input.name,
    code: codeOf(input.code),
    sort_name: fold(input.name),
    allowed_networks: networksOf(input.allowedNetworks ?? []),
    source_key: null,
    created_at: now,
    updated_at: now,
  };
  if (row.code && (await findLocationIdByCode(ctx.db, actor.boardId, row.code))) {
    throw new AppError('LOCATION_CODE_TAKEN');
  }
  await ctx.db
    .transaction()
    .execute(async (trx) => {
      await insertLocation(trx, row);
      await recordAudit(trx, ctx, caller, {
        boardId: actor.boardId,
        action: 'location.create',
        targetType: 'location',
        targetId: row.id,
        after: toLocation(row),
        locationIds: [row.id],
      });
    })
    .catch(rethrowCodeTaken);
  return toLocation(row);
}

export async function updateLocation(
  ctx: ServiceContext,
  caller: Caller,
  id: string,
  input: Partial<LocationInput>,
): Promise<Location> {
  const { actor } = caller;
  const before = await requireLocation(ctx, actor.boardId, id);
  authorise(actor, 'location.update', target(actor.boardId, id));
  const after: LocationRow = { ...before, updated_at: isoNow(ctx.clock) };
  if (input.name !== undefined) {
    after.name = input.name;
    after.sort_name = fold(input.name);
  }
  if (input.code !== undefined) after.code = codeOf(input.code);
  if (input.allowedNetworks !== undefined) {
    after.allowed_networks = networksOf(input.allowedNetworks);
    if (after.allowed_networks !== before.allowed_networks)
      authorise(actor, 'location.networks.update', target(actor.boardId, id));
  }
  if (after.code && after.code !== before.code) {
    const holder = await findLocationIdByCode(ctx.db, actor.boardId, after.code);
    if (holder && holder !== id) throw new AppError('LOCATION_CODE_TAKEN');
  }
  await ctx.db
    .transaction()
    .execute(async (trx) => {
      await updateLocationById(trx, actor.boardId, id, {
        name: after.name,
        code: after.code,
        allowed_networks: after.allowed_networks,
        sort_name: after.sort_name,
        updated_at: after.updated_at,
      });
      await recordAudit(trx, ctx, caller, {
        boardId: actor.boardId,
        action: 'location.update',
        targetType: 'location',
        targetId: id,
        before: toLocation(before),
        after: toLocation(after),
        locationIds: [id],
      });
    })
    .catch(rethrowCodeTaken);
  return toLocation(after);
}

/** Deletes the location and its groups. People stay: they lose their link to it, nothing more. */
export async function deleteLocation(
  ctx: ServiceContext,
  caller: Caller,
  id: string,
): Promise<{ unlinkedPeople: number }> {
  const { actor } = caller;
  const before = await requireLocation(ctx, actor.boardId, id);
  authorise(actor, 'location.delete', target(actor.boardId, id));
  return ctx.db.transaction().execute(async (trx) => {
    const unlinkedPeople = await countLinkedPeople(trx, id);
    await deleteLocationById(trx, actor.boardId, id);
    await recordAudit(trx, ctx, caller, {
      boardId: actor.boardId,
      action: 'location.delete',
      targetType: 'location',
      targetId: id,
      before: { ...toLocation(before), unlinkedPeople },
      locationIds: [id],
    });
    return { unlinkedPeople };
  });
}
