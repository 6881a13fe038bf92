import type { Me } from '../api/types.ts';

/** What the console offers, mirroring the server's authorise(): the server decides, this only hides buttons. */
export function adminLocationIds(me: Me): string[] {
  return me.locations.filter((l) => l.level === 'admin').map((l) => l.locationId);
}

export function administers(me: Me, locationId: string | null | undefined): boolean {
  return me.user.isBoardAdmin || (!!locationId && adminLocationIds(me).includes(locationId));
}

export function isAnyAdmin(me: Me): boolean {
  return me.user.isBoardAdmin || adminLocationIds(me).length > 0;
}

/** import.create: a pakketbeheerder (the whole board) or a locatiebeheerder (their own locations). */
export function mayImport(me: Me): boolean {
  return isAnyAdmin(me);
}
