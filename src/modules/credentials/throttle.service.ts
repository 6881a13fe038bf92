import ipaddr from 'ipaddr.js';
import type { ServiceContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import {
  deleteThrottleWindowsBefore,
  refundAddressAttempt,
  reserveAddressAttempt,
} from './throttle.repository.ts';

const WINDOW_MS = 10 * 60_000;

/**
 * The key an address is counted under: IPv4 addresses as they are (a school's NAT shares one, which the limit's
 * size allows for), IPv6 addresses by their /64, since one machine usually holds a whole /64.
 */
export function addressKey(address: string): string {
  if (!ipaddr.isValid(address)) return address.slice(0, 64);
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4);
  return `${parts.map((p) => p.toString(16)).join(':')}::/64`;
}

let lastCleanup = 0;

/**
 * Runs one sign-in attempt under the per-address limit: the attempt is reserved before the check (atomically,
 * across nodes) and given back when it succeeds, so only failures count. When the address has used its
 * allowance for this 10-minute window, answers TOO_MANY_ATTEMPTS at once, without any password check.
 */
export async function withAddressLimit<T>(
  ctx: ServiceContext,
  address: string,
  attempt: () => Promise<T>,
): Promise<T> {
  const now = ctx.clock.now().getTime();
  const windowStart = new Date(now - (now % WINDOW_MS)).toISOString();
  const key = addressKey(address);
  if (!(await reserveAddressAttempt(ctx.db, key, windowStart, ctx.config.signInFailuresPerAddress))) {
    throw new AppError('TOO_MANY_ATTEMPTS');
  }
  if (now - lastCleanup > WINDOW_MS) {
    lastCleanup = now;
    await deleteThrottleWindowsBefore(ctx.db, new Date(now - 2 * WINDOW_MS).toISOString());
  }
  const result = await attempt();
  await refundAddressAttempt(ctx.db, key, windowStart);
  return result;
}
