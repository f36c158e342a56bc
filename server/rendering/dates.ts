/** Dates as Hungarian readers expect them; days are Budapest days. */
import { dayInBudapest, type DatePrecision, type PartialDate } from "../domain/dates.js";

// Built once (a formatter costs far more to build than to use); the calendar day is formatted as a UTC date, so the
// server's own time zone never shifts it.
const DISPLAY_FORMAT: Record<Exclude<DatePrecision, "year">, Intl.DateTimeFormat> = {
  day: new Intl.DateTimeFormat("hu-HU", { timeZone: "UTC", year: "numeric", month: "long", day: "numeric" }),
  month: new Intl.DateTimeFormat("hu-HU", { timeZone: "UTC", year: "numeric", month: "long" }),
};

/** "2021. május 13.", "2009. április" or "2009": the date at the precision it is known. */
export function formatPartialDate(date: PartialDate): string {
  if (date.precision === "year") return String(date.year).padStart(4, "0");
  return DISPLAY_FORMAT[date.precision].format(Date.UTC(date.year, (date.month ?? 1) - 1, date.day ?? 1));
}

/** The Budapest calendar day of a moment (ISO 8601), as "2021. május 13.". */
export function formatDayOfMoment(iso: string): string {
  return formatPartialDate(dayInBudapest(new Date(iso)));
}

const MOMENT = new Intl.DateTimeFormat("hu-HU", { timeZone: "Europe/Budapest", dateStyle: "long", timeStyle: "short" });

/** A moment (ISO 8601) in Budapest time, as "2021. május 13. 10:05". */
export function formatMoment(iso: string): string {
  return MOMENT.format(new Date(iso));
}
