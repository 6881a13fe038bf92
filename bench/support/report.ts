/** One measured figure: printed as a JSON line at once and kept for the summary in docs/benchmarks.md. */
export interface Figure {
  name: string;
  dialect: 'sqlite' | 'postgres' | 'machine';
  value: number;
  unit: string;
  /** What the figure is compared with: the same measurement on a bare process, measured in the same run. */
  limit?: number;
  /** When it differs from `unit`. */
  limitUnit?: string;
  limitName?: string;
  /** value / limit. */
  ratio?: number;
  /** The goal in words ("≥ 10 % of hello-world"), and whether this run met it. */
  goal?: string;
  met?: boolean;
  [detail: string]: unknown;
}

export const figures: Figure[] = [];

export function emit(figure: Figure): Figure {
  const rounded = { ...figure, value: round(figure.value) };
  if (rounded.limit !== undefined) rounded.limit = round(rounded.limit);
  if (rounded.ratio !== undefined) rounded.ratio = round(rounded.ratio, 3);
  figures.push(rounded);
  process.stdout.write(`${JSON.stringify(rounded)}\n`);
  return rounded;
}

/** Progress for the person watching; stderr, so stdout stays JSON lines only. */
export function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Nearest-rank percentile of an ascending list. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}
