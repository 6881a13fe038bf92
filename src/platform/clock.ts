/** The time, behind an interface so tests can freeze or move it. */
export interface Clock {
  now(): Date;
  /** Waits (the growing pauses after wrong passwords); tests make it instant. */
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export function isoNow(clock: Clock): string {
  return clock.now().toISOString();
}
