import type { Kysely } from 'kysely';
import type { ServiceContext } from '../../platform/context.ts';
import type { Database } from '../../platform/db/index.ts';
import { hashSecret, newSecret } from '../../platform/tokens.ts';
import { insertOneTimeToken, type TokenPurpose } from './tokens.repository.ts';

/** How long an activation link for a new account works. */
export const ACTIVATION_TTL_MS = 7 * 24 * 3_600_000;
/** How long a password-reset link works. */
export const RESET_TTL_MS = 3_600_000;

/**
 * Stores a new single-use token (only its hash) and returns the token itself, for a link. `db` may be a
 * transaction, so the token exists exactly when what it belongs to does.
 */
export async function newOneTimeToken(
  db: Kysely<Database>,
  ctx: Pick<ServiceContext, 'clock'>,
  purpose: TokenPurpose,
  ttlMs: number,
  owner: { boardId: string; personId: string } | null,
): Promise<string> {
  const token = newSecret();
  const now = ctx.clock.now();
  await insertOneTimeToken(db, {
    id: hashSecret(token),
    purpose,
    board_id: owner?.boardId ?? null,
    person_id: owner?.personId ?? null,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + ttlMs).toISOString(),
    used_at: null,
  });
  return token;
}
