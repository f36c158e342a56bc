/**
 * Deadlines as an iCalendar feed: one all-day event per deadline, on the last
 * day it can mean, with a UID that stays the record's for life (an edited
 * deadline moves in the subscriber's calendar instead of doubling).
 */
import ical from "ical-generator";
import type { Deadline } from "../domain/deadlines.js";
import { deadlineDue, deadlineProject, deadlineWhat } from "./deadlinePresenter.js";
import { staffPath } from "./projectPresenter.js";

export function calendarFeed(deadlines: readonly Deadline[], today: string, baseUrl: string): string {
  const host = new URL(baseUrl).host;
  const calendar = ical({ name: "Projekttár – határidők", prodId: { company: "Projekttár", product: "hataridok", language: "HU" } });
  for (const deadline of deadlines) {
    const url = `${baseUrl}${staffPath(deadline.project)}`;
    calendar.createEvent({
      id: `${deadline.uid}@${host}`,
      allDay: true,
      start: new Date(`${deadline.dueBy}T00:00:00Z`),
      summary: `${deadlineWhat(deadline, today)} – ${deadlineProject(deadline)}`,
      description: `Határidő: ${deadlineDue(deadline)}\n${url}`,
      url,
    });
  }
  return calendar.toString();
}
