import { expect } from "chai";
import { parsePartialDate } from "../../server/domain/dates.js";
import { findInconsistencies, type FindingInput } from "../../server/domain/findings.js";

function input(overrides: Partial<FindingInput> = {}): FindingInput {
  return {
    status: "in_progress",
    funding: { totalCost: 100_000_000, grant: 90_000_000, ownContribution: 10_000_000 },
    dates: { start: parsePartialDate("2020-01-01"), plannedEnd: parsePartialDate("2021-12-31"), actualEnd: null },
    partners: [],
    notices: [],
    callCodeIrregular: false,
    ...overrides,
  };
}

const codes = (i: FindingInput) => findInconsistencies(i).map((f) => f.code);
const only = (i: FindingInput) => {
  const found = findInconsistencies(i);
  expect(found).to.have.length(1);
  return found[0];
};

describe("consistency findings", () => {
  it("finds nothing in a consistent project", () => {
    expect(findInconsistencies(input())).to.deep.equal([]);
  });

  it("flags grant + own contribution that does not add up to the total cost, with the amounts and the difference", () => {
    expect(only(input({ funding: { totalCost: 312_400_000, grant: 300_000_000, ownContribution: 10_000_000 } }))).to.deep.equal({
      code: "funding_sum_mismatch",
      severity: "error",
      params: { grant: 300_000_000, ownContribution: 10_000_000, sum: 310_000_000, totalCost: 312_400_000, difference: 2_400_000, explanation: null },
    });
    const over = only(input({ funding: { totalCost: 100, grant: 90, ownContribution: 15 } }));
    expect(over?.params).to.include({ sum: 105, difference: 5 });
  });

  it("keeps an explained funding mismatch, marked explained and as a warning", () => {
    const explained = only(
      input({ funding: { totalCost: 312_400_000, grant: 300_000_000, ownContribution: 10_000_000 }, fundingExplanation: "Nem elszámolható ÁFA" }),
    );
    expect(explained).to.deep.include({ code: "funding_sum_mismatch", severity: "warning" });
    expect(explained?.params).to.include({ explanation: "Nem elszámolható ÁFA" });
  });

  it("flags a grant above the total cost", () => {
    expect(findInconsistencies(input({ funding: { totalCost: 100, grant: 120, ownContribution: null } }))).to.deep.equal([
      { code: "grant_exceeds_total_cost", severity: "error", params: { grant: 120, totalCost: 100 } },
    ]);
  });

  it("compares partner shares with the grant", () => {
    const funding = { totalCost: 500, grant: 500, ownContribution: 0 };
    expect(only(input({ funding, partners: [{ grantShare: 300 }, { grantShare: 300 }] }))).to.deep.equal({
      code: "partner_shares_exceed_grant",
      severity: "error",
      params: { sharesSum: 600, grant: 500 },
    });
    expect(only(input({ funding, partners: [{ grantShare: 300 }, { grantShare: 100 }] }))).to.deep.equal({
      code: "partner_shares_mismatch",
      severity: "warning",
      params: { sharesSum: 400, grant: 500 },
    });
    expect(codes(input({ funding, partners: [{ grantShare: 300 }, { grantShare: null }] }))).to.deep.equal([]);
    expect(codes(input({ funding, partners: [{ grantShare: 300 }, { grantShare: 200 }] }))).to.deep.equal([]);
  });

  it("flags an end before the start, with both dates as ISO text at their precision, but not an uncertain one", () => {
    const start = parsePartialDate("2024-07-01");
    expect(only(input({ dates: { start, plannedEnd: parsePartialDate("2024-03-31"), actualEnd: null } }))).to.deep.equal({
      code: "planned_end_before_start",
      severity: "error",
      params: { end: "2024-03-31", start: "2024-07-01" },
    });
    expect(codes(input({ dates: { start, plannedEnd: parsePartialDate("2024"), actualEnd: null } }))).to.deep.equal([]);
    expect(only(input({ dates: { start, plannedEnd: null, actualEnd: parsePartialDate("2023") } }))).to.deep.equal({
      code: "actual_end_before_start",
      severity: "error",
      params: { end: "2023", start: "2024-07-01" },
    });
  });

  it("requires an actual end and a published closing notice on a closed project", () => {
    expect(findInconsistencies(input({ status: "closed" }))).to.deep.equal([
      { code: "actual_end_missing", severity: "error", params: { status: "closed" } },
      { code: "closing_notice_missing", severity: "warning", params: {} },
    ]);
    const draftOnly = input({ status: "closed", notices: [{ kind: "closing", publishedAt: null }] });
    expect(codes(draftOnly)).to.include("closing_notice_missing");
    const published = input({
      status: "closed",
      dates: { ...input().dates, actualEnd: parsePartialDate("2021-12-31") },
      notices: [{ kind: "closing", publishedAt: "2022-01-10T08:00:00.000Z" }],
    });
    expect(codes(published)).to.deep.equal([]);
  });

  it("warns about a completed project without an actual end, missing funding and an irregular call code", () => {
    expect(findInconsistencies(input({ status: "completed" }))).to.deep.equal([
      { code: "actual_end_missing", severity: "warning", params: { status: "completed" } },
    ]);
    expect(only(input({ funding: { totalCost: null, grant: 100, ownContribution: null } }))).to.deep.equal({
      code: "funding_incomplete",
      severity: "warning",
      params: {},
    });
    expect(only(input({ callCodeIrregular: true }))).to.deep.equal({ code: "irregular_call_code", severity: "warning", params: {} });
  });

  it("lists errors before warnings", () => {
    const found = findInconsistencies(input({ status: "closed", funding: { totalCost: 10, grant: 5, ownContribution: 1 } }));
    const severities = found.map((f) => f.severity);
    expect(severities).to.have.members(["error", "error", "warning"]);
    expect(severities).to.deep.equal([...severities].sort());
  });

  it("carries no wording and no formatting: only codes and raw values", () => {
    const everything = findInconsistencies(
      input({
        status: "closed",
        funding: { totalCost: 1_000_000, grant: 1_200_000, ownContribution: 1 },
        dates: { start: parsePartialDate("2024-07-01"), plannedEnd: parsePartialDate("2024-03"), actualEnd: null },
        partners: [{ grantShare: 2_000_000 }],
        callCodeIrregular: true,
      }),
    );
    expect(everything).to.have.length(7);
    for (const finding of everything) {
      expect(Object.keys(finding)).to.have.members(["code", "severity", "params"]);
      for (const value of Object.values(finding.params)) {
        expect(value).to.satisfy((v: unknown) => typeof v === "number" || /^[a-z_]+$|^\d{4}(-\d{2}){0,2}$/.test(String(v)));
      }
    }
  });
});
