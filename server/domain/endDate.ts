/** Which end date a project shows where there is room for one (the actual end once known, else the planned one), and how late it came. */
import { differenceInCalendarDays, differenceInMonths } from "date-fns";
import { lastDay, type PartialDate } from "./dates.js";
import type { ProjectDates } from "./project.js";

export interface EndToShow {
  date: PartialDate | null;
  /** True when `date` is the actual end, false when it is the planned one (or none is known). */
  actual: boolean;
}

export function endToShow({ plannedEnd, actualEnd }: Pick<ProjectDates, "plannedEnd" | "actualEnd">): EndToShow {
  return actualEnd !== null ? { date: actualEnd, actual: true } : { date: plannedEnd, actual: false };
}

/** How late (positive) or early (negative) a project ended against its planned end. */
export interface EndDelay {
  days: number;
  /** Whole calendar months. */
  months: number;
  /** False when either date is known only to the month or year: then both are taken at their last day. */
  exact: boolean;
}

const calendarDay = (date: PartialDate) => {
  const [year, month, day] = lastDay(date).split("-").map(Number);
  return new Date(year!, month! - 1, day!);
};

export function endDelay({ plannedEnd, actualEnd }: Pick<ProjectDates, "plannedEnd" | "actualEnd">): EndDelay | null {
  if (plannedEnd === null || actualEnd === null) return null;
  const planned = calendarDay(plannedEnd);
  const actual = calendarDay(actualEnd);
  return {
    days: differenceInCalendarDays(actual, planned),
    months: differenceInMonths(actual, planned),
    exact: plannedEnd.precision === "day" && actualEnd.precision === "day",
  };
}
