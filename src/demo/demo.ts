import type { ServiceContext } from '../platform/context.ts';

/** Placeholder until the demo generator lands (same commit series). */
export async function createDemoBoard(_ctx: ServiceContext, _options: { password?: string }): Promise<never> {
  throw new Error('demo is not available yet');
}
