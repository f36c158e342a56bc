/** Amounts, percentages and counts as Hungarian readers expect them. */

const FORINTS = new Intl.NumberFormat("hu-HU", { style: "currency", currency: "HUF", maximumFractionDigits: 0 });

/** "29 110 000 Ft" (grouped with no-break spaces, as hu-HU does). */
export function formatForints(amount: number): string {
  return FORINTS.format(amount);
}

/** "92,00%" */
export function formatPercent(percent: number): string {
  return `${percent.toLocaleString("hu-HU", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}%`;
}

/** "12 500" */
export function formatNumber(value: number): string {
  return value.toLocaleString("hu-HU");
}
