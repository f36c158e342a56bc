import fs from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { expect } from "chai";
import * as cheerio from "cheerio";
import type { Response } from "supertest";
import { loadTestPortfolio, testApp } from "../helpers/app.js";
import { useTestDatabase } from "../helpers/database.js";
import { signedIn, type SignedIn } from "../helpers/session.js";
import { exportAll, services } from "../helpers/writes.js";
import { FORINT_FORMAT } from "../../server/spreadsheets/sheet.js";
import { EMBEDDED_WEB_IMPORT_ROWS } from "../../server/services/spreadsheetService.js";

/** supertest reads a binary body into a Buffer with this. */
function binary(res: Response, done: (error: Error | null, body: Buffer) => void): void {
  const parts: Buffer[] = [];
  res.on("data", (chunk: Buffer) => parts.push(chunk));
  res.on("end", () => done(null, Buffer.concat(parts)));
}

async function workbookOf(content: Buffer): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(content as unknown as ExcelJS.Buffer);
  return workbook.worksheets[0]!;
}

async function xlsxOf(sheet: ExcelJS.Worksheet): Promise<Buffer> {
  return Buffer.from(await sheet.workbook.xlsx.writeBuffer());
}

/** The sheet's row whose identifier column holds `identifier`. */
function rowOf(sheet: ExcelJS.Worksheet, identifier: string): ExcelJS.Row {
  for (let i = 2; i <= sheet.rowCount; i++) if (sheet.getRow(i).getCell(1).value === identifier) return sheet.getRow(i);
  throw new Error(`no row for ${identifier}`);
}

const column = (sheet: ExcelJS.Worksheet, header: string) => {
  const values = sheet.getRow(1).values as unknown[];
  const index = values.indexOf(header);
  if (index < 0) throw new Error(`no column ${header}`);
  return index;
};

const count = async (db: { knex: import("knex").Knex }, table: string) => Number((await db.knex(table).count({ n: "*" }))[0]!.n);

function upload(user: SignedIn, name: string, content: Buffer) {
  return user.agent.post("/kezelo/import").field("_csrf", user.csrfToken).attach("file", content, name);
}

/** The preview page's rows: row number, outcome, problems. */
function previewRows(html: string) {
  const $ = cheerio.load(html);
  return $("table.import-preview tbody tr")
    .toArray()
    .map((tr) => {
      const cells = $(tr).find("td");
      return { row: Number(cells.eq(0).text()), outcome: cells.eq(2).text(), problems: cells.eq(3).text() };
    });
}

function confirmAction(html: string): string {
  const action = cheerio.load(html)("form[action^='/kezelo/import/']").attr("action");
  if (!action) throw new Error("the preview offers no confirmation");
  return action;
}

describe("spreadsheets: export and import of the portfolio", function () {
  this.timeout(600_000);
  const context = useTestDatabase();
  let app: ReturnType<typeof testApp>;
  let admin: SignedIn;

  before(async () => {
    app = testApp(context.db);
    await loadTestPortfolio(app.services);
    admin = await signedIn(app, { roles: ["admin"] });
  });

  it("exports XLSX with Hungarian headers, a frozen header row, forint number cells, date cells, month- and year-only text and a totals row", async () => {
    const auditor = await signedIn(app, { roles: ["auditor"] });
    const res = await auditor.agent.get("/kezelo/export/projektek.xlsx").buffer(true).parse(binary).expect(200);
    expect(res.headers["content-type"]).to.contain("spreadsheetml");
    const sheet = await workbookOf(res.body as Buffer);
    expect(sheet.views[0]).to.include({ state: "frozen", ySplit: 1 });
    expect(sheet.getRow(1).getCell(1).value).to.equal("Projektazonosító");
    const kofop = rowOf(sheet, "KÖFOP-1.0.0-VEKOP-15-2016-00041");
    const grant = kofop.getCell(column(sheet, "Támogatás"));
    expect(grant.value).to.equal(2_582_000_000);
    expect(grant.numFmt).to.equal(FORINT_FORMAT);
    const start = kofop.getCell(column(sheet, "Kezdés")).value;
    expect(start).to.be.instanceOf(Date);
    expect((start as Date).toISOString()).to.equal("2016-09-01T00:00:00.000Z");
    const ekop = rowOf(sheet, "EKOP-1.A.1-08/C-2009-0001");
    expect(ekop.getCell(column(sheet, "Kezdés")).value).to.equal("2009-04");
    const arop = sheet.getColumn(column(sheet, "Projekt címe"));
    expect(arop).to.exist;
    const last = sheet.getRow(sheet.rowCount);
    expect(last.getCell(1).value).to.equal("Összesen");
    const total = last.getCell(column(sheet, "Támogatás")).value as { formula: string; result: number };
    expect(total.formula).to.match(/^SUM\(M2:M\d+\)$/);
    const grants = await context.db.knex("projects").sum({ s: "grant_amount" });
    expect(total.result).to.equal(Number(grants[0]!.s));
    expect(sheet.rowCount).to.equal(1 + (await count(context.db, "projects")) + 1);
  });

  it("round-trips XLSX: export → edit one cell → import changes exactly that field, as the importing user", async () => {
    const res = await admin.agent.get("/kezelo/export/projektek.xlsx").buffer(true).parse(binary).expect(200);
    const sheet = await workbookOf(res.body as Buffer);
    const row = rowOf(sheet, "EFOP-1.5.3-16-2017-00112");
    row.getCell(column(sheet, "Támogatás")).value = 480_000_000;
    const before = await count(context.db, "audit_log");

    const preview = await upload(admin, "projektek.xlsx", await xlsxOf(sheet)).expect(200);
    const outcomes = previewRows(preview.text);
    expect(outcomes.filter((r) => r.outcome === "módosul").map((r) => r.row)).to.deep.equal([row.number]);
    expect(outcomes.filter((r) => r.outcome !== "módosul").every((r) => r.outcome === "változatlan")).to.equal(true);
    expect(await count(context.db, "audit_log"), "the preview writes nothing").to.equal(before);
    expect(await count(context.db, "spreadsheet_imports"), "the upload waits for its confirmation").to.equal(1);

    const done = await admin.agent.post(confirmAction(preview.text)).type("form").send({ _csrf: admin.csrfToken }).expect(303);
    expect(done.headers.location).to.equal("/kezelo/import?uj=0&modositott=1&valtozatlan=" + (outcomes.length - 1));
    const entries = await context.db.knex("audit_log").where("seq", ">", before).orderBy("seq");
    expect(entries).to.have.length(1);
    expect(entries[0].actor).to.equal(admin.email);
    // The contract's grant, and with it the grant in force (no amendment changed it): one field, as the trail records it.
    expect(entries[0].changes.fields).to.deep.equal({ contracted_grant: ["500000000", "480000000"], grant_amount: ["500000000", "480000000"] });
    expect(entries[0].changes.records ?? []).to.deep.equal([]);
    expect(await count(context.db, "spreadsheet_imports"), "a confirmed upload is gone").to.equal(0);
  });

  it("round-trips CSV (UTF-8 with BOM): re-importing the export changes nothing; an edited cell changes that field", async () => {
    const res = await admin.agent.get("/kezelo/export/projektek.csv").buffer(true).parse(binary).expect(200);
    const csv = res.body as Buffer;
    expect([...csv.subarray(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
    const text = csv.toString("utf8");
    expect(text).to.contain("Projektazonosító,Felhívás kódja");
    expect(text).to.contain("2009-04");

    const unchanged = await services(context.db).spreadsheets.importFile("import:projektek.csv", "projektek.csv", csv);
    expect(unchanged).to.include({ created: 0, updated: 0, unchanged: await count(context.db, "projects") });

    const edited = text.replace(/^(TOP-6\.5\.1-16-SF1-2017-00004,.*?,)300000000,/mu, "$1310000000,");
    expect(edited).not.to.equal(text);
    const before = await count(context.db, "audit_log");
    const summary = await services(context.db).spreadsheets.importFile("import:projektek.csv", "projektek.csv", Buffer.from(edited));
    expect(summary).to.include({ created: 0, updated: 1 });
    const [entry] = await context.db.knex("audit_log").where("seq", ">", before);
    expect(entry.changes.fields).to.deep.equal({ contracted_grant: ["300000000", "310000000"], grant_amount: ["300000000", "310000000"] });
  });

  it("refuses a confirmation when someone changed a previewed project meanwhile, writing nothing", async () => {
    const res = await admin.agent.get("/kezelo/projektek/EFOP-1.5.3-16-2017-00112/export.xlsx").buffer(true).parse(binary).expect(200);
    const sheet = await workbookOf(res.body as Buffer);
    expect(sheet.rowCount, "one project and the totals").to.equal(3);
    sheet.getRow(2).getCell(column(sheet, "Település")).value = "Szeged";
    const preview = await upload(admin, "efop.xlsx", await xlsxOf(sheet)).expect(200);

    const stored = await context.db.knex("projects").where({ identifier: "EFOP-1.5.3-16-2017-00112" }).first("uid", "version", "grant_amount");
    // Someone else changes the grant meanwhile.
    const document = (await exportAll(context.db)).projects.find((p) => p.identifier === "EFOP-1.5.3-16-2017-00112")!;
    await services(context.db).importer.importDocument({ projects: [{ ...document, funding: { ...document.funding, grant: 470_000_000 } }] }, "someone-else");
    const changed = await context.db.knex("projects").where({ uid: stored.uid }).first("version", "settlement", "grant_amount");
    expect(changed.version).to.equal(stored.version + 1);

    const before = await count(context.db, "audit_log");
    const refused = await admin.agent.post(confirmAction(preview.text)).type("form").send({ _csrf: admin.csrfToken }).expect(409);
    expect(refused.text).to.contain("közben módosították");
    expect(await count(context.db, "audit_log")).to.equal(before);
    const after = await context.db.knex("projects").where({ uid: stored.uid }).first("version", "settlement", "grant_amount");
    expect(after).to.deep.equal(changed);
    expect(after.settlement).to.equal("Bonyhád");
  });

  it("answers a bad spreadsheet with row-level errors naming each cell, and writes nothing", async () => {
    const res = await admin.agent.get("/kezelo/export/projektek.xlsx").buffer(true).parse(binary).expect(200);
    const sheet = await workbookOf(res.body as Buffer);
    const efop = rowOf(sheet, "EFOP-1.5.3-16-2017-00112");
    const kofop = rowOf(sheet, "KÖFOP-2.3.4-VEKOP-15-2016-00002");
    efop.getCell(column(sheet, "Támogatás")).value = "sok pénz";
    kofop.getCell(column(sheet, "Belső azonosító (uid)")).value = "00000000-0000-4000-8000-000000000000";
    rowOf(sheet, "EKOP-1.A.1-08/C-2009-0001").getCell(column(sheet, "Kezdés")).value = "2009-13";
    const before = await count(context.db, "audit_log");
    const staged = await count(context.db, "spreadsheet_imports");

    const preview = await upload(admin, "hibas.xlsx", await xlsxOf(sheet)).expect(400);
    const rejected = previewRows(preview.text).filter((r) => r.outcome === "elutasítva");
    expect(rejected.map((r) => r.row).sort()).to.have.length(3);
    const problems = rejected.map((r) => r.problems).join("\n");
    expect(problems).to.contain(`M${efop.number}`).and.contain("sok pénz");
    expect(problems).to.contain(`T${kofop.number}`).and.contain("nincs 00000000-0000-4000-8000-000000000000 belső azonosítójú projekt");
    expect(problems).to.match(/Q\d+: "2009-13" nem létező hónap/);
    expect(cheerio.load(preview.text)("form[action^='/kezelo/import/']")).to.have.length(0);
    expect(await count(context.db, "audit_log")).to.equal(before);
    expect(await count(context.db, "spreadsheet_imports")).to.equal(staged);

    // A renamed and a missing column: the file as a whole is refused before any row.
    sheet.getRow(1).getCell(column(sheet, "Projekt címe")).value = "Projektcím";
    sheet.spliceColumns(column(sheet, "Önerő"), 1);
    const renamed = await upload(admin, "atnevezett.xlsx", await xlsxOf(sheet)).expect(400);
    const $ = cheerio.load(renamed.text);
    const listed = $(".error-summary li").text();
    expect(listed).to.contain("D1: ismeretlen oszlop: „Projektcím”");
    expect(listed).to.contain("hiányzik a(z) „Projekt címe” oszlop").and.contain("hiányzik a(z) „Önerő” oszlop");
    expect(await count(context.db, "audit_log")).to.equal(before);

    // The command line refuses the same file with the same cells.
    const csv = (await admin.agent.get("/kezelo/export/projektek.csv").buffer(true).parse(binary)).body as Buffer;
    const bad = csv.toString("utf8").replace(/^(EFOP-1\.5\.3-16-2017-00112,.*?,)470000000,/mu, "$1-5,");
    expect(bad).not.to.equal(csv.toString("utf8"));
    try {
      await services(context.db).spreadsheets.importFile("import:bad.csv", "bad.csv", Buffer.from(bad));
      expect.fail("the import went through");
    } catch (error) {
      expect(String((error as Error).message)).to.match(/^M\d+: "-5" negatív összeg/m);
    }
    expect(await count(context.db, "audit_log")).to.equal(before);
  });

  it("refuses, at its row, a change the importing user may not make; the rows after it are not checked", async () => {
    const manager = await signedIn(app, { roles: ["project_manager"] });
    const res = await admin.agent.get("/kezelo/export/projektek.xlsx").buffer(true).parse(binary).expect(200);
    const sheet = await workbookOf(res.body as Buffer);
    const row = rowOf(sheet, "KÖFOP-1.0.0-VEKOP-15-2016-00041");
    row.getCell(column(sheet, "Település")).value = "Vác";
    const before = await count(context.db, "audit_log");
    const preview = await upload(manager, "projektek.xlsx", await xlsxOf(sheet)).expect(400);
    const rows = previewRows(preview.text);
    const refused = rows.find((r) => r.row === row.number)!;
    expect(refused.outcome).to.equal("elutasítva");
    expect(refused.problems).to.contain("nem módosíthatja");
    expect(rows.filter((r) => r.outcome.startsWith("nem ellenőrzött")).length).to.equal(rows.length - 1);
    expect(await count(context.db, "audit_log")).to.equal(before);
  });

  it("refuses a 50 MB upload, writing nothing", async () => {
    const before = await count(context.db, "audit_log");
    const big = Buffer.alloc(50 * 1024 * 1024, "a");
    const res = await upload(admin, "nagy.csv", big).expect(413);
    expect(res.text).to.contain("legfeljebb 20 MB");
    expect(await count(context.db, "audit_log")).to.equal(before);
  });

  it("on the embedded engine, refuses a web import above the documented size with a pointer to the command line", async function () {
    if (context.db.engine !== "embedded") this.skip();
    const staged = await count(context.db, "spreadsheet_imports");
    const [header, row] = fs.readFileSync(path.join(import.meta.dirname, "..", "fixtures", "rrf-list.csv"), "utf8").split("\n");
    const rows = Array.from({ length: EMBEDDED_WEB_IMPORT_ROWS + 1 }, (_, i) => row!.replace("9100000001", String(9200000000 + i)));
    const res = await upload(admin, "hosszu.csv", Buffer.from([header, ...rows].join("\n"))).expect(400);
    expect(cheerio.load(res.text)(".error-summary").text()).to.contain("legfeljebb 1000 soros").and.contain("npm run import -- hosszu.csv");
    expect(await count(context.db, "spreadsheet_imports")).to.equal(staged);
  });

  it("lets only those who may create projects import, and every staff member export", async () => {
    const auditor = await signedIn(app, { roles: ["auditor"] });
    await auditor.agent.get("/kezelo/import").expect(403);
    await auditor.agent.get("/kezelo/export/projektek.csv").expect(200);
    await app.request.get("/kezelo/export/projektek.csv").expect(303);
  });
});

describe("spreadsheets: the national list of funded projects", function () {
  this.timeout(900_000);
  const context = useTestDatabase();
  const REAL_LIST = path.join(import.meta.dirname, "..", "..", "..", "shared", "data", "szechenyi-terv-plusz-funded-projects.csv");
  const RRF_LIST = path.join(import.meta.dirname, "..", "fixtures", "rrf-list.csv");

  it("imports a list of another instrument (RRF) in the same layout, creating its programme from the list's own columns for an admin to confirm", async () => {
    // A programme table that does not know the instrument's programme yet.
    await context.db.knex("programmes").where({ code: "RRF" }).delete();
    const content = fs.readFileSync(RRF_LIST);
    const spreadsheets = services(context.db).spreadsheets;
    const summary = await spreadsheets.importFile("import:rrf-list.csv", "rrf-list.csv", content);
    expect(summary).to.include({ created: 4, updated: 0, unchanged: 0 });
    expect(summary.programmesCreated).to.deep.equal(["RRF"]);
    const programme = await context.db.knex("programmes").where({ code: "RRF" }).first();
    expect(programme).to.include({ name: "Helyreállítási és Ellenállóképességi Eszköz", period: "2021-2027", instrument: "rrf", confirmed: false });
    const twins = await context.db
      .knex("projects as p")
      .join("project_external_keys as k", "k.project_id", "p.id")
      .where({ "p.title": "Háziorvosi rendelő felújítása" })
      .orderBy("k.key")
      .select("k.key", "p.grant_amount", "p.decision_date", "p.published_from", "p.settlement", "p.county");
    expect(twins.map((t) => [t.key, Number(t.grant_amount)])).to.deep.equal([
      ["9100000002", 120_000_000],
      ["9100000003", 80_000_000],
    ]);
    expect(twins[0]).to.include({ published_from: null, settlement: "Mintaváros", county: "Baranya" });
    const funds = await context.db.knex("project_funds as pf").join("funds as f", "f.id", "pf.fund_id").distinct("f.code").pluck("f.code");
    expect(funds).to.deep.equal(["RRF"]);
    const created = await context.db.knex("audit_log").where({ entity: "programme" }).orderBy("seq", "desc").first();
    expect(created.changes.fields.confirmed).to.deep.equal([null, false]);

    // The programme list shows it waiting; an admin confirms it, a project manager may not.
    const app = testApp(context.db);
    const manager = await signedIn(app, { roles: ["project_manager"] });
    const list = await manager.agent.get("/kezelo/programok?q=RRF").expect(200);
    expect(list.text).to.contain("Helyreállítási és Ellenállóképességi Eszköz (megerősítésre vár)");
    await manager.agent.post(`/kezelo/programok/${programme.id}/megerosites`).type("form").send({ _csrf: manager.csrfToken, version: programme.version }).expect(403);
    const admin = await signedIn(app, { roles: ["admin"] });
    const detail = await admin.agent.get(`/kezelo/programok/${programme.id}`).expect(200);
    expect(detail.text).to.contain("Megerősítésre vár");
    await admin.agent.post(`/kezelo/programok/${programme.id}/megerosites`).type("form").send({ _csrf: admin.csrfToken, version: programme.version }).expect(303);
    expect(await context.db.knex("programmes").where({ code: "RRF" }).first("confirmed", "version")).to.deep.equal({ confirmed: true, version: programme.version + 1 });
    const confirmation = await context.db.knex("audit_log").where({ entity: "programme" }).orderBy("seq", "desc").first();
    expect(confirmation).to.include({ actor: admin.email, action: "update" });
    expect(confirmation.changes.fields).to.deep.equal({ confirmed: [false, true] });

    const again = await spreadsheets.importFile("import:rrf-list.csv", "rrf-list.csv", content);
    expect(again).to.include({ created: 0, updated: 0, unchanged: 4 });
    const newer = content.toString("utf8").replace("98765432.0", "99000000.0");
    expect(await spreadsheets.importFile("import:rrf-list.csv", "rrf-list.csv", Buffer.from(newer))).to.include({ created: 0, updated: 1, unchanged: 3 });
  });

  it("refuses a list row whose grant is not whole forints, or whose id is missing, at its cell", async () => {
    const bad = fs
      .readFileSync(RRF_LIST, "utf8")
      .replace("45000000.0,9100000004", "45000000.5,9100000004")
      .replace("120000000.0,9100000002", "120000000.0,");
    try {
      await services(context.db).spreadsheets.importFile("import:bad.csv", "bad.csv", Buffer.from(bad));
      expect.fail("the import went through");
    } catch (error) {
      const message = String((error as Error).message);
      expect(message).to.contain('N5: "45000000.5" nem egész forintösszeg');
      expect(message).to.contain("O3: hiányzik a lista azonosítója (id_palyazat)");
    }
  });

  it("imports the real national list (9,920 rows) with the right counts, and re-imports it as unchanged", async function () {
    if (!fs.existsSync(REAL_LIST)) this.skip();
    const content = fs.readFileSync(REAL_LIST);
    const spreadsheets = services(context.db).spreadsheets;
    const projectsBefore = await count(context.db, "projects");
    const first = await spreadsheets.importFile("import:list.csv", "list.csv", content);
    expect(first.rows).to.equal(9920);
    expect(first.created + first.updated + first.unchanged).to.equal(9920);
    expect(await count(context.db, "projects")).to.equal(projectsBefore + first.created);
    expect(first.created).to.equal(9920);
    expect(first.programmesCreated).to.deep.equal(["BBA_PLUSZ", "HAVE_PLUSZ", "MMIA_PLUSZ"]);
    const keys = await context.db.knex("project_external_keys").where({ source: "palyazat.gov.hu" }).count({ n: "*" }).first();
    expect(Number(keys!.n)).to.equal(9920 + 4);
    const first373 = await context.db.knex("projects as p").join("project_external_keys as k", "k.project_id", "p.id").where({ "k.key": "3672870201" }).first("p.grant_amount", "p.decision_date", "p.identifier");
    expect(Number(first373.grant_amount)).to.equal(373_047_360);
    expect(first373.identifier).to.equal(null);

    const again = await spreadsheets.importFile("import:list.csv", "list.csv", content);
    expect(again).to.include({ created: 0, updated: 0, unchanged: 9920 });
  });
});
