/**
 * A new project's finding count is worked out before its row is written (services/projectWriter.ts), on the
 * record read back from the rows about to be stored; a stored project's is recounted after its write. Either
 * way the count on the row must be what the project's findings, computed afresh from what is stored, number.
 */
import { expect } from "chai";
import fc from "fast-check";
import type { Database } from "../../server/data/database.js";
import { countFindings } from "../../server/data/findingCounts.js";
import { openTestDatabase } from "../helpers/database.js";
import { services } from "../helpers/writes.js";
import { fileOf, projectDoc } from "../factories/projectFile.js";

const money = fc.option(fc.integer({ min: 0, max: 200 }).map((m) => m * 500_000), { nil: null });
const day = fc.integer({ min: 0, max: 3_000 }).map((n) => new Date(Date.UTC(2016, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
const LEAD = { name: "Vezető Önkormányzat" };
const organisation = fc.constantFrom(
  LEAD,
  { name: "Társ Egyesület" },
  { name: "Társ Egyesület", taxNumber: "18123456-1-13" },
  { name: "Harmadik Kft.", taxNumber: "12345676-2-41" },
);

let serial = 0;

/** A project whose figures, shares, dates, notices and closure items may or may not add up; known by identifier or by call and title. */
const project = fc
  .record({
    identified: fc.boolean(),
    status: fc.constantFrom("planned", "contracted", "in_progress", "completed", "closed"),
    call: fc.constantFrom("TOP-1.1.1-15", "GINOP_PLUSZ-1.2.2-22", "VEKOP-7.3.4-17"),
    funding: fc.record({ totalCost: money, grant: money, ownContribution: money }),
    leadShare: money,
    members: fc.uniqueArray(fc.record({ organisation: organisation.filter((o) => o !== LEAD), grantShare: money }), {
      maxLength: 2,
      selector: (p) => p.organisation.name,
    }),
    amendments: fc.array(
      fc.record({
        effectiveDate: day,
        grant: money,
        totalCost: money,
        partnerShares: fc.uniqueArray(fc.record({ organisation, grantShare: fc.integer({ min: 0, max: 50 }).map((m) => m * 1_000_000) }), {
          maxLength: 2,
          selector: (s) => s.organisation.name,
        }),
      }),
      { maxLength: 3 },
    ),
    dates: fc.record({ start: fc.option(day, { nil: null }), plannedEnd: fc.option(day, { nil: null }), actualEnd: fc.option(day, { nil: null }) }),
    notices: fc.array(
      fc.record({
        kind: fc.constantFrom("closing", "progress"),
        publishedAt: fc.option(fc.constantFrom("2020-03-01", "2099-01-01"), { nil: null }),
      }),
      { maxLength: 2 },
    ),
    indicators: fc.array(fc.record({ achieved: fc.option(fc.integer({ min: 0, max: 50 }), { nil: null }) }), { maxLength: 2 }),
    deliverables: fc.array(fc.record({ delivered: fc.boolean() }), { maxLength: 2 }),
    funds: fc.subarray(["ERFA", "ESZA+"]),
  })
  .map((p) =>
    projectDoc({
      identifier: p.identified ? `${p.call}-2023-${String(++serial).padStart(5, "0")}` : null,
      title: `Felújítás ${++serial}`,
      status: p.status,
      call: { code: p.call },
      beneficiary: { name: "Vezető Önkormányzat" },
      funding: p.funding,
      partners: [
        { ...LEAD, role: "lead", grantShare: p.leadShare },
        ...p.members.map((x) => ({ ...x.organisation, role: "member", grantShare: x.grantShare })),
      ],
      amendments: p.amendments.map((a, i) => ({
        effectiveDate: a.effectiveDate,
        reference: `${i + 1}. módosítás`,
        grant: a.grant,
        totalCost: a.totalCost,
        partnerShares: a.partnerShares.map((s) => ({ ...s.organisation, grantShare: s.grantShare })),
      })),
      dates: p.dates,
      notices: p.notices.map((n, i) => ({ kind: n.kind, title: `Közlemény ${i + 1}`, body: "Szöveg.", publishedAt: n.publishedAt })),
      indicators: p.indicators.map((x, i) => ({ name: `Mutató ${i + 1}`, unit: "db", target: 10, achieved: x.achieved })),
      deliverables: p.deliverables.map((d, i) => ({ title: `Eredmény ${i + 1}`, kind: "other", dueDate: "2020-12", deliveredDate: d.delivered ? "2020-12" : null })),
      funds: p.funds,
    }),
  );

async function mismatches(db: Database): Promise<Array<{ identifier: string; stored: number; counted: number }>> {
  const rows: Array<{ id: number; identifier: string; finding_count: number }> = await db.knex("projects").select("id", "identifier", "finding_count");
  const counted = await countFindings(db.knex, rows.map((r) => r.id));
  return rows.filter((r) => counted.get(r.id) !== r.finding_count).map((r) => ({ identifier: r.identifier, stored: r.finding_count, counted: counted.get(r.id)! }));
}

describe("finding counts stored with a project's write", () => {
  let db: Database;
  before(async () => {
    db = await openTestDatabase();
  });
  after(async () => {
    await db.close();
  });

  it("are the number of findings the stored project has, for new and for changed projects alike", async () => {
    const imported: Array<Record<string, unknown>> = [];
    await fc.assert(
      fc.asyncProperty(fc.array(project, { minLength: 1, maxLength: 6 }), async (docs) => {
        await services(db).importer.importDocument(fileOf(...docs), "import:findings.json");
        imported.push(...docs);
        expect(await mismatches(db), "new projects").to.deep.equal([]);
      }),
      { seed: 9, numRuns: 25 },
    );
    // The same projects written again with their figures changed: stored projects, recounted after the write.
    const changed = imported.map((doc) => ({ ...doc, funding: { totalCost: 1_000_000, grant: 2_000_000, ownContribution: null } }));
    await services(db).importer.importDocument(fileOf(...changed), "import:findings-changed.json");
    expect(await mismatches(db), "changed projects").to.deep.equal([]);

    const counts: number[] = await db.knex("projects").pluck("finding_count");
    expect(new Set(counts).size, "the portfolio has projects with different numbers of findings").to.be.greaterThan(2);
  });
});
