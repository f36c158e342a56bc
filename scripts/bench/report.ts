/** One row per measure, printed as one table and, last, as one JSON line with every figure. */
export interface Row {
  benchmark: string;
  measure: string;
  /** What app and baseline are in: "req/s", "projects/s", "ms". */
  unit: string;
  app: number | null;
  baseline: number | null;
  /** app ÷ baseline, as the app's share of the baseline's speed (for times, baseline ÷ app); null when it cannot count. */
  ratio: number | null;
  p50Ms: number | null;
  p99Ms: number | null;
  errors: number;
  non2xx: number;
  peakRssMb?: number;
}

/** The app's share of the baseline; a run with a rejected request or a failed connection has none. */
export function ratioOf(app: number | null, baseline: number | null, failed: boolean, lowerIsBetter = false): number | null {
  if (failed || app === null || baseline === null || app <= 0 || baseline <= 0) return null;
  return Number((lowerIsBetter ? baseline / app : app / baseline).toFixed(3));
}

const cell = (value: number | null | undefined, digits = 0) => (value === null || value === undefined ? "–" : value.toFixed(digits));

export function printTable(rows: readonly Row[]): void {
  const header = ["measure", "app", "baseline", "ratio", "p50 ms", "p99 ms", "errors", "non-2xx", "peak RSS MB"];
  const lines = rows.map((r) => [
    `${r.benchmark}: ${r.measure} (${r.unit})`,
    cell(r.app),
    cell(r.baseline),
    r.ratio === null && (r.errors > 0 || r.non2xx > 0) ? "FAIL" : cell(r.ratio, 3),
    cell(r.p50Ms, 1),
    cell(r.p99Ms, 1),
    String(r.errors),
    String(r.non2xx),
    cell(r.peakRssMb),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ")} |`;
  console.log(format(header));
  console.log(`|${widths.map((w, i) => (i === 0 ? "-".repeat(w + 2) : `${"-".repeat(w + 1)}:`)).join("|")}|`);
  for (const line of lines) console.log(format(line));
}
