/**
 * The consistency checks an auditor needs, as a list of findings. A finding
 * never blocks saving: historic records are often inconsistent, and the point
 * is that the inconsistency is seen at once.
 *
 * A finding is a fact: a code and the raw values behind it (forints as
 * integers, dates as ISO text). Wording and formatting belong to the
 * presenters.
 */
import { isCertainlyBefore, toIsoText, type PartialDate } from "./dates.js";
import { closureChecklist, type ClosureChecklist, type ClosureGap, type ClosureItemCode } from "./closure.js";
import { figuresGap } from "./funding.js";
import type { ProjectRecord, StoredProject } from "./project.js";
import { isPublished } from "./visibility.js";

export type Severity = "error" | "warning";

/** The values each finding carries, by code. */
export interface FindingParams {
  funding_sum_mismatch: {
    grant: number;
    ownContribution: number;
    sum: number;
    totalCost: number;
    difference: number;
    /** Why the figures differ, when someone recorded it: the finding stays, marked explained. */
    explanation: string | null;
  };
  grant_exceeds_total_cost: { grant: number; totalCost: number };
  partner_shares_exceed_grant: { sharesSum: number; grant: number };
  partner_shares_mismatch: { sharesSum: number; grant: number };
  planned_end_before_start: { end: string; start: string };
  actual_end_before_start: { end: string; start: string };
  actual_end_missing: { status: "closed" | "completed" };
  closing_notice_missing: Record<string, never>;
  funding_incomplete: Record<string, never>;
  irregular_call_code: Record<string, never>;
  /** A closed project fails an item of its closure checklist (a historic one, or closed by an admin with a reason). */
  closure_item_unmet: { item: ClosureItemCode; gaps: ClosureGap[] };
}

export type FindingCode = keyof FindingParams;

/** One finding; `Finding<C>` narrows to a code, `Finding` is any of them. */
export type Finding<C extends FindingCode = FindingCode> = {
  [K in C]: { code: K; severity: Severity; params: FindingParams[K] };
}[C];

type Check = (project: FindingInput) => Finding | Finding[] | null;

/** What the checks read: a project record, plus whether its call code is irregular. */
export interface FindingInput {
  status: ProjectRecord["status"];
  funding: { totalCost: number | null; grant: number | null; ownContribution: number | null };
  dates: Pick<ProjectRecord["dates"], "start" | "plannedEnd" | "actualEnd">;
  partners: Array<{ grantShare: number | null }>;
  notices: Array<{ kind: string; publishedAt: string | null }>;
  callCodeIrregular: boolean;
  /** The recorded reason why grant + own contribution differs from the total cost, if any. */
  fundingExplanation?: string | null;
  /** The project's closure checklist, when known: a closed project's unmet items are findings. */
  closure?: ClosureChecklist;
}

const fundingSum: Check = ({ funding, fundingExplanation }) => {
  const gap = figuresGap(funding);
  if (gap === null || gap === 0) return null;
  const { grant, ownContribution, totalCost } = funding as { grant: number; ownContribution: number; totalCost: number };
  const explanation = fundingExplanation ?? null;
  return {
    code: "funding_sum_mismatch",
    severity: explanation ? "warning" : "error",
    params: { grant, ownContribution, sum: grant + ownContribution, totalCost, difference: Math.abs(gap), explanation },
  };
};

const grantAboveTotal: Check = ({ funding: { grant, totalCost } }) =>
  grant !== null && totalCost !== null && grant > totalCost
    ? { code: "grant_exceeds_total_cost", severity: "error", params: { grant, totalCost } }
    : null;

const partnerShares: Check = ({ partners, funding: { grant } }) => {
  const shares = partners.map((p) => p.grantShare).filter((s): s is number => s !== null);
  if (grant === null || shares.length === 0) return null;
  const sharesSum = shares.reduce((a, b) => a + b, 0);
  const allKnown = shares.length === partners.length;
  if (sharesSum > grant) {
    return { code: "partner_shares_exceed_grant", severity: "error", params: { sharesSum, grant } };
  }
  if (allKnown && sharesSum !== grant) {
    return { code: "partner_shares_mismatch", severity: "warning", params: { sharesSum, grant } };
  }
  return null;
};

function endBefore(
  code: "planned_end_before_start" | "actual_end_before_start",
  end: PartialDate | null,
  start: PartialDate | null,
): Finding | null {
  return end && start && isCertainlyBefore(end, start)
    ? { code, severity: "error", params: { end: toIsoText(end), start: toIsoText(start) } }
    : null;
}

const datesInOrder: Check = ({ dates }) =>
  [
    endBefore("planned_end_before_start", dates.plannedEnd, dates.start),
    endBefore("actual_end_before_start", dates.actualEnd, dates.start),
  ].filter((f): f is Finding => f !== null);

const closedHasActualEnd: Check = ({ status, dates }) => {
  if (dates.actualEnd !== null || (status !== "closed" && status !== "completed")) return null;
  return { code: "actual_end_missing", severity: status === "closed" ? "error" : "warning", params: { status } };
};

const closedHasClosingNotice: Check = ({ status, notices }) =>
  status === "closed" && !notices.some((n) => n.kind === "closing" && isPublished(n))
    ? { code: "closing_notice_missing", severity: "warning", params: {} }
    : null;

const fundingKnown: Check = ({ status, funding }) =>
  status !== "planned" && status !== "withdrawn" && (funding.grant === null || funding.totalCost === null)
    ? { code: "funding_incomplete", severity: "warning", params: {} }
    : null;

const regularCallCode: Check = ({ callCodeIrregular }) =>
  callCodeIrregular ? { code: "irregular_call_code", severity: "warning", params: {} } : null;

/** Items with findings of their own (the actual end, the closing notice) are not repeated. */
const OWN_FINDINGS: ReadonlySet<ClosureItemCode> = new Set(["actual_end", "closing_notice"]);

const closedMeetsChecklist: Check = ({ status, closure }) =>
  status !== "closed" || !closure
    ? null
    : closure.items
        .filter((item) => !item.passed && !OWN_FINDINGS.has(item.code))
        .map((item) => ({ code: "closure_item_unmet", severity: "warning", params: { item: item.code, gaps: item.gaps } }));

const CHECKS: Check[] = [
  fundingSum,
  grantAboveTotal,
  partnerShares,
  datesInOrder,
  closedHasActualEnd,
  closedHasClosingNotice,
  closedMeetsChecklist,
  fundingKnown,
  regularCallCode,
];

/** Every consistency finding for a project, errors first. */
export function findInconsistencies(project: FindingInput): Finding[] {
  const findings = CHECKS.flatMap((check) => {
    const result = check(project);
    return result === null ? [] : Array.isArray(result) ? result : [result];
  });
  return findings.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1));
}

/** What the findings of a stored project are worked out from. */
export type FindingSource = Pick<StoredProject, "record" | "currentFunding" | "partnersInForce" | "callRegular">;

/** The consistency findings of a stored project, on the figures and partner shares in force, and its checklist (as of now unless given). */
export function findingsOf(stored: FindingSource, closure: ClosureChecklist = closureChecklist(stored.record, stored.currentFunding, new Date())): Finding[] {
  return findInconsistencies({
    ...stored.record,
    funding: stored.currentFunding,
    partners: stored.partnersInForce,
    callCodeIrregular: !stored.callRegular,
    fundingExplanation: stored.record.funding.explanation,
    closure,
  });
}
