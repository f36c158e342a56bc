/**
 * The consistency checks an auditor needs, as a list of findings. A finding
 * never blocks saving: historic records are often inconsistent, and the point
 * is that the inconsistency is seen at once.
 */
import { isCertainlyBefore, type PartialDate } from "./dates.js";
import { formatForints as ft } from "./money.js";
import type { ProjectRecord } from "./project.js";

export type Severity = "error" | "warning";

export interface Finding {
  code: string;
  severity: Severity;
  message: string;
}

type Check = (project: FindingInput) => Finding | Finding[] | null;

/** What the checks read: a project record, plus whether its call code is irregular. */
export interface FindingInput {
  status: ProjectRecord["status"];
  funding: { totalCost: number | null; grant: number | null; ownContribution: number | null };
  dates: Pick<ProjectRecord["dates"], "start" | "plannedEnd" | "actualEnd">;
  partners: Array<{ grantShare: number | null }>;
  notices: Array<{ kind: string; publishedAt: string | null }>;
  callCodeIrregular: boolean;
}

const fundingSum: Check = ({ funding: { grant, ownContribution, totalCost } }) => {
  if (grant === null || ownContribution === null || totalCost === null) return null;
  const sum = grant + ownContribution;
  if (sum === totalCost) return null;
  return {
    code: "funding_sum_mismatch",
    severity: "error",
    message: `A támogatás (${ft(grant)}) és az önerő (${ft(ownContribution)}) összege ${ft(sum)}, az összköltség viszont ${ft(totalCost)}: az eltérés ${ft(Math.abs(sum - totalCost))}.`,
  };
};

const grantAboveTotal: Check = ({ funding: { grant, totalCost } }) =>
  grant !== null && totalCost !== null && grant > totalCost
    ? {
        code: "grant_exceeds_total_cost",
        severity: "error",
        message: `A támogatás (${ft(grant)}) nagyobb, mint az összköltség (${ft(totalCost)}).`,
      }
    : null;

const partnerShares: Check = ({ partners, funding: { grant } }) => {
  const shares = partners.map((p) => p.grantShare).filter((s): s is number => s !== null);
  if (grant === null || shares.length === 0) return null;
  const sum = shares.reduce((a, b) => a + b, 0);
  const allKnown = shares.length === partners.length;
  if (sum > grant) {
    return {
      code: "partner_shares_exceed_grant",
      severity: "error",
      message: `A konzorciumi partnerek támogatásrészeinek összege (${ft(sum)}) meghaladja a támogatást (${ft(grant)}).`,
    };
  }
  if (allKnown && sum !== grant) {
    return {
      code: "partner_shares_mismatch",
      severity: "warning",
      message: `A konzorciumi partnerek támogatásrészeinek összege (${ft(sum)}) eltér a támogatástól (${ft(grant)}).`,
    };
  }
  return null;
};

function endBefore(end: PartialDate | null, start: PartialDate | null, code: string, label: string): Finding | null {
  return end && start && isCertainlyBefore(end, start)
    ? { code, severity: "error", message: `A ${label} korábbi, mint a kezdés dátuma.` }
    : null;
}

const datesInOrder: Check = ({ dates }) =>
  [
    endBefore(dates.plannedEnd, dates.start, "planned_end_before_start", "tervezett befejezés"),
    endBefore(dates.actualEnd, dates.start, "actual_end_before_start", "tényleges befejezés"),
  ].filter((f): f is Finding => f !== null);

const closedHasActualEnd: Check = ({ status, dates }) => {
  if (dates.actualEnd !== null || (status !== "closed" && status !== "completed")) return null;
  return {
    code: "actual_end_missing",
    severity: status === "closed" ? "error" : "warning",
    message: `A projekt ${status === "closed" ? "lezárt" : "befejezett"}, de a tényleges befejezés dátuma hiányzik.`,
  };
};

const closedHasClosingNotice: Check = ({ status, notices }) =>
  status === "closed" && !notices.some((n) => n.kind === "closing" && n.publishedAt !== null)
    ? {
        code: "closing_notice_missing",
        severity: "warning",
        message: "A projekt lezárt, de nincs közzétett záró közlemény.",
      }
    : null;

const fundingKnown: Check = ({ status, funding }) =>
  status !== "planned" && status !== "withdrawn" && (funding.grant === null || funding.totalCost === null)
    ? {
        code: "funding_incomplete",
        severity: "warning",
        message: "A támogatás vagy az összköltség nincs megadva.",
      }
    : null;

const regularCallCode: Check = ({ callCodeIrregular }) =>
  callCodeIrregular
    ? {
        code: "irregular_call_code",
        severity: "warning",
        message: "A felhívás kódja nem a szokásos alakú; a megadott formában tároltuk.",
      }
    : null;

const CHECKS: Check[] = [
  fundingSum,
  grantAboveTotal,
  partnerShares,
  datesInOrder,
  closedHasActualEnd,
  closedHasClosingNotice,
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
