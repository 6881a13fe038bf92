import fs from 'node:fs';
import os from 'node:os';
import { log } from './report.ts';

// The machine may be shared (tests, builds, other services beside a benchmark). Every measurement waits for a
// quiet machine, records how many cores other processes used meanwhile, and is repeated when that was much.

function machineTicks(): { busy: number; total: number } {
  const fields = (fs.readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1);
  const values = fields.map(Number);
  const total = values.reduce((a, b) => a + b, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { busy: total - idle, total };
}

/** CPU ticks of a process; with `children`, also of its exited children (PostgreSQL's parallel workers). */
function processTicks({ pid, children }: OwnProcess): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at state: utime, stime, cutime and cstime
    // are fields 14 to 17.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const own = Number(rest[11]) + Number(rest[12]);
    return children ? own + Number(rest[13]) + Number(rest[14]) : own;
  } catch {
    return 0;
  }
}

/** The parent process id, or undefined once the process has gone. */
export function parentPid(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

export interface OwnProcess {
  pid: number;
  /** Count the CPU time of its children once they exit too. */
  children?: boolean;
}

/** Our processes: fixed pids plus, for PostgreSQL, the postmaster and the backends serving our database. */
export type OwnProcesses = () => Promise<OwnProcess[]>;

export interface CpuUse {
  ownCores: number;
  otherCores: number;
}

/** Starts watching; `stop()` returns the cores used by our processes and by everything else. */
export async function watchCpu(own: OwnProcesses) {
  const cores = os.cpus().length;
  const startProcesses = await own();
  const startMachine = machineTicks();
  const startTicks = new Map(startProcesses.map((p) => [p.pid, processTicks(p)]));
  return {
    async stop(): Promise<CpuUse> {
      const endMachine = machineTicks();
      const processes = new Map([...startProcesses, ...(await own())].map((p) => [p.pid, p]));
      let ownTicks = 0;
      for (const p of processes.values())
        ownTicks += Math.max(0, processTicks(p) - (startTicks.get(p.pid) ?? 0));
      const perCore = (endMachine.total - startMachine.total) / cores;
      if (perCore <= 0) return { ownCores: 0, otherCores: 0 };
      const busy = (endMachine.busy - startMachine.busy) / perCore;
      const ownCores = ownTicks / perCore;
      return {
        ownCores: Math.round(ownCores * 100) / 100,
        otherCores: Math.round(Math.max(0, busy - ownCores) * 100) / 100,
      };
    },
  };
}

/** Waits (at most `maxWaitMs`) until other processes use less than `threshold` cores over one second. */
export async function waitForQuiet(own: OwnProcesses, threshold: number, maxWaitMs: number): Promise<void> {
  const deadline = Date.now() + maxWaitMs;
  while (Date.now() < deadline) {
    const watch = await watchCpu(own);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    if ((await watch.stop()).otherCores < threshold) return;
  }
}

const QUIET_CORES = 0.25;

/**
 * Runs `measure` on a quiet machine: waits for quiet first, and measures again (up to `attempts` times in
 * all) when other processes took more than a quarter core meanwhile. Returns the quietest attempt.
 */
export async function measureQuietly<T>(
  label: string,
  own: OwnProcesses,
  measure: () => Promise<T>,
  attempts = 3,
): Promise<T & { cpu: CpuUse; attempts: number }> {
  let best: (T & { cpu: CpuUse; attempts: number }) | undefined;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    await waitForQuiet(own, QUIET_CORES, 20_000);
    const watch = await watchCpu(own);
    const result = await measure();
    const cpu = await watch.stop();
    if (!best || cpu.otherCores < best.cpu.otherCores) best = { ...result, cpu, attempts: attempt };
    if (cpu.otherCores < QUIET_CORES) break;
    log(`${label}: other processes used ${cpu.otherCores} cores meanwhile; measuring again`);
  }
  if (!best) throw new Error('no attempt ran');
  return best;
}
