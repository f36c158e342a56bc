/** Consistency findings in Hungarian, for the auditor's view of a project. */
import type { Finding, FindingCode, FindingParams } from "../domain/findings.js";
import { formatForints as ft } from "../rendering/numbers.js";
import { itemSummary } from "./closurePresenter.js";

type Wording = { [C in FindingCode]: (params: FindingParams[C]) => string };

const WORDING: Wording = {
  funding_sum_mismatch: ({ grant, ownContribution, sum, totalCost, difference, explanation }) =>
    `A támogatás (${ft(grant)}) és az önerő (${ft(ownContribution)}) összege ${ft(sum)}, az összköltség viszont ${ft(totalCost)}: az eltérés ${ft(difference)}.` +
    (explanation ? ` Megmagyarázva: ${explanation}` : ""),
  grant_exceeds_total_cost: ({ grant, totalCost }) => `A támogatás (${ft(grant)}) nagyobb, mint az összköltség (${ft(totalCost)}).`,
  partner_shares_exceed_grant: ({ sharesSum, grant }) =>
    `A konzorciumi partnerek támogatásrészeinek összege (${ft(sharesSum)}) meghaladja a támogatást (${ft(grant)}).`,
  partner_shares_mismatch: ({ sharesSum, grant }) =>
    `A konzorciumi partnerek támogatásrészeinek összege (${ft(sharesSum)}) eltér a támogatástól (${ft(grant)}).`,
  planned_end_before_start: () => "A tervezett befejezés korábbi, mint a kezdés dátuma.",
  actual_end_before_start: () => "A tényleges befejezés korábbi, mint a kezdés dátuma.",
  actual_end_missing: ({ status }) =>
    `A projekt ${status === "closed" ? "lezárt" : "befejezett"}, de a tényleges befejezés dátuma hiányzik.`,
  closing_notice_missing: () => "A projekt lezárt, de nincs közzétett záró közlemény.",
  funding_incomplete: () => "A támogatás vagy az összköltség nincs megadva.",
  irregular_call_code: () => "A felhívás kódja nem a szokásos alakú; a megadott formában tároltuk.",
  closure_item_unmet: ({ item, gaps }) => `A projekt lezárt, de egy zárási feltétel nem teljesül: ${itemSummary({ code: item, passed: false, gaps })}`,
};

/** The Hungarian sentence for a finding. */
export function findingMessage<C extends FindingCode>(finding: Finding<C>): string {
  return WORDING[finding.code](finding.params);
}

/** A finding as the project page shows it. */
export function findingView(finding: Finding) {
  return { code: finding.code, severity: finding.severity, message: findingMessage(finding) };
}
