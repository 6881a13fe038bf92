import { isoNow } from '../../platform/clock.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { decodeCursor, type Page, pageOf } from '../../platform/paging.ts';
import { fold } from '../../platform/text.ts';
import { GRADES, type SignInMethod } from '../../shared/groups.ts';
import { type Actor, authorise, listScope } from '../access/index.ts';
import { type Caller, recordAudit } from '../audit/index.ts';
import { findLocationsByIds } from '../locations/index.ts';
import {
  countGroups,
  countMembers,
  deleteGroupById,
  findGroupById,
  findGroups,
  type GroupRow,
  insertGroup,
  updateGroupById,
} from './groups.repository.ts';

export { GRADES, SIGN_IN_METHODS, type SignInMethod } from '../../shared/groups.ts';

const GRADE_SET: ReadonlySet<string> = new Set<string>(GRADES);

/** Whether a code is an EDEXML jaargroep (the only grades a group may have). */
export function isGrade(code: string): boolean {
  return GRADE_SET.has(code);
}

export interface Group {
  id: string;
  name: string;
  locationId: string;
  grade: string | null;
  icon: string | null;
  showOnSignInPage: boolean;
  signInMethod: SignInMethod;
  staffCount?: number;
  studentCount?: number;
  createdAt: string;
  updatedAt: string;
}

export interface GroupInput {
  name: string;
  locationId: string;
  grade?: string | null;
  icon?: string | null;
  showOnSignInPage?: boolean;
  signInMethod?: SignInMethod;
}

export interface GroupQuery {
  q?: string;
  location?: string;
  cursor?: string;
  limit?: number;
}

export function toGroup(row: GroupRow): Group {
  return {
    id: row.id,
    name: row.name,
    locationId: row.location_id,
    grade: row.grade,
    icon: row.icon,
    showOnSignInPage: row.show_on_sign_in_page === 1,
    signInMethod: row.sign_in_method as SignInMethod,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function groupTarget(boardId: string, row: Pick<GroupRow, 'location_id'> & { id?: string }) {
  return { kind: 'group' as const, boardId, locationId: row.location_id, groupId: row.id };
}

/** The group of the actor's board, or GROUP_NOT_FOUND (also for another board's id). */
export async function requireGroup(ctx: ServiceContext, boardId: string, id: string): Promise<GroupRow> {
  const row = await findGroupById(ctx.db, boardId, id);
  if (!row) throw new AppError('GROUP_NOT_FOUND');
  return row;
}

async function requireLocationOfBoard(ctx: ServiceContext, actor: Actor, locationId: string): Promise<void> {
  const [location] = await findLocationsByIds(ctx.db, actor.boardId, [locationId]);
  if (!location)
    throw new AppError('LOCATION_NOT_FOUND', undefined, [
      { field: 'locationId', message: 'no such location' },
    ]);
}

export async function listGroups(
  ctx: ServiceContext,
  { actor }: Caller,
  query: GroupQuery,
): Promise<Page<Group>> {
  authorise(actor, 'group.list', { kind: 'board', boardId: actor.boardId });
  const scope = listScope(actor);
  const limit = query.limit ?? 50;
  const filter = {
    boardId: actor.boardId,
    visible: scope.all ? undefined : { locationIds: scope.adminLocationIds, groupIds: scope.groupIds },
    locationId: query.location,
    namePrefix: query.q ? fold(query.q) : undefined,
    after: decodeCursor(query.cursor),
    limit,
  };
  const [rows, total] = await Promise.all([findGroups(ctx.db, filter), countGroups(ctx.db, filter)]);
  const page = pageOf(rows, limit, total, toGroup);
  const counts = await countMembers(
    ctx.db,
    page.items.map((g) => g.id),
  );
  for (const group of page.items) {
    const count = counts.get(group.id);
    group.staffCount = count?.staff ?? 0;
    group.studentCount = count?.students ?? 0;
  }
  return page;
}

export async function getGroup(ctx: ServiceContext, { actor }: Caller, id: string): Promise<Group> {
  const row = await requireGroup(ctx, actor.boardId, id);
  authorise(actor, 'group.read', groupTarget(actor.boardId, row));
  return toGroup(row);
}

export async function createGroup(ctx: ServiceContext, caller: Caller, input: GroupInput): Promise<Group> {
  const { actor } = caller;
  await requireLocationOfBoard(ctx, actor, input.locationId);
  authorise(actor, 'group.create', groupTarget(actor.boardId, { location_id: input.locationId }));
  const now = isoNow(ctx.clock);
  const row: GroupRow = {
    id: newId(),
    board_id: actor.boardId,
    location_id: input.locationId,
    name: input.name,
    grade: input.grade ?? null,
    icon: input.icon ?? null,
    show_on_sign_in_page: input.showOnSignInPage === false ? 0 : 1,
    sign_in_method: input.signInMethod ?? 'password',
    source_key: null,
    sort_name: fold(input.name),
    created_at: now,
    updated_at: now,
  };
  await ctx.db.transaction().execute(async (trx) => {
    await insertGroup(trx, row);
    await recordAudit(trx, ctx, caller, {
      boardId: actor.boardId,
      action: 'group.create',
      targetType: 'group',
      targetId: row.id,
      after: toGroup(row),
      locationIds: [row.location_id],
    });
  });
  return toGroup(row);
}

export async function updateGroup(
  ctx: ServiceContext,
  caller: Caller,
  id: string,
  input: Partial<GroupInput>,
): Promise<Group> {
  const { actor } = caller;
  const before = await requireGroup(ctx, actor.boardId, id);
  authorise(actor, 'group.update', groupTarget(actor.boardId, before));
  const after: GroupRow = { ...before, updated_at: isoNow(ctx.clock) };
  if (input.locationId !== undefined && input.locationId !== before.location_id) {
    // Moving a group needs the rights on both locations.
    await requireLocationOfBoard(ctx, actor, input.locationId);
    authorise(actor, 'group.update', groupTarget(actor.boardId, { id, location_id: input.locationId }));
    after.location_id = input.locationId;
  }
  if (input.name !== undefined) {
    after.name = input.name;
    after.sort_name = fold(input.name);
  }
  if (input.grade !== undefined) after.grade = input.grade;
  if (input.icon !== undefined) after.icon = input.icon;
  if (input.showOnSignInPage !== undefined) after.show_on_sign_in_page = input.showOnSignInPage ? 1 : 0;
  if (input.signInMethod !== undefined) after.sign_in_method = input.signInMethod;
  await ctx.db.transaction().execute(async (trx) => {
    const { id: _id, board_id: _board, created_at: _created, ...changes } = after;
    await updateGroupById(trx, actor.boardId, id, changes);
    await recordAudit(trx, ctx, caller, {
      boardId: actor.boardId,
      action: 'group.update',
      targetType: 'group',
      targetId: id,
      before: toGroup(before),
      after: toGroup(after),
      locationIds: [...new Set([before.location_id, after.location_id])],
    });
  });
  return toGroup(after);
}

/** Deletes the group; its members stay, unlinked from it. */
export async function deleteGroup(ctx: ServiceContext, caller: Caller, id: string): Promise<void> {
  const { actor } = caller;
  const before = await requireGroup(ctx, actor.boardId, id);
  authorise(actor, 'group.delete', groupTarget(actor.boardId, before));
  await ctx.db.transaction().execute(async (trx) => {
    await deleteGroupById(trx, actor.boardId, id);
    await recordAudit(trx, ctx, caller, {
      boardId: actor.boardId,
      action: 'group.delete',
      targetType: 'group',
      targetId: id,
      before: toGroup(before),
      locationIds: [before.location_id],
    });
  });
}
