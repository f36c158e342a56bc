/**
 * The public index as the page shows it: each project's line with the words the search matched marked
 * (as parts the template escapes, never as HTML built here), an excerpt of the description around the first
 * match, and the filters' choices and labels.
 */
import { COUNTIES } from "../domain/counties.js";
import type { ProjectSummary } from "../domain/project.js";
import { matchedParts, type TextPart } from "../domain/search.js";
import type { Choice } from "../data/referenceReads.js";
import { formatNumber } from "../rendering/numbers.js";
import { periodLabel, programmeLabel, STATUS_LABELS } from "./labels.js";
import { publicRow } from "./projectPresenter.js";

/** How much of a description a line shows. */
const EXCERPT_CHARS = 260;
/** How much text an excerpt keeps before the first matched word. */
const LEAD_CHARS = 60;

/**
 * At most EXCERPT_CHARS of a text, cut at spaces: its start, or — when a later word matched — a window
 * opening a little before that word, so the reader sees why the project was found.
 */
export function excerpt(text: string, terms: readonly string[]): TextPart[] {
  const parts = matchedParts(text.replace(/\s+/g, " ").trim(), terms);
  const whole = parts.map((p) => p.text).join("");
  if (whole.length <= EXCERPT_CHARS) return parts;
  let firstMatch = 0;
  for (const part of parts) {
    if (part.match) break;
    firstMatch += part.text.length;
  }
  let from = firstMatch + 20 > EXCERPT_CHARS ? whole.lastIndexOf(" ", firstMatch - LEAD_CHARS) + 1 : 0;
  if (from < 0) from = 0;
  let to = whole.lastIndexOf(" ", from + EXCERPT_CHARS);
  if (to <= from) to = from + EXCERPT_CHARS;
  const body = matchedParts(whole.slice(from, to), terms);
  return [...(from > 0 ? [{ text: "… ", match: false }] : []), ...body, { text: " …", match: false }];
}

export function indexRow(summary: ProjectSummary, terms: readonly string[]) {
  const place = [summary.location.settlement, summary.location.county].filter((p, i, all) => p && all.indexOf(p) === i).join(", ");
  return {
    ...publicRow(summary),
    titleParts: matchedParts(summary.title, terms),
    beneficiaryParts: matchedParts(summary.beneficiaryName, terms),
    excerptParts: summary.summary ? excerpt(summary.summary, terms) : [],
    programme: summary.programme ? `${programmeLabel(summary.programme.code)} (${periodLabel(summary.programme.period)})` : null,
    status: STATUS_LABELS[summary.status],
    place: place || null,
  };
}

/** The filters' choices, with the one chosen marked. */
export function indexChoices(
  stored: { programmes: Choice[]; periods: Choice[] },
  chosen: { programme?: string; period?: string; status?: string; county?: string },
) {
  const mark = (options: Array<{ value: string; label: string }>, value: string | undefined) =>
    options.map((o) => ({ ...o, selected: o.value === value }));
  return {
    programmes: mark(stored.programmes.map((p) => ({ value: p.code, label: `${programmeLabel(p.code)} – ${p.name}` })), chosen.programme),
    periods: mark(stored.periods.map((p) => ({ value: p.code, label: p.name })), chosen.period),
    statuses: mark(Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label })), chosen.status),
    counties: mark(COUNTIES.map((c) => ({ value: c, label: c })), chosen.county),
  };
}

/** "12 projekt", "1 000-nél több projekt". */
export function countText(count: number, capped: boolean): string {
  return capped ? `${formatNumber(count)}-nél több projekt` : `${formatNumber(count)} projekt`;
}
