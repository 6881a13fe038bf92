import ipaddr from 'ipaddr.js';
import type { ServiceContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import {
  deleteThrottleWindowsBefore,
  holdAddressAttempt,
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

/** A place taken from an address's allowance for one attempt. */
export interface AddressReservation {
  key: string;
  windowStart: string;
}

/**
 * Takes one place from the address's allowance for this 10-minute window, atomically across nodes; throws
 * TOO_MANY_ATTEMPTS when it is used up, so the caller checks no password at all.
 */
export async function reserveAddress(ctx: ServiceContext, address: string): Promise<AddressReservation> {
  return takeAddressPlace(ctx, address, reserveAddressAttempt);
}

/**
 * Checks, atomically like a reservation, that the address has allowance left, counting nothing: for an attempt
 * already known to be right (a picture password). Throws TOO_MANY_ATTEMPTS when it is used up.
 */
export async function holdAddress(ctx: ServiceContext, address: string): Promise<void> {
  await takeAddressPlace(ctx, address, holdAddressAttempt);
}

async function takeAddressPlace(
  ctx: ServiceContext,
  address: string,
  take: typeof reserveAddressAttempt,
): Promise<AddressReservation> {
  const now = ctx.clock.now().getTime();
  const windowStart = new Date(now - (now % WINDOW_MS)).toISOString();
  const key = addressKey(address);
  if (!(await take(ctx.db, key, windowStart, ctx.config.signInFailuresPerAddress))) {
    throw new AppError('TOO_MANY_ATTEMPTS');
  }
  if (now - lastCleanup > WINDOW_MS) {
    lastCleanup = now;
    await deleteThrottleWindowsBefore(ctx.db, new Date(now - 2 * WINDOW_MS).toISOString());
  }
  return { key, windowStart };
}

/** A successful sign-in gives its place back: only failures count against the address. */
export async function refundAddress(ctx: ServiceContext, reservation: AddressReservation): Promise<void> {
  await refundAddressAttempt(ctx.db, reservation.key, reservation.windowStart);
}

/**
 * Runs one sign-in attempt under the per-address limit: the attempt is reserved before the check and given back
 * when it succeeds, so only failures count. When the address has used its allowance, answers TOO_MANY_ATTEMPTS at
 * once, without any password check.
 */
export async function withAddressLimit<T>(
  ctx: ServiceContext,
  address: string,
  attempt: () => Promise<T>,
): Promise<T> {
  const reservation = await reserveAddress(ctx, address);
  const result = await attempt();
  await refundAddress(ctx, reservation);
  return result;
}
