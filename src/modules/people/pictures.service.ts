import { isoNow } from '../../platform/clock.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { authorise } from '../access/index.ts';
import { type Caller, recordAudit } from '../audit/index.ts';
import { getBoardSettings } from '../boards/index.ts';
import {
  assertPictureSequence,
  openPictureSequence,
  randomPictureSequence,
  sealPictureSequence,
  unlockPeople,
} from '../credentials/index.ts';
import { updatePersonById } from './people.repository.ts';
import { loadStudent } from './students.service.ts';

/**
 * A student's picture password, for their teachers and administrators: it stays readable so the teacher can show
 * it to the child again. Null when none is set. Every read is an audit event.
 */
export async function readStudentPictures(ctx: ServiceContext, caller: Caller, id: string) {
  const { row, target } = await loadStudent(ctx, caller.actor.boardId, id);
  authorise(caller.actor, 'student.pictures.read', target);
  const pictureSequence = openPictureSequence(ctx.secrets, row.picture_password);
  if (pictureSequence !== null) {
    await recordAudit(ctx.db, ctx, caller, {
      boardId: caller.actor.boardId,
      action: 'student.pictures.read',
      targetType: 'student',
      targetId: id,
      locationIds: target.locationIds,
    });
  }
  return { pictureSequence };
}

/**
 * Sets a student's picture password (the sequence given, or a random one of the board's length) and returns it.
 * Like a password reset by a teacher, it unlocks the account.
 */
export async function setStudentPictures(
  ctx: ServiceContext,
  caller: Caller,
  id: string,
  sequence?: string[],
) {
  const { actor } = caller;
  const { target } = await loadStudent(ctx, actor.boardId, id);
  authorise(actor, 'student.pictures.set', target);
  const { pictureSequenceLength } = await getBoardSettings(ctx.db, actor.boardId);
  const pictureSequence = sequence ?? randomPictureSequence(pictureSequenceLength);
  assertPictureSequence(pictureSequence, pictureSequenceLength, 'pictureSequence');
  const now = isoNow(ctx.clock);
  await ctx.db.transaction().execute(async (trx) => {
    await updatePersonById(trx, actor.boardId, id, {
      picture_password: sealPictureSequence(ctx.secrets, pictureSequence),
      updated_at: now,
    });
    await unlockPeople(trx, actor.boardId, [id], now);
    await recordAudit(trx, ctx, caller, {
      boardId: actor.boardId,
      action: 'student.pictures.set',
      targetType: 'student',
      targetId: id,
      locationIds: target.locationIds,
    });
  });
  return { pictureSequence };
}
