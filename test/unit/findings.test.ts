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

describe("consistency findings", () => {
  it("finds nothing in a consistent project", () => {
    expect(findInconsistencies(input())).to.deep.equal([]);
  });

  it("flags grant + own contribution that does not add up to the total cost, with the difference", () => {
    const [finding] = findInconsistencies(input({ funding: { totalCost: 312_400_000, grant: 300_000_000, ownContribution: 10_000_000 } }));
    expect(finding?.code).to.equal("funding_sum_mismatch");
    expect(finding?.severity).to.equal("error");
    expect(finding?.message).to.contain("2\u00a0400\u00a0000\u00a0Ft");
    expect(finding?.message).to.contain("312\u00a0400\u00a0000\u00a0Ft");
  });

  it("flags a grant above the total cost", () => {
    expect(codes(input({ funding: { totalCost: 100, grant: 120, ownContribution: null } }))).to.include("grant_exceeds_total_cost");
  });

  it("compares partner shares with the grant", () => {
    const funding = { totalCost: 500, grant: 500, ownContribution: 0 };
    expect(codes(input({ funding, partners: [{ grantShare: 300 }, { grantShare: 300 }] }))).to.include("partner_shares_exceed_grant");
    expect(codes(input({ funding, partners: [{ grantShare: 300 }, { grantShare: 100 }] }))).to.include("partner_shares_mismatch");
    expect(codes(input({ funding, partners: [{ grantShare: 300 }, { grantShare: null }] }))).to.deep.equal([]);
    expect(codes(input({ funding, partners: [{ grantShare: 300 }, { grantShare: 200 }] }))).to.deep.equal([]);
  });

  it("flags an end before the start, but not an uncertain one", () => {
    const start = parsePartialDate("2024-07-01");
    expect(codes(input({ dates: { start, plannedEnd: parsePartialDate("2024-03-31"), actualEnd: null } }))).to.include(
      "planned_end_before_start",
    );
    expect(codes(input({ dates: { start, plannedEnd: parsePartialDate("2024"), actualEnd: null } }))).to.deep.equal([]);
    expect(codes(input({ dates: { start, plannedEnd: null, actualEnd: parsePartialDate("2023") } }))).to.include(
      "actual_end_before_start",
    );
  });

  it("requires an actual end and a published closing notice on a closed project", () => {
    const found = findInconsistencies(input({ status: "closed" }));
    expect(found.map((f) => [f.code, f.severity])).to.deep.equal([
      ["actual_end_missing", "error"],
      ["closing_notice_missing", "warning"],
    ]);
    expect(found[0]?.message).to.equal("A projekt lezárt, de a tényleges befejezés dátuma hiányzik.");
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
    expect(findInconsistencies(input({ status: "completed" }))[0]).to.include({ code: "actual_end_missing", severity: "warning" });
    expect(codes(input({ funding: { totalCost: null, grant: 100, ownContribution: null } }))).to.include("funding_incomplete");
    expect(codes(input({ callCodeIrregular: true }))).to.include("irregular_call_code");
  });

  it("lists errors before warnings", () => {
    const found = findInconsistencies(input({ status: "closed", funding: { totalCost: 10, grant: 5, ownContribution: 1 } }));
    const severities = found.map((f) => f.severity);
    expect(severities).to.deep.equal([...severities].sort());
  });
});
