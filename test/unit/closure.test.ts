import { expect } from "chai";
import { closureChecklist, type ClosureInput, type ClosureItemCode } from "../../server/domain/closure.js";
import { parsePartialDate } from "../../server/domain/dates.js";
import { endDelay } from "../../server/domain/endDate.js";
import { achievedPercent } from "../../server/domain/closureReport.js";

const NOW = new Date("2026-11-25T12:00:00Z");
const figures = { totalCost: 10_000_000, grant: 7_000_000, ownContribution: 3_000_000 };

/** A project that meets every item; each test breaks one. */
function ready(overrides: Partial<ClosureInput> = {}): ClosureInput {
  return {
    dates: { actualEnd: parsePartialDate("2025-06-30") },
    funding: { grantPaid: 6_900_000, explanation: null },
    deliverables: [
      { uid: "d1", title: "Tanulmány", deliveredDate: parsePartialDate("2025-05-01"), notDeliveredReason: null },
      { uid: "d2", title: "Kézikönyv", deliveredDate: null, notDeliveredReason: "A megrendelő visszavonta." },
    ],
    events: [{ uid: "e1", title: "Regionális konferenciák", count: 6, held: 6 }],
    indicators: [{ uid: "i1", name: "Képzett munkatársak", achieved: 120 }],
    notices: [{ uid: "n1", kind: "closing", publishedAt: "2025-07-10T08:00:00.000Z" }],
    publishedFrom: parsePartialDate("2023-01-01"),
    ...overrides,
  };
}

const item = (input: ClosureInput, code: ClosureItemCode, f = figures) => closureChecklist(input, f, NOW).items.find((i) => i.code === code)!;

describe("the closure checklist", () => {
  it("passes every item of a project ready to close", () => {
    const checklist = closureChecklist(ready(), figures, NOW);
    expect(checklist.passed).to.equal(true);
    expect(checklist.items.map((i) => [i.code, i.passed])).to.deep.equal([
      ["actual_end", true], ["final_figures", true], ["deliverables", true], ["events", true], ["indicators", true],
      ["closing_notice", true], ["public_page", true],
    ]);
  });

  it("actual end: fails without one", () => {
    expect(item(ready({ dates: { actualEnd: null } }), "actual_end")).to.deep.equal({ code: "actual_end", passed: false, gaps: [{ kind: "actual_end_missing" }] });
  });

  it("final figures: fails on a missing figure, a payment above the grant, or figures that do not add up unexplained", () => {
    expect(item(ready({ funding: { grantPaid: null, explanation: null } }), "final_figures").gaps).to.deep.equal([{ kind: "figure_missing", figure: "grantPaid" }]);
    expect(item(ready(), "final_figures", { ...figures, ownContribution: null as unknown as number }).gaps).to.deep.equal([
      { kind: "figure_missing", figure: "ownContribution" },
    ]);
    expect(item(ready({ funding: { grantPaid: 7_000_001, explanation: null } }), "final_figures").gaps).to.deep.equal([
      { kind: "grant_paid_exceeds_grant", grantPaid: 7_000_001, grant: 7_000_000 },
    ]);
    const off = { ...figures, totalCost: 11_000_000 };
    expect(item(ready(), "final_figures", off).gaps).to.deep.equal([
      { kind: "figures_do_not_add_up", grant: 7_000_000, ownContribution: 3_000_000, totalCost: 11_000_000 },
    ]);
    expect(item(ready({ funding: { grantPaid: 6_900_000, explanation: "Nem elszámolható költség" } }), "final_figures", off).passed).to.equal(true);
  });

  it("deliverables: fails on one neither delivered nor explained", () => {
    const open = { uid: "d3", title: "Módszertan", deliveredDate: null, notDeliveredReason: null };
    expect(item(ready({ deliverables: [...ready().deliverables, open] }), "deliverables").gaps).to.deep.equal([
      { kind: "deliverable_open", uid: "d3", title: "Módszertan" },
    ]);
  });

  it("events: fails while fewer occasions were held than planned, or none recorded", () => {
    const events = [
      { uid: "e1", title: "Konferenciák", count: 6, held: 5 },
      { uid: "e2", title: "Nyitórendezvény", count: 1, held: null },
    ];
    expect(item(ready({ events }), "events").gaps).to.deep.equal([
      { kind: "event_not_held", uid: "e1", title: "Konferenciák", count: 6, held: 5 },
      { kind: "event_not_held", uid: "e2", title: "Nyitórendezvény", count: 1, held: null },
    ]);
  });

  it("indicators: fails on one without an achieved value", () => {
    expect(item(ready({ indicators: [{ uid: "i2", name: "Ügyfelek", achieved: null }] }), "indicators").gaps).to.deep.equal([
      { kind: "indicator_not_measured", uid: "i2", name: "Ügyfelek" },
    ]);
  });

  it("closing notice: fails without one, or while it is a draft or scheduled", () => {
    expect(item(ready({ notices: [] }), "closing_notice").gaps).to.deep.equal([{ kind: "closing_notice_missing", draftUid: null }]);
    expect(item(ready({ notices: [{ uid: "n2", kind: "closing", publishedAt: null }] }), "closing_notice").gaps).to.deep.equal([
      { kind: "closing_notice_missing", draftUid: "n2" },
    ]);
    expect(item(ready({ notices: [{ uid: "n3", kind: "closing", publishedAt: "2027-01-01T00:00:00.000Z" }] }), "closing_notice").passed).to.equal(false);
    expect(item(ready({ notices: [{ uid: "n4", kind: "start", publishedAt: "2023-01-01T00:00:00.000Z" }] }), "closing_notice").passed).to.equal(false);
  });

  it("public page: fails when the project is not public, or not yet", () => {
    expect(item(ready({ publishedFrom: null }), "public_page").gaps).to.deep.equal([{ kind: "not_public", publishedFrom: null }]);
    expect(item(ready({ publishedFrom: parsePartialDate("2026-12-01") }), "public_page").passed).to.equal(false);
  });
});

describe("the delay of the end", () => {
  it("counts days and whole months between planned and actual end", () => {
    expect(endDelay({ plannedEnd: parsePartialDate("2021-03-29"), actualEnd: parsePartialDate("2021-05-13") })).to.deep.equal({ days: 45, months: 1, exact: true });
    expect(endDelay({ plannedEnd: parsePartialDate("2021-03-29"), actualEnd: parsePartialDate("2021-03-19") })).to.deep.equal({ days: -10, months: 0, exact: true });
  });

  it("takes a month or a year at its last day, and says the result is not exact", () => {
    expect(endDelay({ plannedEnd: parsePartialDate("2010-10"), actualEnd: parsePartialDate("2010-11-15") })).to.deep.equal({ days: 15, months: 0, exact: false });
    expect(endDelay({ plannedEnd: null, actualEnd: parsePartialDate("2010-11-15") })).to.equal(null);
  });
});

describe("an indicator's achievement", () => {
  it("is achieved / target in percent, to two decimals", () => {
    expect(achievedPercent({ target: 40, achieved: 42 })).to.equal(105);
    expect(achievedPercent({ target: 3, achieved: 1 })).to.equal(33.33);
    expect(achievedPercent({ target: 0, achieved: 1 })).to.equal(null);
    expect(achievedPercent({ target: 10, achieved: null })).to.equal(null);
  });
});
