/**
 * The first draft of a start or closing notice, written from the project's facts in Hungarian Markdown
 * for communication staff to edit before they publish it.
 */
import type { PartialDate } from "../domain/dates.js";
import type { NoticeFacts } from "../domain/noticeFacts.js";
import type { NoticeKind } from "../domain/project.js";
import { formatPartialDate } from "../rendering/dates.js";
import { formatForints, formatPercent } from "../rendering/numbers.js";
import { withArticle } from "./hungarianArticle.js";
import { DELIVERABLE_LABELS, EVENT_LABELS, periodLabel, programmeLabel } from "./labels.js";

export interface NoticeDraft {
  kind: NoticeKind;
  title: string;
  body: string;
}

/** Text as typed, set in Markdown: characters Markdown would read as markup are escaped. */
const md = (text: string) => text.replace(/([\\`*_[\]<>#|!])/g, "\\$1");

/** A sentence ends with one full stop, also after a date that ends with its own ("2021. május 13."). */
const sentence = (text: string) => (text.endsWith(".") ? text : `${text}.`);

const day = (date: PartialDate) => formatPartialDate(date);

/** "A, B és C" */
function listed(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} és ${items.at(-1)}`;
}

/**
 * The project's title in quotation marks with its article: „az Okos város”. A title that starts with
 * an article of its own ("A szolgáltató…") takes none before it, as Hungarian writes it.
 */
function quotedTitle(title: string, sentenceStart = false): string {
  const quoted = `„${title}”`;
  return /^az?\s/i.test(title) ? quoted : withArticle(quoted, sentenceStart);
}

/** The title as a heading says it: "Elindult az „Okos város” projekt". */
const headline = (verb: string, title: string) => `${verb} ${quotedTitle(title)} projekt`;

function programmePhrase(programme: NonNullable<NoticeFacts["programme"]>): string {
  return `${withArticle(programme.name)} (${programmeLabel(programme.code)}, ${periodLabel(programme.period)}) keretében`;
}

/** Who carries the project out: the consortium's members, the lead named as such. */
function consortiumSentence(facts: NoticeFacts, past: boolean): string | null {
  if (facts.consortium.length === 0) return null;
  const members = facts.consortium.map((p) => (p.role === "lead" ? `${md(p.name)} (konzorciumvezető)` : md(p.name)));
  return sentence(`A projektet konzorcium ${past ? "valósította" : "valósítja"} meg, tagjai: ${listed(members)}`);
}

/** With what support, under which programme. */
function supportSentence(facts: NoticeFacts, past: boolean): string | null {
  const verb = past ? "valósult meg" : "valósul meg";
  const under = facts.programme ? `${programmePhrase(facts.programme)}` : null;
  if (facts.grant === null) return under ? `A projekt ${under} ${verb}.` : null;
  const intensity = facts.supportIntensity === null ? "" : `; a támogatás mértéke ${formatPercent(facts.supportIntensity)}`;
  return `A projekt ${under ? `${under}, ` : ""}${formatForints(facts.grant)} vissza nem térítendő támogatással ${verb}${intensity}.`;
}

/** The block real beneficiary pages show, in their order. */
function factList(facts: NoticeFacts, end: { label: string; date: PartialDate | null }): string {
  const partners = facts.consortium.filter((p) => p.name !== facts.beneficiary).map((p) => md(p.name));
  const lines = [
    ["Kedvezményezett", md(facts.beneficiary)],
    ["Konzorciumi partnerek", partners.length > 0 ? partners.join(", ") : null],
    ["Projekt címe", md(facts.title)],
    ["Szerződött támogatás", facts.grant === null ? null : formatForints(facts.grant)],
    ["Támogatás mértéke", facts.supportIntensity === null ? null : formatPercent(facts.supportIntensity)],
    ["Összköltség", facts.totalCost === null ? null : formatForints(facts.totalCost)],
    [end.label, end.date ? day(end.date) : null],
    facts.identifier ? ["Projektazonosító", md(facts.identifier)] : ["Felhívás", facts.callCode ? md(facts.callCode) : null],
  ] as const;
  return ["**A projekt adatai**", "", ...lines.filter(([, value]) => value).map(([label, value]) => `- ${label}: ${value}`)].join("\n");
}

const paragraphs = (...parts: Array<string | null>) => parts.filter((p): p is string => Boolean(p)).join("\n\n");

/** A Markdown link whose address cannot end it early. */
const link = (text: string, url: string) => `[${md(text)}](${url.replace(/[()\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`)})`;

function deliveredList(facts: NoticeFacts): string | null {
  if (facts.delivered.length === 0) return null;
  const items = facts.delivered.map((d) => {
    const what = d.kind === "other" ? day(d.date) : `${DELIVERABLE_LABELS[d.kind]}, ${day(d.date)}`;
    return `- ${d.url ? link(d.title, d.url) : md(d.title)} (${what})`;
  });
  return ["**A projekt eredményei**", "", ...items].join("\n");
}

function eventList(facts: NoticeFacts): string | null {
  if (facts.eventsHeld.length === 0) return null;
  const items = facts.eventsHeld.map((e) => {
    const when = e.date ? (e.endDate ? `${day(e.date)} – ${day(e.endDate)}` : day(e.date)) : null;
    const details = [e.kind === "other" ? null : EVENT_LABELS[e.kind], e.times > 1 ? `${e.times} alkalom` : null, when, e.place ? md(e.place) : null];
    const said = details.filter(Boolean).join(", ");
    return `- ${md(e.title)}${said ? ` (${said})` : ""}`;
  });
  return ["**Megtartott rendezvények**", "", ...items].join("\n");
}

/** "Új kezdő közlemény": the project has started (or is about to), by whom, with what support, until when. */
export function startNoticeDraft(facts: NoticeFacts): NoticeDraft {
  const opening = `${withArticle(md(facts.beneficiary), true)} ${facts.started ? "megkezdte" : "megkezdi"} ${quotedTitle(md(facts.title))} című projekt megvalósítását.`;
  const when =
    facts.start && facts.plannedEnd
      ? `A megvalósítás kezdete ${day(facts.start)}, tervezett befejezése ${day(facts.plannedEnd)}`
      : facts.start
        ? `A megvalósítás kezdete ${day(facts.start)}`
        : facts.plannedEnd
          ? `A projekt tervezett befejezése ${day(facts.plannedEnd)}`
          : null;
  return {
    kind: "start",
    title: headline("Elindult", facts.title),
    body: paragraphs(
      opening,
      consortiumSentence(facts, false),
      supportSentence(facts, false),
      when && sentence(when),
      facts.summary,
      factList(facts, { label: "Tervezett befejezés", date: facts.plannedEnd }),
    ),
  };
}

/** "Új záró közlemény": what was done, with what support, by when; what was delivered and held. */
export function closingNoticeDraft(facts: NoticeFacts): NoticeDraft {
  const end = facts.actualEnd ?? facts.plannedEnd;
  const opening = `${withArticle(md(facts.beneficiary), true)} befejezte ${quotedTitle(md(facts.title))} című projekt megvalósítását.`;
  const when = facts.start && end ? `A megvalósítás ${day(facts.start)} és ${day(end)} között zajlott.` : end ? sentence(`A projekt befejezése: ${day(end)}`) : null;
  return {
    kind: "closing",
    title: headline("Lezárult", facts.title),
    body: paragraphs(
      opening,
      when,
      consortiumSentence(facts, true),
      supportSentence(facts, true),
      facts.summary,
      deliveredList(facts),
      eventList(facts),
      factList(facts, { label: "Befejezés dátuma", date: end }),
    ),
  };
}

/** The drafts a new notice may start from, by the word the URL gives (`?sablon=zaro`), with their buttons' labels. */
export const NOTICE_TEMPLATES: Record<string, { label: string; write: (facts: NoticeFacts) => NoticeDraft }> = {
  kezdo: { label: "Új kezdő közlemény", write: startNoticeDraft },
  zaro: { label: "Új záró közlemény", write: closingNoticeDraft },
};
