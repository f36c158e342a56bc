/**
 * The closure report in Hungarian, as sections of facts and tables of text. Both outputs render this
 * one view: the HTML page (templates/reports/report.hbs) and the PDF (rendering/reportPdf.ts), so they
 * cannot say different things.
 */
import { achievedPercent, type FigureChange } from "../domain/closureReport.js";
import { dayInBudapest, parsePartialDate, type PartialDate } from "../domain/dates.js";
import type { AuditValue } from "../domain/audit.js";
import type { EndDelay } from "../domain/endDate.js";
import { percentOf, supportIntensity } from "../domain/money.js";
import { isProjectPublic, isPublished } from "../domain/visibility.js";
import type { ClosureReport } from "../services/closureReportService.js";
import { formatDayOfMoment, formatMoment, formatPartialDate } from "../rendering/dates.js";
import { formatForints, formatNumber, formatPercent } from "../rendering/numbers.js";
import { CLOSURE_ITEM_LABELS, gapMessage } from "./closurePresenter.js";
import { findingMessage } from "./findingsPresenter.js";
import {
  DELIVERABLE_LABELS,
  EVENT_LABELS,
  fieldLabel,
  METHOD_LABELS,
  NOTICE_LABELS,
  periodLabel,
  programmeLabel,
  recordFieldLabel,
  ROLE_LABELS,
  STATUS_LABELS,
} from "./labels.js";

export interface ReportColumn {
  label: string;
  /** Right-aligned (amounts, counts, percentages). */
  numeric: boolean;
}

export interface ReportTable {
  caption: string;
  columns: ReportColumn[];
  rows: string[][];
  /** What the table says when it has no rows. */
  empty: string;
}

export interface ReportSection {
  id: string;
  heading: string;
  facts: Array<{ label: string; value: string }>;
  tables: ReportTable[];
}

export interface ReportView {
  title: string;
  /** The project's identifier, else its call code. */
  reference: string;
  projectTitle: string;
  /** "2026. november 25. 18:30" */
  madeAt: string;
  /** ISO 8601, for the PDF's metadata. */
  madeAtIso: string;
  sections: ReportSection[];
}

const NONE = "—";
const money = (amount: number | null) => (amount === null ? NONE : formatForints(amount));
const day = (date: PartialDate | null) => (date ? formatPartialDate(date) : NONE);
const percent = (value: number | null) => (value === null ? NONE : formatPercent(value));
const count = (value: number | null) => (value === null ? NONE : formatNumber(value));
const text = (value: string | null | undefined) => (value?.trim() ? value : NONE);
const upperFirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const col = (label: string, numeric = false): ReportColumn => ({ label, numeric });

function table(caption: string, columns: ReportColumn[], rows: string[][], empty: string): ReportTable {
  return { caption, columns, rows, empty };
}

/** "45 nap késés (1 hónap)", "12 nappal a tervezett előtt", "a tervezett napon". */
export function delayText(delay: EndDelay | null): string {
  if (delay === null) return "nem számítható (hiányzik a tervezett vagy a tényleges befejezés)";
  const approx = delay.exact ? "" : " – hónapra vagy évre pontos dátumból, a hónap vagy év utolsó napjával számolva";
  if (delay.days === 0) return `a tervezett napon${approx}`;
  const months = Math.abs(delay.months);
  const what = delay.days > 0 ? `${formatNumber(delay.days)} nap késés` : `${formatNumber(-delay.days)} nappal a tervezett előtt`;
  return `${what} (${months} teljes hónap)${approx}`;
}

const AMOUNT_FIELDS: ReadonlySet<string> = new Set([
  "contracted_total_cost", "contracted_grant", "contracted_own_contribution", "grant_paid", "total_cost", "grant_amount", "own_contribution",
]);

/** A recorded value of a funding figure as people read it. */
function recordedValue(field: string, value: AuditValue): string {
  if (value === null) return NONE;
  if (typeof value !== "string") return JSON.stringify(value);
  if (AMOUNT_FIELDS.has(field)) return formatForints(Number(value));
  if (field === "effective_date") return formatPartialDate(parsePartialDate(value));
  return value;
}

const ACTION_WORDS = { create: "új", update: "módosítva", delete: "törölve" } as const;

function figureChangeRow(change: FigureChange, references: Map<string, string>): string[] {
  const what =
    change.subject.kind === "contract"
      ? upperFirst(fieldLabel(change.field))
      : `Szerződésmódosítás „${references.get(change.subject.uid) ?? NONE}” (${ACTION_WORDS[change.subject.action]}): ${recordFieldLabel(change.field)}`;
  return [formatMoment(change.recordedAt), change.actor, what, recordedValue(change.field, change.before), recordedValue(change.field, change.after)];
}

export function closureReportView(report: ClosureReport): ReportView {
  const { project, delay } = report;
  const { record } = project;
  const figures = project.currentFunding;
  const asOf = new Date(report.madeAt);
  const reference = record.identifier ?? record.call?.code ?? NONE;

  // The reference of each amendment ever recorded: the current one, else the last the trail names.
  const references = new Map<string, string>();
  for (const change of report.figureChanges) {
    if (change.subject.kind === "amendment" && change.field === "reference" && typeof change.after === "string") {
      references.set(change.subject.uid, change.after);
    }
  }
  for (const a of record.amendments) if (a.uid) references.set(a.uid, a.reference);

  const identification: ReportSection = {
    id: "azonositas",
    heading: "Azonosítás",
    facts: [
      { label: "Projektazonosító", value: text(record.identifier) },
      { label: "Projekt címe", value: record.title },
      { label: "Felhívás", value: record.call ? `${record.call.code}${record.call.title ? ` – ${record.call.title}` : ""}` : NONE },
      { label: "Operatív program", value: project.programme ? `${project.programme.name} (${programmeLabel(project.programme.code)})` : NONE },
      { label: "Programozási időszak", value: project.programme ? periodLabel(project.programme.period) : NONE },
      { label: "Alap", value: report.funds.length ? report.funds.map((f) => (f.name ? `${f.name} (${f.code})` : f.code)).join(", ") : NONE },
      { label: "Kedvezményezett", value: `${record.beneficiary.name}${record.beneficiary.taxNumber ? ` (adószám: ${record.beneficiary.taxNumber})` : ""}` },
      { label: "Állapot", value: STATUS_LABELS[record.status] },
      ...(record.closureReason ? [{ label: "Lezárás indoklása (hiányos zárási feltételek mellett)", value: record.closureReason }] : []),
    ],
    tables: [
      table(
        "Konzorciumi partnerek és támogatásrészük (érvényes)",
        [col("Partner"), col("Adószám"), col("Szerep"), col("Támogatásrész", true), col("A támogatás %-a", true)],
        project.partnersInForce.map((p) => [
          p.organisation.name,
          text(p.organisation.taxNumber),
          ROLE_LABELS[p.role],
          money(p.grantShare),
          percent(percentOf(p.grantShare, figures.grant)),
        ]),
        "A projektnek nincsenek konzorciumi partnerei.",
      ),
      table(
        "Szállítók (nyertes ajánlattevők)",
        [col("Szállító"), col("Adószám"), col("Beszerzés tárgya"), col("Szerződéses érték", true)],
        record.procurements.flatMap((p) => (p.contractor ? [[p.contractor.name, text(p.contractor.taxNumber), p.subject, money(p.amount)]] : [])),
        "Nincs rögzített szállító.",
      ),
    ],
  };

  const dates: ReportSection = {
    id: "idopontok",
    heading: "Időpontok: tervezett és tényleges",
    facts: [
      { label: "Támogatói döntés", value: day(record.dates.decision) },
      { label: "Kezdés", value: day(record.dates.start) },
      { label: "Tervezett befejezés", value: day(record.dates.plannedEnd) },
      { label: "Tényleges befejezés", value: day(record.dates.actualEnd) },
      { label: "Eltérés a tervezett befejezéstől", value: delayText(delay) },
      { label: "Fenntartási időszak vége", value: day(record.dates.sustainabilityEnd) },
    ],
    tables: [],
  };

  const contract = record.funding;
  const finances: ReportSection = {
    id: "penzugyek",
    heading: "Pénzügyek",
    facts: [
      { label: "Kifizetett támogatás", value: money(contract.grantPaid) },
      { label: "Kifizetés a szerződött (érvényes) támogatás arányában", value: percent(percentOf(contract.grantPaid, figures.grant)) },
      { label: "Uniós társfinanszírozási arány", value: contract.euCofinancingRate === null ? NONE : formatPercent(contract.euCofinancingRate) },
      { label: "Eltérés magyarázata", value: text(contract.explanation) },
    ],
    tables: [
      table(
        "Szerződött és érvényes összegek",
        [col("Tétel"), col("Támogatási szerződés szerint", true), col("Érvényes (a módosítások után)", true)],
        [
          ["Összköltség", money(contract.totalCost), money(figures.totalCost)],
          ["Támogatás", money(contract.grant), money(figures.grant)],
          ["Önerő", money(contract.ownContribution), money(figures.ownContribution)],
          ["Támogatás mértéke", percent(supportIntensity(contract)), percent(supportIntensity(figures))],
        ],
        "",
      ),
      table(
        "Szerződésmódosítások",
        [col("Hatályos"), col("Hivatkozás"), col("Indok"), col("Összköltség", true), col("Támogatás", true), col("Önerő", true), col("Partnerek támogatásrésze"), col("Rögzítette"), col("Rögzítve")],
        record.amendments.map((a) => {
          const recorded = a.uid ? report.amendmentRecorders.get(a.uid) : undefined;
          return [
            day(a.effectiveDate),
            a.reference,
            text(a.reason),
            a.totalCost === null ? "változatlan" : money(a.totalCost),
            a.grant === null ? "változatlan" : money(a.grant),
            a.ownContribution === null ? "változatlan" : money(a.ownContribution),
            a.partnerShares.length ? a.partnerShares.map((s) => `${s.organisation.name}: ${money(s.grantShare)}`).join("; ") : NONE,
            recorded?.actor ?? NONE,
            recorded ? formatMoment(recorded.recordedAt) : NONE,
          ];
        }),
        "A szerződést nem módosították.",
      ),
      table(
        "A pénzügyi adatok minden rögzített változása (a változásnapló szerint)",
        [col("Rögzítve"), col("Rögzítette"), col("Adat"), col("Korábbi érték", true), col("Új érték", true)],
        report.figureChanges.map((c) => figureChangeRow(c, references)),
        "A változásnapló nem tartalmaz pénzügyi adatot.",
      ),
    ],
  };

  const delivered = record.deliverables.filter((d) => d.deliveredDate !== null).length;
  const deliverables: ReportSection = {
    id: "eredmenytermekek",
    heading: "Eredménytermékek: tervezett és elkészült",
    facts: [
      { label: "Tervezett", value: formatNumber(record.deliverables.length) },
      { label: "Elkészült", value: formatNumber(delivered) },
      { label: "Nem készült el (indokolva)", value: formatNumber(record.deliverables.filter((d) => d.deliveredDate === null && d.notDeliveredReason).length) },
    ],
    tables: [
      table(
        "Eredménytermékek",
        [col("Cím"), col("Típus"), col("Határidő"), col("Elkészült"), col("Ha nem készült el: miért")],
        record.deliverables.map((d) => [d.title, DELIVERABLE_LABELS[d.kind], day(d.dueDate), day(d.deliveredDate), text(d.notDeliveredReason)]),
        "Nincs rögzített eredménytermék.",
      ),
    ],
  };

  const events: ReportSection = {
    id: "rendezvenyek",
    heading: "Rendezvények",
    facts: [],
    tables: [
      table(
        "Megtartott rendezvények",
        [col("Megnevezés"), col("Típus"), col("Időpont"), col("Helyszín"), col("Tervezett alkalom", true), col("Megtartott alkalom", true), col("Résztvevők", true)],
        record.events.map((e) => [
          e.title,
          EVENT_LABELS[e.kind],
          e.date ? (e.endDate ? `${day(e.date)} – ${day(e.endDate)}` : day(e.date)) : NONE,
          text(e.place),
          formatNumber(e.count),
          count(e.held),
          count(e.participants),
        ]),
        "Nincs rögzített rendezvény.",
      ),
    ],
  };

  const indicators: ReportSection = {
    id: "indikatorok",
    heading: "Indikátorok: célérték és elért érték",
    facts: [],
    tables: [
      table(
        "Indikátorok",
        [col("Megnevezés"), col("Mértékegység"), col("Kiinduló", true), col("Célérték", true), col("Elért", true), col("Teljesülés", true)],
        record.indicators.map((i) => [i.name, i.unit, count(i.baseline), count(i.target), count(i.achieved), percent(achievedPercent(i))]),
        "Nincs rögzített indikátor.",
      ),
    ],
  };

  const procurements: ReportSection = {
    id: "beszerzesek",
    heading: "Beszerzések",
    facts: [],
    tables: [
      table(
        "Beszerzések",
        [col("Tárgy"), col("Nyertes ajánlattevő"), col("Eljárás"), col("Szerződéses érték", true), col("Szerződéskötés")],
        record.procurements.map((p) => [p.subject, text(p.contractor?.name), METHOD_LABELS[p.method], money(p.amount), day(p.contractDate)]),
        "Nincs rögzített beszerzés.",
      ),
    ],
  };

  const publicNow = isProjectPublic(record.publishedFrom, dayInBudapest(asOf));
  const publicity: ReportSection = {
    id: "nyilvanossag",
    heading: "Nyilvánosság",
    facts: [
      {
        label: "Nyilvános projektoldal",
        value: record.publishedFrom
          ? publicNow
            ? `${day(record.publishedFrom)} óta nyilvános`
            : `${day(record.publishedFrom)} napjától lesz nyilvános`
          : "nem nyilvános",
      },
    ],
    tables: [
      table(
        "Közlemények",
        [col("Fajta"), col("Cím"), col("Közzétéve")],
        record.notices.map((n) => [
          upperFirst(NOTICE_LABELS[n.kind]),
          n.title,
          n.publishedAt === null ? "piszkozat" : `${formatDayOfMoment(n.publishedAt)}${isPublished(n, asOf) ? "" : " (ütemezve)"}`,
        ]),
        "Nincs közlemény.",
      ),
    ],
  };

  const checklist: ReportSection = {
    id: "zarasi-feltetelek",
    heading: "Zárási feltételek",
    facts: [{ label: "Összesítés", value: project.closure.passed ? "minden feltétel teljesül" : `${project.closure.items.filter((i) => !i.passed).length} feltétel nem teljesül` }],
    tables: [
      table(
        "Zárási feltételek",
        [col("Feltétel"), col("Teljesül"), col("Ami hiányzik")],
        project.closure.items.map((i) => [CLOSURE_ITEM_LABELS[i.code], i.passed ? "igen" : "nem", i.gaps.length ? i.gaps.map(gapMessage).join(" ") : NONE]),
        "",
      ),
    ],
  };

  const findings: ReportSection = {
    id: "megallapitasok",
    heading: "Ellenőrzési megállapítások",
    facts: [],
    tables: [
      table(
        "Következetlenségek",
        [col("Súlyosság"), col("Megállapítás")],
        project.findings.map((f) => [f.severity === "error" ? "hiba" : "figyelmeztetés", findingMessage(f)]),
        "Nincs következetlenség.",
      ),
    ],
  };

  return {
    title: "Zárási jelentés",
    reference,
    projectTitle: record.title,
    madeAt: formatMoment(report.madeAt),
    madeAtIso: report.madeAt,
    sections: [identification, dates, finances, deliverables, events, indicators, procurements, publicity, checklist, findings],
  };
}
