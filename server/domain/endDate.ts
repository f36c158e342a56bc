/** Which end date a project shows where there is room for one: the actual end once known, else the planned one. */
import type { PartialDate } from "./dates.js";
import type { ProjectDates } from "./project.js";

export interface EndToShow {
  date: PartialDate | null;
  /** True when `date` is the actual end, false when it is the planned one (or none is known). */
  actual: boolean;
}

export function endToShow({ plannedEnd, actualEnd }: Pick<ProjectDates, "plannedEnd" | "actualEnd">): EndToShow {
  return actualEnd !== null ? { date: actualEnd, actual: true } : { date: plannedEnd, actual: false };
}
