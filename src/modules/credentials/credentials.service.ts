import type { ServiceContext } from '../../platform/context.ts';
import { getBoardSettings } from '../boards/index.ts';
import { assertAcceptablePassword } from './password-rules.ts';

/** Checks a password for a person of this board against the board's rules (length, not common). */
export async function assertPasswordRules(
  ctx: ServiceContext,
  boardId: string,
  kind: 'staff' | 'student',
  password: string,
  field: string,
): Promise<void> {
  const settings = await getBoardSettings(ctx.db, boardId);
  const min = kind === 'staff' ? settings.passwordMinLengthStaff : settings.passwordMinLengthStudents;
  assertAcceptablePassword(password, min, field);
}
