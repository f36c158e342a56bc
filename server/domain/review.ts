/**
 * The auditor's funding review: what an auditor reviews, and which changes
 * make a review out of date. One rule, read by the write path (which keeps the
 * project's figures_version) and by the review page (which shows the changes
 * made since the review, from the audit trail).
 */
import type { ChangeSet, FieldChanges, RecordChange } from "./audit.js";
import type { ProjectStatus } from "./project.js";

export const REVIEW_OUTCOMES = ["accepted", "questions"] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

/** How the review table may be ordered and filtered. */
export const REVIEW_SORTS = ["identifier", "total_cost", "grant", "grant_paid", "own_contribution", "amendments", "findings"] as const;
export type ReviewSort = (typeof REVIEW_SORTS)[number];
export const REVIEW_STATES = ["changed", "unreviewed", "current"] as const;
/** changed: figures changed since the latest review; unreviewed: never reviewed; current: reviewed, unchanged since. */
export type ReviewState = (typeof REVIEW_STATES)[number];

export interface ReviewTableFilter {
  programme?: string;
  status?: ProjectStatus;
  review?: ReviewState;
  /** true: only projects with findings; false: only those without. */
  findings?: boolean;
}

export interface ReviewTableQuery {
  filter: ReviewTableFilter;
  sort: ReviewSort;
  descending: boolean;
  /** The sort key and id of the last row of the previous page. */
  after: { value: string | number | null; id: number } | null;
  limit: number;
}

/** The project's own reviewed figures, as the audit trail names them: contracted, in force, paid. */
export const REVIEWED_FIELDS: ReadonlySet<string> = new Set([
  "contracted_total_cost",
  "contracted_grant",
  "contracted_own_contribution",
  "total_cost",
  "grant_amount",
  "own_contribution",
  "grant_paid",
]);

/**
 * Records whose changes change the figures: every change of an amendment (it is the figures' history),
 * and a partner's grant share (a partner's name or role is not a figure).
 */
const REVIEWED_RECORD_FIELDS: Record<string, ((field: string) => boolean) | undefined> = {
  funding_amendment: () => true,
  partner: (field) => field === "grant_share",
};

function reviewedRecord(change: RecordChange): RecordChange | null {
  const reviewed = REVIEWED_RECORD_FIELDS[change.entity];
  if (!reviewed) return null;
  const fields = Object.fromEntries(Object.entries(change.fields).filter(([field]) => reviewed(field))) as FieldChanges;
  return Object.keys(fields).length > 0 ? { ...change, fields } : null;
}

/** The part of a change-set that touches reviewed figures (empty when none does). */
export function reviewedChanges(changes: ChangeSet): ChangeSet {
  return {
    fields: Object.fromEntries(Object.entries(changes.fields).filter(([field]) => REVIEWED_FIELDS.has(field))) as FieldChanges,
    records: (changes.records ?? []).flatMap((r) => reviewedRecord(r) ?? []),
  };
}

export function touchesReviewedFigures(changes: ChangeSet): boolean {
  const reviewed = reviewedChanges(changes);
  return Object.keys(reviewed.fields).length > 0 || (reviewed.records ?? []).length > 0;
}

