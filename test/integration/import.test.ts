import fs from "node:fs/promises";
import { expect } from "chai";
import type { Database } from "../../server/data/database.js";
import { DEMO_PORTFOLIO } from "../../server/services/demoService.js";
import { exportAll, rejection, services } from "../helpers/writes.js";
import { TEST_PORTFOLIO } from "../helpers/app.js";
import { openTestDatabase, useTestDatabase } from "../helpers/database.js";
import { fileOf, projectDoc } from "../factories/projectFile.js";

const count = async (db: Database, table: string) => Number((await db.knex(table).count({ n: "*" }))[0]!.n);

describe("importing and exporting project files", () => {
  const context = useTestDatabase();

  it("loads the demo portfolio a new user starts with, in full", async () => {
    const empty = await openTestDatabase();
    try {
      const demo = JSON.parse(await fs.readFile(DEMO_PORTFOLIO, "utf8"));
      const summary = await services(empty).importer.importDocument(demo, "demo");
      expect(summary).to.include({ created: demo.projects.length, updated: 0, unchanged: 0 });
    } finally {
      await empty.close();
    }
  });

  it("round-trips a portfolio: export → import into an empty database → export is the same document, uids included", async () => {
    const demo = JSON.parse(await fs.readFile(TEST_PORTFOLIO, "utf8"));
    await services(context.db).importer.importDocument(demo, "test");
    const first = await exportAll(context.db);
    expect(first.projects).to.have.length(demo.projects.length);

    const empty = await openTestDatabase();
    try {
      const summary = await services(empty).importer.importDocument(JSON.parse(JSON.stringify(first)), "test");
      expect(summary.created).to.equal(demo.projects.length);
      expect(await exportAll(empty)).to.deep.equal(first);
    } finally {
      await empty.close();
    }
  });

  it("changes nothing when the same file is imported again", async () => {
    const file = fileOf(
      projectDoc({ partners: [{ name: "Partner Egyesület", role: "member", grantShare: "1 000 000 Ft" }] }),
      projectDoc({ identifier: null, call: { code: "TOP_PLUSZ-1.2.1-21-PT1", title: "Élhető települések" } }),
    );
    const importer = services(context.db).importer;
    const first = await importer.importDocument(file, "test");
    expect(first).to.include({ created: 2, updated: 0, unchanged: 0 });
    const before = await context.db.knex("projects").select("id", "updated_at").orderBy("id");
    const again = await importer.importDocument(file, "test");
    expect(again).to.deep.equal({
      created: 0,
      updated: 0,
      unchanged: 2,
      publishedOnWrite: 0,
      organisations: { created: 0, updated: 0 },
      calls: { created: 0, updated: 0 },
      warnings: [],
    });
    expect(await context.db.knex("projects").select("id", "updated_at").orderBy("id")).to.deep.equal(before);
  });

  it("updates a project found by identifier, or by call code and title, instead of duplicating it", async () => {
    const importer = services(context.db).importer;
    const withId = projectDoc();
    const withoutId = projectDoc({ identifier: null, call: { code: "EFOP_PLUSZ-5.2.1-23" } });
    await importer.importDocument(fileOf(withId, withoutId), "test");
    const projectsBefore = await count(context.db, "projects");

    const summary = await importer.importDocument(
      fileOf(
        { ...withId, identifier: (withId.identifier as string).toLowerCase(), funding: { grant: "8 000 000 Ft" }, milestones: [{ title: "Átadás" }] },
        { ...withoutId, status: "completed" },
      ), "test",
    );
    expect(summary).to.include({ created: 0, updated: 2, unchanged: 0 });
    expect(await count(context.db, "projects")).to.equal(projectsBefore);
    const detail = await services(context.db).projects.get(withId.identifier as string);
    expect(detail.currentFunding).to.deep.equal({ totalCost: null, grant: 8_000_000, ownContribution: null });
    expect(detail.record.milestones.map((m) => m.title)).to.deep.equal(["Átadás"]);
  });

  it("writes nothing from a file with one bad project, and says where the error is", async () => {
    const projectsBefore = await count(context.db, "projects");
    const organisationsBefore = await count(context.db, "organisations");
    const errors = await rejection(
      services(context.db).importer.importDocument(
        fileOf(projectDoc(), projectDoc(), projectDoc({ funding: { grant: "29,11 miló Ft" } })), "test",
      ),
    );
    expect(errors).to.deep.equal([
      'projects[2].funding.grant: "29,11 miló Ft" nem értelmezhető összeg (várt alak pl.: 29 110 000 Ft, 29,11 millió Ft, 2,582 milliárd Ft)',
    ]);
    expect(await count(context.db, "projects")).to.equal(projectsBefore);
    expect(await count(context.db, "organisations")).to.equal(organisationsBefore);
  });

  it("rolls back everything when the database refuses a write half-way", async () => {
    const projectsBefore = await count(context.db, "projects");
    // Valid for the file format, refused by the database: an event ending before it starts.
    const errors = await rejection(
      services(context.db).importer.importDocument(
        fileOf(projectDoc(), projectDoc({ events: [{ title: "Fórum", date: "2024-05-10", endDate: "2024-05-09" }] })), "test",
      ),
    );
    expect(errors).to.deep.equal(["projects[1]: Az esemény vége nem lehet korábbi a kezdeténél."]);
    expect(await count(context.db, "projects")).to.equal(projectsBefore);
  });

  it("refuses the same project twice in one file", async () => {
    const doc = projectDoc();
    const errors = await rejection(services(context.db).importer.importDocument(fileOf(doc, { ...doc, title: "Másik cím" }), "test"));
    expect(errors).to.deep.equal(["projects[1]: ugyanez a projekt már szerepel: projects[0]"]);
  });

  it("merges an organisation's details across mentions, and names both places of a contradiction", async () => {
    const importer = services(context.db).importer;
    const ministry = { name: "Teszt Minisztérium", taxNumber: "15000000-2-41" };
    await importer.importDocument(
      fileOf(
        projectDoc({ beneficiary: { ...ministry, address: "1051 Budapest, Fő utca 1." } }),
        projectDoc({ beneficiary: { name: "Teszt Minisztérium", website: "https://min.example.hu" } }),
      ), "test",
    );
    const stored = await context.db.knex("organisations").where({ tax_number: ministry.taxNumber });
    expect(stored).to.have.length(1);
    expect(stored[0]).to.include({ address: "1051 Budapest, Fő utca 1.", website: "https://min.example.hu" });

    const errors = await rejection(
      importer.importDocument(
        fileOf(
          projectDoc({ beneficiary: { ...ministry, phone: "+36 1 111 1111" } }),
          projectDoc({ partners: [{ ...ministry, phone: "+36 1 222 2222" }] }),
        ), "test",
      ),
    );
    expect(errors).to.deep.equal([
      'projects[1].partners[0].phone: "+36 1 222 2222" ellentmond a(z) projects[0].beneficiary.phone értékének ("+36 1 111 1111") ugyanennél a szervezetnél',
    ]);
  });

  it("keeps stored organisation details that a later file leaves out", async () => {
    const importer = services(context.db).importer;
    const name = "Megmaradó Adatú Önkormányzat";
    await importer.importDocument(fileOf(projectDoc({ beneficiary: { name, address: "7100 Szekszárd, Béla tér 8." } })), "test");
    const summary = await importer.importDocument(fileOf(projectDoc({ beneficiary: { name } })), "test");
    expect(summary.organisations).to.deep.equal({ created: 0, updated: 0 });
    expect((await context.db.knex("organisations").where({ name }).first())?.address).to.equal("7100 Szekszárd, Béla tér 8.");
  });
});
