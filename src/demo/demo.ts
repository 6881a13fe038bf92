import type { ServiceContext } from '../platform/context.ts';
import { DEMO_SHAPE, seedBoard } from './seed.ts';

export interface DemoBoard {
  boardId: string;
  boardName: string;
  /** Accounts to try, each with the password that signs it in. */
  signIn: { role: string; email: string; password: string; location?: string; group?: string }[];
  counts: { locations: number; groups: number; staff: number; students: number };
  note: string;
}

/**
 * `schoolpas demo`: a believable board of three schools with groups, staff with mixed rights and students.
 * Every staff account signs in with `password` (or a generated one, printed). Throws PASSWORD_TOO_SHORT
 * for a password under the board's minimum; writes nothing then.
 */
export async function createDemoBoard(
  ctx: ServiceContext,
  options: { password?: string; seed?: number } = {},
): Promise<DemoBoard> {
  const seeded = await seedBoard(ctx, {
    ...DEMO_SHAPE,
    seed: options.seed ?? DEMO_SHAPE.seed,
    password: options.password,
  });
  const { locations, groups, staff, students } = seeded.counts;
  return {
    boardId: seeded.boardId,
    boardName: seeded.boardName,
    signIn: seeded.highlights.map((h) => ({ ...h, password: seeded.password })),
    counts: { locations, groups, staff, students },
    note: 'Every demo staff account uses this password. Students have no password yet: set one from their page.',
  };
}
