/**
 * The list of operations (Reg. 2021/1060 Art. 49(3), Reg. 1303/2013 Annex XII):
 * one entry per public project with what the rules ask the public to see.
 */
import { isCertainlyBefore, type PartialDate } from "./dates.js";
import { endToShow } from "./endDate.js";
import type { Location, ProjectDates, ProjectStatus } from "./project.js";

export interface Operation {
  id: number;
  /** The operation's unique code: the project's uid, stable for life (an identifier may be missing or corrected). */
  uid: string;
  identifier: string | null;
  title: string;
  /** Purpose and achievements: the public description. */
  summary: string | null;
  status: ProjectStatus;
  beneficiary: string;
  /** Contractors of the project's procurements, in the order the procurements are kept, each once. */
  contractors: string[];
  programme: { code: string; name: string } | null;
  call: { code: string; title: string | null } | null;
  funds: Array<{ code: string; name: string }>;
  specificObjective: string | null;
  interventionType: string | null;
  dates: Pick<ProjectDates, "start" | "plannedEnd" | "actualEnd">;
  /** The figures in force, whole forints. */
  funding: { totalCost: number | null; grant: number | null; ownContribution: number | null };
  euCofinancingRate: number | null;
  location: Omit<Location, "region">;
  /** The moment of the project's last change (ISO 8601). */
  updatedAt: string;
}

export interface OperationPeriod {
  start: PartialDate | null;
  /** The actual end once known, else the planned one; null when unknown or when it would precede the start. */
  end: PartialDate | null;
  endIsActual: boolean;
  /** True when an end is stored but left out because it certainly precedes the start. */
  endWithheld: boolean;
}

/**
 * Start and end as the list publishes them. A pair whose end certainly falls before its start cannot be true,
 * and the EU portal rejects it: the end is left out and flagged rather than published.
 */
export function operationPeriod(dates: Operation["dates"]): OperationPeriod {
  const { date, actual } = endToShow(dates);
  const impossible = date !== null && dates.start !== null && isCertainlyBefore(date, dates.start);
  return { start: dates.start, end: impossible ? null : date, endIsActual: !impossible && date !== null && actual, endWithheld: impossible };
}
