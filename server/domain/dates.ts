/**
 * Calendar dates that may be known only to the month or the year, as for
 * historic projects ("2009", "2009-04"). Canonical text form: ISO at the
 * known precision ("2009", "2009-04", "2009-04-15").
 */
import { ValidationError } from "../errors.js";
import { stripAccents } from "./programmes.js";

export const DATE_PRECISIONS = ["year", "month", "day"] as const;
export type DatePrecision = (typeof DATE_PRECISIONS)[number];

export interface PartialDate {
  precision: DatePrecision;
  year: number;
  /** 1–12; null at year precision. */
  month: number | null;
  /** 1–31; null unless precision is day. */
  day: number | null;
}

export const DATE_SHAPE = "2021-05-13, 2021.05.13., 2021. május 13., 2009-04, 2009";

const MONTHS = [
  "január", "február", "március", "április", "május", "június",
  "július", "augusztus", "szeptember", "október", "november", "december",
].map((name) => stripAccents(name));

const ISO = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/;
const DOTTED = /^(\d{4})\.\s*(\d{1,2})(?:\.\s*(\d{1,2}))?\.?$/;
const NAMED_MONTH = /^(\d{4})\.?\s+(\p{L}+)\.?(?:\s+(\d{1,2})\.?)?$/u;

function reject(raw: string, why = "nem értelmezhető dátum"): never {
  throw new ValidationError(`"${raw}" ${why} (várt alak pl.: ${DATE_SHAPE})`);
}

function monthFromName(word: string): number | null {
  const token = stripAccents(word.toLowerCase());
  if (token.length < 3) return null;
  const matches = MONTHS.flatMap((name, index) => (name.startsWith(token) ? [index + 1] : []));
  return matches.length === 1 ? (matches[0] ?? null) : null;
}

function build(raw: string, year: number, month: number | null, day: number | null): PartialDate {
  if (year < 1990 || year > 2100) reject(raw, "valószínűtlen évszám");
  if (month !== null && (month < 1 || month > 12)) reject(raw, "nem létező hónap");
  if (month !== null && day !== null) {
    const probe = new Date(Date.UTC(year, month - 1, day));
    if (probe.getUTCMonth() !== month - 1 || day < 1) reject(raw, "nem létező nap");
  }
  const precision: DatePrecision = day !== null ? "day" : month !== null ? "month" : "year";
  return { precision, year, month, day };
}

const optionalNumber = (text: string | undefined) => (text === undefined ? null : Number(text));

/** Parses the date forms people write; throws a ValidationError showing the accepted forms. */
export function parsePartialDate(raw: string): PartialDate {
  const text = raw.normalize("NFC").trim();
  const numeric = ISO.exec(text) ?? DOTTED.exec(text);
  if (numeric) {
    return build(raw, Number(numeric[1]), optionalNumber(numeric[2]), optionalNumber(numeric[3]));
  }
  const named = NAMED_MONTH.exec(text);
  if (named) {
    const month = monthFromName(named[2] ?? "");
    if (month === null) reject(raw, "ismeretlen hónapnév");
    return build(raw, Number(named[1]), month, optionalNumber(named[3]));
  }
  return reject(raw);
}

const pad = (n: number) => String(n).padStart(2, "0");

/** "2009", "2009-04" or "2009-04-15". */
export function toIsoText(date: PartialDate): string {
  if (date.month === null) return String(date.year);
  if (date.day === null) return `${date.year}-${pad(date.month)}`;
  return `${date.year}-${pad(date.month)}-${pad(date.day)}`;
}

export function toIsoTextOrNull(date: PartialDate | null): string | null {
  return date ? toIsoText(date) : null;
}

/** The first calendar day the date can mean, as YYYY-MM-DD: how it is stored. */
export function firstDay(date: PartialDate): string {
  return `${date.year}-${pad(date.month ?? 1)}-${pad(date.day ?? 1)}`;
}

/** The last calendar day the date can mean, as YYYY-MM-DD. */
export function lastDay(date: PartialDate): string {
  if (date.day !== null) return firstDay(date);
  const month = date.month ?? 12;
  const days = new Date(Date.UTC(date.year, month, 0)).getUTCDate();
  return `${date.year}-${pad(month)}-${pad(days)}`;
}

/** Rebuilds a date from its stored first day and precision. */
export function fromStorage(day: string, precision: DatePrecision): PartialDate {
  const [year, month, dayOfMonth] = day.split("-").map(Number);
  if (year === undefined || month === undefined || dayOfMonth === undefined) {
    throw new Error(`Stored date is not YYYY-MM-DD: ${day}`);
  }
  return {
    precision,
    year,
    month: precision === "year" ? null : month,
    day: precision === "day" ? dayOfMonth : null,
  };
}

/** True only when `a` ends before `b` begins whatever the unknown parts are. */
export function isCertainlyBefore(a: PartialDate, b: PartialDate): boolean {
  return lastDay(a) < firstDay(b);
}

const BUDAPEST_OFFSET = new Intl.DateTimeFormat("en-US", { timeZone: "Europe/Budapest", timeZoneName: "longOffset" });
const BUDAPEST_DAY = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Budapest" });

function budapestOffsetMinutes(instant: Date): number {
  const name = BUDAPEST_OFFSET
    .formatToParts(instant)
    .find((part) => part.type === "timeZoneName")?.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? "");
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === "-" ? -minutes : minutes;
}

/** A day and a time on the clock in Budapest: "2026. december 1. 9:00", "2026-12-01 09:00". */
const LOCAL_TIME = /^(.*\S)\s+(\d{1,2}):(\d{2})$/;

/** The instant of a Budapest wall-clock time (the offset in force at that time, summer or winter). */
function budapestInstant(day: PartialDate, hour: number, minute: number): Date {
  const wall = Date.UTC(day.year, (day.month ?? 1) - 1, day.day ?? 1, hour, minute);
  const guess = wall - budapestOffsetMinutes(new Date(wall)) * 60_000;
  return new Date(wall - budapestOffsetMinutes(new Date(guess)) * 60_000);
}

/**
 * A moment: ISO 8601 with a time zone ("2021-05-13T10:00:00+02:00"), a calendar day with a time of
 * day in Budapest ("2021. május 13. 10:00"), or a calendar day alone, meaning its start in Budapest.
 * Returns canonical ISO (UTC).
 */
export function parseMoment(raw: string): string {
  const text = raw.trim();
  if (/^\d{4}-\d{2}-\d{2}T/.test(text)) {
    const instant = new Date(text);
    if (!/(Z|[+-]\d{2}:?\d{2})$/.test(text) || Number.isNaN(instant.getTime())) {
      reject(raw, "nem értelmezhető időpont: időzóna kell (pl. 2021-05-13T10:00:00+02:00)");
    }
    return instant.toISOString();
  }
  const timed = LOCAL_TIME.exec(text);
  const day = parsePartialDate(timed ? timed[1]! : text);
  if (day.precision !== "day") reject(raw, "napra pontos dátum kell");
  const [hour, minute] = timed ? [Number(timed[2]), Number(timed[3])] : [0, 0];
  if (hour > 23 || minute > 59) reject(raw, "nem létező időpont");
  return budapestInstant(day, hour, minute).toISOString();
}

/** The moment the calendar day after the one `instant` falls on begins in Budapest. */
export function nextDayStartInBudapest(instant: Date): Date {
  const today = dayInBudapest(instant);
  const next = new Date(Date.UTC(today.year, today.month! - 1, today.day! + 1));
  return budapestInstant({ precision: "day", year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() }, 0, 0);
}

/**
 * The last minute asked about and its day: a page asks many times in the same minute, and formatting with Intl is
 * the costly part. Budapest's day changes only on a whole minute, so a minute has one day.
 */
let lastMinute = { minute: Number.NaN, year: 0, month: 0, day: 0 };

/** The calendar day an instant falls on in Budapest, whatever the server's time zone. */
export function dayInBudapest(instant: Date): PartialDate {
  const minute = Math.floor(instant.getTime() / 60_000);
  if (minute !== lastMinute.minute) {
    const [year, month, day] = BUDAPEST_DAY.format(instant).split("-").map(Number);
    lastMinute = { minute, year: year!, month: month!, day: day! };
  }
  return { precision: "day", year: lastMinute.year, month: lastMinute.month, day: lastMinute.day };
}
