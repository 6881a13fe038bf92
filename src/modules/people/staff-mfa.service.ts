import type { ServiceContext } from '../../platform/context.ts';
import { authorise } from '../access/index.ts';
import { type Caller, recordAudit } from '../audit/index.ts';
import { removeMfa } from '../credentials/index.ts';
import { loadStaff } from './staff.service.ts';

/**
 * Turns a staff member's two-step verification off, for a lost phone (staff.mfa.reset: whoever may edit them).
 * They sign in with their password alone again, or set it up anew where the board requires it. Audited when
 * something was on; answers the same either way.
 */
export async function resetStaffMfa(ctx: ServiceContext, caller: Caller, id: string): Promise<void> {
  const { actor } = caller;
  const { target } = await loadStaff(ctx, actor.boardId, id);
  authorise(actor, 'staff.mfa.reset', target);
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await removeMfa(trx, ctx, actor.boardId, id))) return;
    await recordAudit(trx, ctx, caller, {
      boardId: actor.boardId,
      action: 'staff.mfa.reset',
      targetType: 'staff',
      targetId: id,
      locationIds: target.locationIds,
    });
  });
}
