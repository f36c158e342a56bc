/** Project-file documents for tests: valid by default, each with its own identifier. */
let serial = 0;

export function nextIdentifier(): string {
  serial++;
  return `GINOP_PLUSZ-1.2.2-22-2022-${String(10000 + (serial % 90000)).padStart(5, "0")}`;
}

export function projectDoc(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    identifier: nextIdentifier(),
    title: `Eszközbeszerzés ${serial}`,
    status: "in_progress",
    beneficiary: { name: `Teszt Kft. ${serial}` },
    funding: { totalCost: "10 000 000 Ft", grant: "7 000 000 Ft", ownContribution: "3 000 000 Ft" },
    ...overrides,
  };
}

export const fileOf = (...projects: Array<Record<string, unknown>>) => ({ projects });
