// The small statistics every measurement needs. A file of its own with no imports, so a
// child that times module loading (bench/log-child.ts) loads nothing else before it starts.

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  // Nearest rank: the smallest value with at least p% of the samples at or below it.
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

export const median = (values: readonly number[]): number => percentile(values, 50);
export const round = (x: number, digits = 2): number => Number(x.toFixed(digits));
