import { expect } from "chai";
import { findingMessage, findingView } from "../../server/presenters/findingsPresenter.js";

const NBSP = "\u00a0";
const ft = (digits: string) => `${digits.replaceAll(" ", NBSP)}${NBSP}Ft`;

describe("findings in Hungarian", () => {
  it("words each code, with amounts in forints", () => {
    expect(
      findingMessage({
        code: "funding_sum_mismatch",
        severity: "error",
        params: { grant: 300_000_000, ownContribution: 10_000_000, sum: 310_000_000, totalCost: 312_400_000, difference: 2_400_000, explanation: null },
      }),
    ).to.equal(
      `A támogatás (${ft("300 000 000")}) és az önerő (${ft("10 000 000")}) összege ${ft("310 000 000")}, ` +
        `az összköltség viszont ${ft("312 400 000")}: az eltérés ${ft("2 400 000")}.`,
    );
    expect(
      findingMessage({
        code: "funding_sum_mismatch",
        severity: "warning",
        params: { grant: 90, ownContribution: 5, sum: 95, totalCost: 100, difference: 5, explanation: "Nem elszámolható ÁFA" },
      }),
    ).to.match(/ Megmagyarázva: Nem elszámolható ÁFA$/);
    expect(findingMessage({ code: "grant_exceeds_total_cost", severity: "error", params: { grant: 120_000, totalCost: 100_000 } })).to.equal(
      `A támogatás (${ft("120 000")}) nagyobb, mint az összköltség (${ft("100 000")}).`,
    );
    expect(findingMessage({ code: "partner_shares_exceed_grant", severity: "error", params: { sharesSum: 600_000, grant: 500_000 } })).to.equal(
      `A konzorciumi partnerek támogatásrészeinek összege (${ft("600 000")}) meghaladja a támogatást (${ft("500 000")}).`,
    );
    expect(findingMessage({ code: "partner_shares_mismatch", severity: "warning", params: { sharesSum: 400_000, grant: 500_000 } })).to.equal(
      `A konzorciumi partnerek támogatásrészeinek összege (${ft("400 000")}) eltér a támogatástól (${ft("500 000")}).`,
    );
  });

  it("words the findings about dates and status", () => {
    const dates = { end: "2024-03-31", start: "2024-07-01" };
    expect(findingMessage({ code: "planned_end_before_start", severity: "error", params: dates })).to.equal(
      "A tervezett befejezés korábbi, mint a kezdés dátuma.",
    );
    expect(findingMessage({ code: "actual_end_before_start", severity: "error", params: dates })).to.equal(
      "A tényleges befejezés korábbi, mint a kezdés dátuma.",
    );
    expect(findingMessage({ code: "actual_end_missing", severity: "error", params: { status: "closed" } })).to.equal(
      "A projekt lezárt, de a tényleges befejezés dátuma hiányzik.",
    );
    expect(findingMessage({ code: "actual_end_missing", severity: "warning", params: { status: "completed" } })).to.equal(
      "A projekt befejezett, de a tényleges befejezés dátuma hiányzik.",
    );
    expect(findingMessage({ code: "closing_notice_missing", severity: "warning", params: {} })).to.equal(
      "A projekt lezárt, de nincs közzétett záró közlemény.",
    );
    expect(findingMessage({ code: "funding_incomplete", severity: "warning", params: {} })).to.equal(
      "A támogatás vagy az összköltség nincs megadva.",
    );
    expect(findingMessage({ code: "irregular_call_code", severity: "warning", params: {} })).to.equal(
      "A felhívás kódja nem a szokásos alakú; a megadott formában tároltuk.",
    );
  });

  it("gives the page the code, the severity and the message", () => {
    expect(findingView({ code: "funding_incomplete", severity: "warning", params: {} })).to.deep.equal({
      code: "funding_incomplete",
      severity: "warning",
      message: "A támogatás vagy az összköltség nincs megadva.",
    });
  });
});
