/** The open deadlines of an actor's projects as an iCalendar feed, for Outlook and other calendars to subscribe to. */
import { addDays } from "../domain/deadlines.js";
import { dayInBudapest, firstDay } from "../domain/dates.js";
import type { Actor } from "../domain/permissions.js";
import type { Database } from "../data/database.js";
import { openDeadlines } from "../data/dashboardReads.js";
import { calendarFeed } from "../presenters/calendarPresenter.js";
import { requireStaff, scopeOf } from "./dashboardService.js";
import type { ServiceSettings } from "./index.js";

/** How far back a feed reaches: what is more than a year overdue is a matter for the dashboard, not a calendar. */
const PAST_DAYS = 365;
const MAX_EVENTS = 5000;

export function createCalendarService(db: Database, settings: ServiceSettings) {
  return {
    /** The iCalendar text of the open deadlines of the projects `actor` may see. */
    async feedFor(actor: Actor): Promise<string> {
      requireStaff(actor);
      const today = firstDay(dayInBudapest(new Date()));
      const deadlines = await openDeadlines(db.knex, { scope: scopeOf(actor), from: addDays(today, -PAST_DAYS), to: null, limit: MAX_EVENTS });
      return calendarFeed(deadlines, today, settings.publicBaseUrl);
    },
  };
}

export type CalendarService = ReturnType<typeof createCalendarService>;
