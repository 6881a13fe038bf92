import { isoNow } from '../../platform/clock.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { authorise, type Target } from '../access/index.ts';
import { type Caller, recordAudit } from '../audit/index.ts';
import {
  deleteMembership,
  findMembership,
  findMembershipsOfGroup,
  groupTarget,
  insertMemberships,
  requireGroup,
} from '../groups/index.ts';
import { findPeopleByIds, findPersonById } from './people.repository.ts';
import { linksOf, personName, staffTarget, studentTarget } from './people.service.ts';

export interface GroupMember {
  personId: string;
  kind: 'staff' | 'student';
  firstName: string;
  infix: string | null;
  lastName: string;
  displayName: string;
}

/** Staff (teachers) and students of a group, each in Dutch name order. */
export async function listMembers(ctx: ServiceContext, { actor }: Caller, groupId: string) {
  const group = await requireGroup(ctx, actor.boardId, groupId);
  authorise(actor, 'group.members.read', groupTarget(actor.boardId, group));
  const memberships = await findMembershipsOfGroup(ctx.db, groupId);
  const people = await findPeopleByIds(
    ctx.db,
    actor.boardId,
    memberships.map((m) => m.person_id),
  );
  people.sort((a, b) => (a.sort_name < b.sort_name ? -1 : a.sort_name > b.sort_name ? 1 : 0));
  const items: GroupMember[] = people.map((p) => ({ personId: p.id, kind: p.kind, ...personName(p) }));
  return {
    staff: items.filter((m) => m.kind === 'staff'),
    students: items.filter((m) => m.kind === 'student'),
  };
}

/** What the actor must be able to see of a person before linking them. */
async function personTarget(ctx: ServiceContext, boardId: string, personId: string): Promise<Target> {
  const person = await findPersonById(ctx.db, boardId, personId);
  if (!person) throw new AppError('PERSON_NOT_FOUND');
  const links = await linksOf(ctx.db, [personId]);
  const groups = links.groupsOf(personId);
  return person.kind === 'staff'
    ? staffTarget(
        boardId,
        personId,
        person.is_board_admin === 1,
        links.levelsOf(personId),
        groups.map((g) => g.locationId),
      )
    : studentTarget(boardId, personId, groups);
}

export async function addMember(
  ctx: ServiceContext,
  caller: Caller,
  groupId: string,
  personId: string,
): Promise<void> {
  const { actor } = caller;
  const group = await requireGroup(ctx, actor.boardId, groupId);
  authorise(actor, 'group.members.add', groupTarget(actor.boardId, group));
  const target = await personTarget(ctx, actor.boardId, personId);
  // A locatiebeheerder links people they can see; a pakketbeheerder anyone of the board.
  authorise(actor, target.kind === 'staff' ? 'staff.read' : 'student.read', target);
  if (await findMembership(ctx.db, groupId, personId)) throw new AppError('ALREADY_MEMBER');
  await ctx.db.transaction().execute(async (trx) => {
    await insertMemberships(trx, [
      {
        board_id: actor.boardId,
        group_id: groupId,
        person_id: personId,
        location_id: group.location_id,
        kind: target.kind === 'staff' ? 'staff' : 'student',
        created_at: isoNow(ctx.clock),
      },
    ]);
    await recordAudit(trx, ctx, caller, {
      boardId: actor.boardId,
      action: 'group.members.add',
      targetType: 'group',
      targetId: groupId,
      after: { personId },
      locationIds: [group.location_id],
    });
  });
}

export async function removeMember(
  ctx: ServiceContext,
  caller: Caller,
  groupId: string,
  personId: string,
): Promise<void> {
  const { actor } = caller;
  const group = await requireGroup(ctx, actor.boardId, groupId);
  authorise(actor, 'group.members.remove', groupTarget(actor.boardId, group));
  if (!(await findMembership(ctx.db, groupId, personId))) throw new AppError('NOT_A_MEMBER');
  await ctx.db.transaction().execute(async (trx) => {
    await deleteMembership(trx, groupId, personId);
    await recordAudit(trx, ctx, caller, {
      boardId: actor.boardId,
      action: 'group.members.remove',
      targetType: 'group',
      targetId: groupId,
      before: { personId },
      locationIds: [group.location_id],
    });
  });
}
