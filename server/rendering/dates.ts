/** Dates as Hungarian readers expect them; days are Budapest days. */
import { format } from "date-fns";
import { hu } from "date-fns/locale";
import { dayInBudapest, type DatePrecision, type PartialDate } from "../domain/dates.js";

const DISPLAY_FORMAT: Record<DatePrecision, string> = { day: "yyyy. MMMM d.", month: "yyyy. MMMM", year: "yyyy" };

/** "2021. május 13.", "2009. április" or "2009": the date at the precision it is known. */
export function formatPartialDate(date: PartialDate): string {
  const day = new Date(date.year, (date.month ?? 1) - 1, date.day ?? 1);
  return format(day, DISPLAY_FORMAT[date.precision], { locale: hu });
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
