/**
 * Funding figures change by contract amendment (szerződésmódosítás). The
 * contract's figures stay as signed; the figures in force are the contract's
 * as each amendment, in order of effective date, left them.
 */
import { firstDay } from "./dates.js";
import type { Funding, FundingAmendment, Organisation, Partner } from "./project.js";

export interface FiguresInForce {
  totalCost: number | null;
  grant: number | null;
  ownContribution: number | null;
}

/** Amendments in the order they took effect (ties keep the order given). */
export function inEffectOrder<T extends Pick<FundingAmendment, "effectiveDate">>(amendments: readonly T[]): T[] {
  return amendments
    .map((amendment, index) => ({ amendment, index, day: firstDay(amendment.effectiveDate) }))
    .sort((a, b) => (a.day === b.day ? a.index - b.index : a.day < b.day ? -1 : 1))
    .map(({ amendment }) => amendment);
}

export function figuresInForce(contract: Funding, amendments: readonly FundingAmendment[]): FiguresInForce {
  const figures: FiguresInForce = {
    totalCost: contract.totalCost,
    grant: contract.grant,
    ownContribution: contract.ownContribution,
  };
  for (const amendment of inEffectOrder(amendments)) {
    if (amendment.totalCost !== null) figures.totalCost = amendment.totalCost;
    if (amendment.grant !== null) figures.grant = amendment.grant;
    if (amendment.ownContribution !== null) figures.ownContribution = amendment.ownContribution;
  }
  return figures;
}

const sameOrganisation = (a: Organisation, b: Organisation) =>
  a.taxNumber && b.taxNumber ? a.taxNumber === b.taxNumber : a.name === b.name;

/** The partners with the grant shares the amendments, in order of effective date, left them. */
export function partnersInForce<P extends Pick<Partner, "organisation" | "grantShare">>(
  partners: readonly P[],
  amendments: readonly FundingAmendment[],
): P[] {
  const result = partners.map((p) => ({ ...p }));
  for (const amendment of inEffectOrder(amendments)) {
    for (const share of amendment.partnerShares) {
      const partner = result.find((p) => sameOrganisation(p.organisation, share.organisation));
      if (partner) partner.grantShare = share.grantShare;
    }
  }
  return result;
}

/** Grant + own contribution − total cost (0 when the figures add up), or null while one of them is unknown. */
export function figuresGap({ totalCost, grant, ownContribution }: FiguresInForce): number | null {
  return grant === null || ownContribution === null || totalCost === null ? null : grant + ownContribution - totalCost;
}
