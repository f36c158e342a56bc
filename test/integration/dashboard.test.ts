/** The dashboard's queries on a real database: deadline windows, what is overdue, scope, totals and findings. */
import { expect } from "chai";
import { windowOf, type Deadline } from "../../server/domain/deadlines.js";
import type { Actor } from "../../server/domain/permissions.js";
import { ForbiddenError } from "../../server/errors.js";
import { createDashboardService, LIMITS } from "../../server/services/dashboardService.js";
import { services } from "../helpers/writes.js";
import { useTestDatabase } from "../helpers/database.js";
import { fileOf, projectDoc } from "../factories/projectFile.js";

const TODAY = "2030-06-15";

const manager = (projectIds: number[]): Actor => ({ label: "pm@example.hu", userId: 1, roles: ["project_manager"], projectIds: new Set(projectIds) });
const auditor: Actor = { label: "auditor@example.hu", userId: 2, roles: ["auditor"], projectIds: null };

const describeDeadline = (d: Deadline) => `${d.kind}:${d.title ?? d.obligationKind ?? d.project.title}`;

describe("the dashboard", () => {
  const context = useTestDatabase();
  const ids: Record<string, number> = {};
  const dashboard = () => createDashboardService(context.db);

  before(async () => {
    const docs = {
      watched: projectDoc({
        title: "Figyelt projekt",
        identifier: "KEHOP_PLUSZ-1.2.1-21-2022-00007",
        status: "in_progress",
        dates: { start: "2029-01-01", plannedEnd: "2030-06-10" },
        milestones: [
          { title: "Lejárt mérföldkő", dueDate: "2030-06-01" },
          { title: "Teljesült mérföldkő", dueDate: "2030-06-01", achievedDate: "2030-05-30" },
          { title: "Húsz nap múlva", dueDate: "2030-07-05" },
          { title: "E hónap végéig", dueDate: "2030-06" },
          { title: "Jövőre", dueDate: "2031-03-01" },
        ],
        deliverables: [
          { title: "Negyvenöt nap múlva", kind: "study", dueDate: "2030-07-30" },
          { title: "Elmaradt tanulmány", kind: "study", dueDate: "2030-06-20", notDeliveredReason: "a felhívás megszűnt" },
          { title: "Átadott kézikönyv", kind: "handbook", dueDate: "2030-06-20", deliveredDate: "2030-06-01" },
        ],
        obligations: [
          { kind: "payment_claim", dueDate: "2030-09-01" },
          { kind: "progress_report", dueDate: "2030-05-01", doneDate: "2030-04-28" },
        ],
        funding: { totalCost: "10 000 000 Ft", grant: "7 000 000 Ft", ownContribution: "2 000 000 Ft" },
      }),
      other: projectDoc({
        title: "Másik projekt",
        status: "contracted",
        dates: { plannedEnd: "2030-07-01" },
        milestones: [{ title: "Más projekt mérföldköve", dueDate: "2030-06-20" }],
        funding: { totalCost: "5 000 000 Ft", grant: "5 000 000 Ft", ownContribution: "0 Ft" },
      }),
      closed: projectDoc({
        title: "Lezárt projekt",
        status: "closed",
        dates: { plannedEnd: "2030-06-01", actualEnd: "2030-05-20" },
        funding: { totalCost: "1 000 000 Ft", grant: "800 000 Ft", ownContribution: "200 000 Ft" },
        notices: [{ kind: "closing", title: "Lezárult", body: "…", publishedAt: "2030-05-25" }],
      }),
    };
    await services(context.db).importer.importDocument(fileOf(...Object.values(docs)), "import:test");
    for (const [name, doc] of Object.entries(docs)) {
      ids[name] = (await context.db.knex("projects").where({ title: doc.title }).first("id")).id;
    }
  });

  it("lists what is overdue, latest first, with a planned end the project has overrun", async () => {
    const { overdue } = await dashboard().overview(manager([ids.watched!]), TODAY);
    expect(overdue.map(describeDeadline)).to.deep.equal(["planned_end:Figyelt projekt", "milestone:Lejárt mérföldkő"]);
  });

  it("puts open deadlines into the 30, 60 and 90 day windows, a month-precise date on the month's last day", async () => {
    const { upcoming } = await dashboard().overview(manager([ids.watched!]), TODAY);
    expect(upcoming.map((d) => `${windowOf(d.dueBy, TODAY)} ${describeDeadline(d)}`)).to.deep.equal([
      "days30 milestone:E hónap végéig",
      "days30 milestone:Húsz nap múlva",
      "days60 deliverable:Negyvenöt nap múlva",
      "days90 obligation:payment_claim",
    ]);
    expect(upcoming[0]!.dueBy).to.equal("2030-06-30");
  });

  it("shows a project manager only the assigned projects, an auditor all of them", async () => {
    const mine = await dashboard().overview(manager([ids.watched!]), TODAY);
    expect(mine.upcoming.concat(mine.overdue).map((d) => d.project.id)).to.satisfy((list: number[]) => list.every((id) => id === ids.watched));
    const all = await dashboard().overview(auditor, TODAY);
    expect(all.upcoming.map(describeDeadline)).to.include.members(["milestone:Más projekt mérföldköve", "planned_end:Másik projekt"]);
    expect(all.overdue.map(describeDeadline)).to.not.include("planned_end:Lezárt projekt");
  });

  it("sums the figures in force by programme and by status, matching the projects' own sums", async () => {
    const { totals } = await dashboard().overview(auditor, TODAY);
    const rows = await context.db.knex("projects").select("total_cost", "grant_amount", "own_contribution", "status");
    const sum = (key: string, list = rows) => list.reduce((s, r) => s + Number(r[key]), 0);
    for (const grouping of [totals.byProgramme, totals.byStatus]) {
      expect(grouping.reduce((s, t) => s + t.projects, 0)).to.equal(rows.length);
      expect(grouping.reduce((s, t) => s + t.totalCost, 0)).to.equal(sum("total_cost"));
      expect(grouping.reduce((s, t) => s + t.grant, 0)).to.equal(sum("grant_amount"));
      expect(grouping.reduce((s, t) => s + t.ownContribution, 0)).to.equal(sum("own_contribution"));
    }
    const kehop = totals.byProgramme.find((t) => t.programme?.code === "KEHOP_PLUSZ");
    expect(kehop).to.include({ projects: 1, totalCost: 10_000_000, grant: 7_000_000, ownContribution: 2_000_000 });
    expect(totals.byStatus.find((t) => t.status === "closed")).to.include({ projects: 1, grant: 800_000 });
  });

  it("totals only the projects in scope", async () => {
    const { totals } = await dashboard().overview(manager([ids.other!]), TODAY);
    expect(totals.byStatus).to.deep.equal([{ status: "contracted", projects: 1, totalCost: 5_000_000, grant: 5_000_000, ownContribution: 0 }]);
  });

  it("lists the projects in scope that have findings", async () => {
    const all = await dashboard().overview(auditor, TODAY);
    expect(all.withFindings.map((p) => p.project.title)).to.include("Figyelt projekt").and.not.include("Másik projekt");
    expect(all.withFindings[0]!.findings.map((f) => f.code)).to.include("funding_sum_mismatch");
    expect((await dashboard().overview(manager([ids.other!]), TODAY)).withFindings).to.deep.equal([]);
  });

  it("stops at the limit of projects with findings and says there are more", async () => {
    const broken = Array.from({ length: LIMITS.findings + 1 }, (_, i) =>
      projectDoc({ title: `Hibás ${i}`, funding: { totalCost: "10 Ft", grant: "20 Ft", ownContribution: "0 Ft" } }),
    );
    await services(context.db).importer.importDocument(fileOf(...broken), "import:test");
    const { withFindings, moreWithFindings } = await dashboard().overview(auditor, TODAY);
    expect(withFindings).to.have.length(LIMITS.findings);
    expect(moreWithFindings).to.equal(true);
  });

  it("is for staff only", async () => {
    const nobody: Actor = { label: "x", userId: 3, roles: [], projectIds: new Set() };
    try {
      await dashboard().overview(nobody, TODAY);
    } catch (error) {
      expect(error).to.be.instanceOf(ForbiddenError);
      return;
    }
    expect.fail("expected a ForbiddenError");
  });
});
