import type { ServiceContext } from '../platform/context.ts';
import { DEMO_SHAPE, seedBoard } from './seed.ts';

export interface DemoBoard {
  boardId: string;
  boardName: string;
  /** Accounts to try, each with the password that signs it in. */
  signIn: { role: string; email: string; password: string; location?: string; group?: string }[];
  counts: { locations: number; groups: number; staff: number; students: number };
  /** The school sign-in pages; they show names to this machine and private networks only. */
  signInPages: string[];
  note: string;
}

/** Where the demo's sign-in pages show children's names: this machine and the private ranges of a LAN. */
export const DEMO_NETWORKS = ['127.0.0.1/32', '::1/128', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

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
    signInNetworks: DEMO_NETWORKS,
  });
  const { locations, groups, staff, students } = seeded.counts;
  return {
    boardId: seeded.boardId,
    boardName: seeded.boardName,
    signIn: seeded.highlights.map((h) => ({ ...h, password: seeded.password })),
    counts: { locations, groups, staff, students },
    signInPages: seeded.locationCodes.map((code) => `${ctx.config.publicUrl}/s/${code}`),
    note:
      'Every demo staff account uses this password. Students have temporary passwords (teachers read them under ' +
      '"Wachtwoorden tonen"); groups 1/2 and 3 sign in with pictures.',
  };
}
