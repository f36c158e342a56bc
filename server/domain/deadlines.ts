/**
 * Deadlines of a portfolio: what is still open (a milestone not achieved, a
 * deliverable neither delivered nor given up, an obligation not done, a planned
 * end without an actual end) and when it falls due. A date known only to the
 * month or year is due on its last day.
 */
import type { PartialDate } from "./dates.js";
import type { ObligationKind, ProjectStatus } from "./project.js";

export const DEADLINE_KINDS = ["milestone", "deliverable", "obligation", "planned_end"] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export interface Deadline {
  kind: DeadlineKind;
  /** The record's uid (the project's, for a planned end): stable across databases. */
  uid: string;
  project: { id: number; identifier: string | null; title: string; status: ProjectStatus };
  /** The record's own title, when it has one. */
  title: string | null;
  obligationKind: ObligationKind | null;
  due: PartialDate;
  /** The last day `due` can mean, YYYY-MM-DD. */
  dueBy: string;
}

/** The windows the dashboard shows: overdue, and within 30, 60 and 90 days from today. */
export const WINDOWS = ["overdue", "days30", "days60", "days90"] as const;
export type DeadlineWindow = (typeof WINDOWS)[number];
export const WINDOW_DAYS = { days30: 30, days60: 60, days90: 90 } as const;

/** YYYY-MM-DD of `day` plus `days`. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The window a deadline falls in, or null when it is further than 90 days away. */
export function windowOf(dueBy: string, today: string): DeadlineWindow | null {
  if (dueBy < today) return "overdue";
  if (dueBy <= addDays(today, WINDOW_DAYS.days30)) return "days30";
  if (dueBy <= addDays(today, WINDOW_DAYS.days60)) return "days60";
  if (dueBy <= addDays(today, WINDOW_DAYS.days90)) return "days90";
  return null;
}

/** A project still in progress after its planned end has overrun it. */
export const isOverrun = (deadline: Deadline, today: string): boolean =>
  deadline.kind === "planned_end" && deadline.project.status === "in_progress" && deadline.dueBy < today;
