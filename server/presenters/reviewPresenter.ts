/** The funding review table and a project's review page, for people (Hungarian, formatted) and for the API (raw). */
import { fromStorage } from "../domain/dates.js";
import { supportIntensity } from "../domain/money.js";
import { PROJECT_STATUSES } from "../domain/project.js";
import { projectKey } from "../domain/projectKey.js";
import { REVIEW_SORTS, REVIEW_STATES, type ReviewSort, type ReviewTableQuery } from "../domain/review.js";
import type { ProjectReview, ReviewTable } from "../services/fundingReviewService.js";
import { formatMoment, formatPartialDate } from "../rendering/dates.js";
import { formatForints, formatNumber, formatPercent } from "../rendering/numbers.js";
import { findingView } from "./findingsPresenter.js";
import { entryViews } from "./historyPresenter.js";
import { REVIEW_OUTCOME_LABELS, REVIEW_STATE_LABELS, STATUS_LABELS } from "./labels.js";
import { historyPath, staffPath } from "./projectPresenter.js";

export const REVIEW_TABLE_PATH = "/kezelo/felulvizsgalat";
export const reviewPath = (project: { id: number; identifier: string | null }) =>
  `${REVIEW_TABLE_PATH}/${encodeURIComponent(projectKey(project))}`;

const money = (amount: number | null) => (amount === null ? null : formatForints(amount));
const intensity = (grant: number | null, totalCost: number | null) => {
  const percent = supportIntensity({ grant, totalCost });
  return percent === null ? null : formatPercent(percent);
};
const day = (iso: string) => formatPartialDate(fromStorage(iso, "day"));

/** Long one-word headings carry soft hyphens, so the table fits a laptop's width. */
const COLUMNS: Array<{ sort: ReviewSort | null; label: string; numeric: boolean }> = [
  { sort: "identifier", label: "Projekt", numeric: false },
  { sort: "total_cost", label: "Összköltség", numeric: true },
  { sort: "grant", label: "Szerződött támogatás", numeric: true },
  { sort: "grant_paid", label: "Kifizetett támogatás", numeric: true },
  { sort: "own_contribution", label: "Önerő", numeric: true },
  { sort: null, label: "Támogatás mértéke", numeric: true },
  { sort: null, label: "Partnerek támogatásrésze", numeric: false },
  { sort: "amendments", label: "Módo\u00adsítások", numeric: true },
  { sort: "findings", label: "Megálla\u00adpítások", numeric: true },
  { sort: null, label: "Felülvizs\u00adgálat", numeric: false },
];

/** The query words of the filters as the table's URLs carry them. */
function filterWords(q: ReviewTableQuery): Record<string, string> {
  const words: Record<string, string> = {};
  if (q.filter.programme) words.programme = q.filter.programme;
  if (q.filter.status) words.status = q.filter.status;
  if (q.filter.review) words.review = q.filter.review;
  if (q.filter.findings !== undefined) words.findings = q.filter.findings ? "yes" : "no";
  return words;
}

const tablePath = (words: Record<string, string>) => {
  const search = new URLSearchParams(words).toString();
  return `${REVIEW_TABLE_PATH}${search ? `?${search}` : ""}`;
};

export function reviewTablePage(table: ReviewTable, q: ReviewTableQuery, encodeCursor: (after: NonNullable<ReviewTable["next"]>) => string) {
  const filters = filterWords(q);
  const order = { sort: q.sort, ...(q.descending ? { order: "desc" } : {}) };
  const { totals } = table;
  return {
    pageTitle: "Pénzügyi felülvizsgálat",
    filters: {
      programme: q.filter.programme ?? "",
      statuses: PROJECT_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s], selected: s === q.filter.status })),
      reviews: REVIEW_STATES.map((s) => ({ value: s, label: REVIEW_STATE_LABELS[s], selected: s === q.filter.review })),
      findings: [
        { value: "yes", label: "van megállapítása", selected: q.filter.findings === true },
        { value: "no", label: "nincs megállapítása", selected: q.filter.findings === false },
      ],
      sort: q.sort,
      order: q.descending ? "desc" : "asc",
    },
    columns: COLUMNS.map((c) => {
      const current = c.sort === q.sort;
      // A click on the current column turns its order round; on another, that column ascending.
      const descending = current && !q.descending;
      return {
        label: c.label,
        numeric: c.numeric,
        href: c.sort ? tablePath({ ...filters, sort: c.sort, ...(descending ? { order: "desc" } : {}) }) : null,
        ariaSort: current ? (q.descending ? "descending" : "ascending") : null,
      };
    }),
    rows: table.rows.map((r) => {
      const project = { id: r.id, identifier: r.identifier };
      return {
        id: r.id,
        reference: projectKey(project),
        title: r.title,
        href: reviewPath(project),
        status: STATUS_LABELS[r.status],
        programme: r.programmeCode,
        totalCost: money(r.totalCost),
        grant: money(r.grant),
        grantPaid: money(r.grantPaid),
        ownContribution: money(r.ownContribution),
        intensity: intensity(r.grant, r.totalCost),
        partners: r.partners.map((p) => ({ name: p.name, share: money(p.grantShare) })),
        amendments: formatNumber(r.amendments),
        findings: formatNumber(r.findings),
        review: r.lastReview
          ? { on: day(r.lastReview.reviewedOn), outcome: REVIEW_OUTCOME_LABELS[r.lastReview.outcome], actor: r.lastReview.actor }
          : null,
        changed: r.changedSinceReview,
      };
    }),
    totals: {
      projects: formatNumber(totals.projects),
      totalCost: formatForints(totals.totalCost),
      grant: formatForints(totals.grant),
      grantPaid: formatForints(totals.grantPaid),
      ownContribution: formatForints(totals.ownContribution),
      // Of the projects whose grant and total cost are both known: a grant without a total would inflate it.
      intensity: intensity(totals.intensityBase.grant, totals.intensityBase.totalCost),
      amendments: formatNumber(totals.amendments),
      findings: formatNumber(totals.findings),
      changed: formatNumber(totals.changedSinceReview),
    },
    pager:
      table.next || q.after
        ? {
            next: table.next ? tablePath({ ...filters, ...order, after: encodeCursor(table.next) }) : null,
            first: q.after ? tablePath({ ...filters, ...order }) : null,
          }
        : null,
  };
}

/** The table for the API: integer forints, intensity in percent, the next page's cursor. */
export function reviewTableJson(table: ReviewTable, encodeCursor: (after: NonNullable<ReviewTable["next"]>) => string) {
  return {
    totals: { ...table.totals, supportIntensity: supportIntensity(table.totals.intensityBase) },
    items: table.rows.map(({ sortValue: _sortValue, ...r }) => ({
      key: projectKey({ id: r.id, identifier: r.identifier }),
      ...r,
      supportIntensity: supportIntensity({ grant: r.grant, totalCost: r.totalCost }),
    })),
    next: table.next ? encodeCursor(table.next) : null,
  };
}

export interface ReviewFormState {
  values: { reviewedOn: string; outcome: string; comment: string };
  errors: Array<{ field: string; label: string; message: string }>;
}

const FORM_LABELS: Record<string, string> = { reviewedOn: "A felülvizsgálat dátuma", outcome: "Eredmény", comment: "Megjegyzés" };
export const reviewFieldLabel = (field: string) => FORM_LABELS[field] ?? field;

export function reviewProjectPage(review: ProjectReview, form: ReviewFormState, options: { saved: boolean }) {
  const { project, reviews } = review;
  const heading = { id: project.id, identifier: project.record.identifier, title: project.record.title };
  const funding = project.currentFunding;
  const latest = reviews[0];
  return {
    pageTitle: `${form.errors.length > 0 ? "Hiba: " : ""}Pénzügyi felülvizsgálat – ${project.record.title}`,
    project: {
      title: project.record.title,
      reference: projectKey(heading),
      href: staffPath(heading),
      historyHref: historyPath(heading),
      version: project.version,
    },
    tableHref: REVIEW_TABLE_PATH,
    figures: {
      totalCost: money(funding.totalCost),
      grant: money(funding.grant),
      grantPaid: money(project.record.funding.grantPaid),
      ownContribution: money(funding.ownContribution),
      intensity: intensity(funding.grant, funding.totalCost),
      contracted: {
        totalCost: money(project.record.funding.totalCost),
        grant: money(project.record.funding.grant),
        ownContribution: money(project.record.funding.ownContribution),
      },
      partners: project.partnersInForce.map((p) => ({ name: p.organisation.name, share: money(p.grantShare) })),
      amendments: formatNumber(project.record.amendments.length),
    },
    findings: project.findings.map(findingView),
    changedSinceReview: review.changedSinceReview,
    latest: latest ? { on: day(latest.reviewedOn), outcome: REVIEW_OUTCOME_LABELS[latest.outcome], actor: latest.actor } : null,
    changes: review.changes ? entryViews(review.changes.entries, heading, review.changes.records) : [],
    reviews: reviews.map((r) => ({
      on: day(r.reviewedOn),
      outcome: REVIEW_OUTCOME_LABELS[r.outcome],
      questions: r.outcome === "questions",
      comment: r.comment,
      actor: r.actor,
      recorded: formatMoment(r.createdAt),
      version: r.projectVersion,
    })),
    saved: options.saved,
    form: {
      ...form.values,
      accepted: form.values.outcome === "accepted",
      questions: form.values.outcome === "questions",
      errors: form.errors,
      errorOf: Object.fromEntries(form.errors.map((e) => [e.field, e.message])),
    },
  };
}
