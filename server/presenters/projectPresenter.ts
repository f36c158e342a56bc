/** Domain → plain view models for pages and the JSON API: Hungarian labels here, formatting from server/rendering. */
import { dayInBudapest, toIsoTextOrNull, type PartialDate } from "../domain/dates.js";
import { endToShow } from "../domain/endDate.js";
import { supportIntensity } from "../domain/money.js";
import type { ListTotal, ProjectDates, ProjectRecord, ProjectSummary } from "../domain/project.js";
import { projectKey } from "../domain/projectKey.js";
import { isProjectPublic, publicRecord } from "../domain/visibility.js";
import type { ProjectDetail } from "../services/projectService.js";
import { formatDayOfMoment, formatPartialDate } from "../rendering/dates.js";
import { renderMarkdown } from "../rendering/markdown.js";
import { formatForints, formatNumber, formatPercent } from "../rendering/numbers.js";
import { closureView } from "./closurePresenter.js";
import { findingView } from "./findingsPresenter.js";
import { projectTimeline } from "./projectTimeline.js";
import {
  DELIVERABLE_LABELS,
  EVENT_LABELS,
  METHOD_LABELS,
  NOTICE_LABELS,
  periodLabel,
  programmeLabel,
  ROLE_LABELS,
  STATUS_LABELS,
} from "./labels.js";

/** The figures a presenter needs to show funding: those in force. */
type Figures = { totalCost: number | null; grant: number | null; ownContribution: number | null };

export const money = (amount: number | null) => (amount === null ? null : formatForints(amount));
export const day = (date: PartialDate | null) => (date ? formatPartialDate(date) : null);
const isoDate = toIsoTextOrNull;

/** "92,00%", or null when the intensity is unknown. */
export function intensityText(funding: Figures): string | null {
  const intensity = supportIntensity(funding);
  return intensity === null ? null : formatPercent(intensity);
}

/** Funding as the API gives it: integer forints and the support intensity in percent. */
const apiFunding = (funding: Figures) => ({ ...funding, supportIntensity: supportIntensity(funding) });

/** A project's dates as the API gives them: ISO text at the precision each is known. */
const apiDates = (dates: ProjectDates) => ({
  decision: isoDate(dates.decision),
  start: isoDate(dates.start),
  plannedEnd: isoDate(dates.plannedEnd),
  actualEnd: isoDate(dates.actualEnd),
});

export function staffPath(project: { id: number; identifier: string | null }): string {
  return `/kezelo/projektek/${encodeURIComponent(projectKey(project))}`;
}

/** A project's history page, narrowed by the query words given (`mezo`, `szemely`, `rekord`, `elott`). */
export function historyPath(project: { id: number; identifier: string | null }, query: Record<string, string | undefined> = {}): string {
  const given = Object.entries(query).filter((e): e is [string, string] => Boolean(e[1]));
  const search = new URLSearchParams(given).toString();
  return `${staffPath(project)}/valtozasok${search ? `?${search}` : ""}`;
}

/** The project's closure report for staff: the HTML page, or the PDF. */
export function closureReportPath(project: { id: number; identifier: string | null }, format: "html" | "pdf"): string {
  return `${staffPath(project)}/zarasi-jelentes${format === "pdf" ? ".pdf" : ""}`;
}

/** A project's public page, at its current slug. */
export function publicPath(project: { slug: string }): string {
  return `/projektek/${project.slug}`;
}

/** The one end date the list and the public page show, and whether it is the actual end. */
export function shownEnd(dates: ProjectDates) {
  const { date, actual } = endToShow(dates);
  return { date: day(date), actual };
}

/** A list's total as the staff list says it: "13 projekt", "kb. 1 000 000 projekt", "több mint 1 000 projekt". */
export function listTotalText(total: ListTotal): string {
  const prefix = { exact: "", estimate: "kb. ", moreThan: "több mint " }[total.exactness];
  return `${prefix}${formatNumber(total.count)} projekt`;
}

export function summaryRow(summary: ProjectSummary) {
  return {
    href: staffPath(summary),
    reference: summary.identifier ?? summary.call?.code ?? "",
    hasIdentifier: summary.identifier !== null,
    title: summary.title,
    beneficiary: summary.beneficiaryName,
    programme: summary.programme ? programmeLabel(summary.programme.code) : "—",
    programmeName: summary.programme?.name ?? null,
    period: summary.programme ? periodLabel(summary.programme.period) : "",
    status: STATUS_LABELS[summary.status],
    grant: money(summary.funding.grant),
    intensity: intensityText(summary.funding),
    end: shownEnd(summary.dates).date,
  };
}

/** A row of the public index: only what the public page shows too. */
export function publicRow(summary: ProjectSummary) {
  return {
    href: publicPath(summary),
    reference: summary.identifier ?? summary.call?.code ?? "",
    title: summary.title,
    beneficiary: summary.beneficiaryName,
    grant: money(summary.funding.grant),
  };
}

export const numberText = (value: number | null) => (value === null ? null : formatNumber(value));

/** Where a record's own history is. */
type HistoryOf = (uid: string | null) => string | null;

function activities(record: ProjectRecord, history: HistoryOf) {
  return {
    milestones: record.milestones.map((m) => ({ title: m.title, due: day(m.dueDate), achieved: day(m.achievedDate), historyHref: history(m.uid) })),
    deliverables: record.deliverables.map((d) => ({
      historyHref: history(d.uid),
      title: d.title,
      kind: DELIVERABLE_LABELS[d.kind],
      due: day(d.dueDate),
      delivered: day(d.deliveredDate),
      notDeliveredReason: d.notDeliveredReason,
      public: d.public,
      links: d.links,
    })),
    events: record.events.map((e) => ({
      historyHref: history(e.uid),
      title: e.title,
      kind: EVENT_LABELS[e.kind],
      when: e.date ? (e.endDate ? `${day(e.date)} – ${day(e.endDate)}` : day(e.date)) : null,
      place: e.place,
      participants: numberText(e.participants),
      count: e.count,
      series: e.count > 1,
      international: e.international,
    })),
    procurements: record.procurements.map((p) => ({
      historyHref: history(p.uid),
      subject: p.subject,
      contractor: p.contractor?.name ?? null,
      method: METHOD_LABELS[p.method],
      amount: money(p.amount),
      contractDate: day(p.contractDate),
    })),
    indicators: record.indicators.map((i) => ({
      historyHref: history(i.uid),
      name: i.name,
      unit: i.unit,
      baseline: numberText(i.baseline),
      target: numberText(i.target),
      achieved: numberText(i.achieved),
    })),
    notices: record.notices.map((n) => ({
      historyHref: history(n.uid),
      kind: NOTICE_LABELS[n.kind],
      title: n.title,
      bodyHtml: renderMarkdown(n.body),
      published: n.publishedAt ? formatDayOfMoment(n.publishedAt) : null,
      links: n.links,
    })),
  };
}

/** What only staff pages show: the contract's figures and their amendments, payments, publication, internal notes. */
function staffOnly(detail: ProjectDetail, historyOf: (uid: string | null) => string | null) {
  const { record } = detail;
  const contract = record.funding;
  return {
    contract: {
      totalCost: money(contract.totalCost),
      grant: money(contract.grant),
      ownContribution: money(contract.ownContribution),
      grantPaid: money(contract.grantPaid),
      explanation: contract.explanation,
    },
    amendments: record.amendments.map((a) => ({
      historyHref: historyOf(a.uid),
      date: day(a.effectiveDate),
      reference: a.reference,
      reason: a.reason,
      totalCost: money(a.totalCost),
      grant: money(a.grant),
      ownContribution: money(a.ownContribution),
    })),
    publication: record.publishedFrom
      ? { from: day(record.publishedFrom), now: isProjectPublic(record.publishedFrom, dayInBudapest(new Date())) }
      : null,
    internalNotes: record.internalNotes,
    closureReason: record.closureReason,
    closure: closureView({ id: detail.id, identifier: record.identifier }, detail.closure),
    closureReport: {
      html: closureReportPath({ id: detail.id, identifier: record.identifier }, "html"),
      pdf: closureReportPath({ id: detail.id, identifier: record.identifier }, "pdf"),
    },
    funds: record.funds.join(", "),
    historyHref: historyPath({ id: detail.id, identifier: record.identifier }),
    timeline: projectTimeline(record, dayInBudapest(new Date())),
  };
}

/** What staff paste into their own website: an iframe of the block, or the address of the block as an HTML fragment. */
function embedSnippets(publicUrl: string, title: string) {
  const attribute = (text: string) => text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  return {
    iframe: `<iframe src="${publicUrl}/beagyazott" title="${attribute(title)}" width="100%" height="720" style="border:0" loading="lazy"></iframe>`,
    fragmentUrl: `${publicUrl}/beagyazas.html`,
  };
}

/**
 * The view model of a project's staff page; `publicBaseUrl` makes the addresses other websites use
 * to embed the project's public block. The public page is publicProjectPresenter.ts.
 */
export function projectPage(detail: ProjectDetail, publicBaseUrl: string) {
  const record = detail.record;
  const historyOf = (uid: string | null) => (uid ? historyPath({ id: detail.id, identifier: record.identifier }, { rekord: uid }) : null);
  return {
    id: detail.id,
    identifier: record.identifier,
    callCode: record.call?.code ?? null,
    callTitle: record.call?.title ?? null,
    callIrregular: !detail.callRegular,
    programme: detail.programme
      ? { name: detail.programme.name, code: programmeLabel(detail.programme.code), period: periodLabel(detail.programme.period) }
      : null,
    title: record.title,
    shortTitle: record.shortTitle,
    summary: record.summary,
    status: STATUS_LABELS[record.status],
    beneficiary: record.beneficiary,
    partners: detail.partnersInForce.map((p) => ({
      name: p.organisation.name,
      role: ROLE_LABELS[p.role],
      grantShare: money(p.grantShare),
      historyHref: historyOf(p.uid),
    })),
    location: [record.location.settlement, record.location.county, record.location.region].filter(Boolean).join(", "),
    funding: {
      totalCost: money(detail.currentFunding.totalCost),
      grant: money(detail.currentFunding.grant),
      ownContribution: money(detail.currentFunding.ownContribution),
      intensity: intensityText(detail.currentFunding),
    },
    ...staffOnly(detail, historyOf),
    dates: {
      decision: day(record.dates.decision),
      start: day(record.dates.start),
      plannedEnd: day(record.dates.plannedEnd),
      actualEnd: day(record.dates.actualEnd),
    },
    end: shownEnd(record.dates),
    ...activities(record, historyOf),
    findings: detail.findings.map(findingView),
    staffHref: staffPath({ id: detail.id, identifier: record.identifier }),
    publicHref: publicPath(detail),
    embed: embedSnippets(`${publicBaseUrl}${publicPath(detail)}`, record.title),
  };
}

/** A project summary in the public JSON API. */
export function apiSummary(summary: ProjectSummary, baseUrl: string) {
  return {
    id: summary.id,
    identifier: summary.identifier,
    title: summary.title,
    shortTitle: summary.shortTitle,
    status: summary.status,
    programme: summary.programme,
    call: summary.call,
    beneficiary: { name: summary.beneficiaryName },
    location: summary.location,
    funding: apiFunding(summary.funding),
    dates: apiDates(summary.dates),
    publicUrl: `${baseUrl}${publicPath(summary)}`,
  };
}

/** Everything public about a project: no draft notices, no internal deliverables, no audit findings. */
export function apiDetail(detail: ProjectDetail, baseUrl: string) {
  const record = publicRecord(detail.record);
  return {
    id: detail.id,
    identifier: record.identifier,
    title: record.title,
    shortTitle: record.shortTitle,
    summary: record.summary,
    status: record.status,
    programme: detail.programme,
    call: record.call,
    beneficiary: record.beneficiary,
    partners: detail.partnersInForce.map((p) => ({ ...p.organisation, role: p.role, grantShare: p.grantShare })),
    location: record.location,
    funds: record.funds,
    funding: {
      ...apiFunding(detail.currentFunding),
      contracted: { totalCost: record.funding.totalCost, grant: record.funding.grant, ownContribution: record.funding.ownContribution },
      grantPaid: record.funding.grantPaid,
      euCofinancingRate: record.funding.euCofinancingRate,
    },
    amendments: record.amendments.map((a) => ({
      uid: a.uid,
      effectiveDate: isoDate(a.effectiveDate),
      reference: a.reference,
      reason: a.reason,
      totalCost: a.totalCost,
      grant: a.grant,
      ownContribution: a.ownContribution,
    })),
    dates: apiDates(record.dates),
    milestones: record.milestones.map((m) => ({ uid: m.uid, title: m.title, dueDate: isoDate(m.dueDate), achievedDate: isoDate(m.achievedDate) })),
    deliverables: record.deliverables.map((d) => ({
      uid: d.uid,
      title: d.title,
      kind: d.kind,
      dueDate: isoDate(d.dueDate),
      deliveredDate: isoDate(d.deliveredDate),
      links: d.links,
    })),
    events: record.events.map(({ version: _, ...e }) => ({ ...e, date: isoDate(e.date), endDate: isoDate(e.endDate) })),
    procurements: record.procurements.map(({ version: _, ...p }) => ({ ...p, contractDate: isoDate(p.contractDate) })),
    indicators: record.indicators.map(({ version: _, ...i }) => i),
    notices: record.notices.map(({ version: _, ...n }) => n),
    updatedAt: detail.updatedAt,
    publicUrl: `${baseUrl}${publicPath(detail)}`,
  };
}
