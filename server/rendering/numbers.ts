/** Amounts, percentages and counts as Hungarian readers expect them. */

const FORINTS = new Intl.NumberFormat("hu-HU", { style: "currency", currency: "HUF", maximumFractionDigits: 0 });

/** "29 110 000 Ft" (grouped with no-break spaces, as hu-HU does). */
export function formatForints(amount: number): string {
  return FORINTS.format(amount);
}

// Built once: toLocaleString builds a formatter on every call, which costs more than the formatting.
const PERCENT = new Intl.NumberFormat("hu-HU", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const NUMBER = new Intl.NumberFormat("hu-HU");

/** "92,00%" */
export function formatPercent(percent: number): string {
  return `${PERCENT.format(percent)}%`;
}

/** "12 500" */
export function formatNumber(value: number): string {
  return NUMBER.format(value);
}
