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

const BUDAPEST_TIME = new Intl.DateTimeFormat("hu-HU", { timeZone: "Europe/Budapest", hour: "2-digit", minute: "2-digit" });

/** A moment (ISO 8601) as a Budapest day and time: "2021. május 13. 09:05". */
export function formatMoment(iso: string): string {
  const instant = new Date(iso);
  return `${formatDayOfMoment(iso)} ${BUDAPEST_TIME.format(instant)}`;
}
