/** The closure report: its numbers against the data (a project amended twice), the HTML page, the PDF, the command line. */
import { spawnSync } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import * as cheerio from "cheerio";
import { expect } from "chai";
import { systemActor } from "../../server/domain/permissions.js";
import { testApp } from "../helpers/app.js";
import { createServerDatabase, engine, testServerUrl, useTestDatabase } from "../helpers/database.js";
import { poppler } from "../helpers/poppler.js";
import { signedIn } from "../helpers/session.js";
import { reportedProject } from "../factories/closureProject.js";
import { fileOf } from "../factories/projectFile.js";

const ROOT = path.join(import.meta.dirname, "..", "..");
/** Spaces as people read them: Intl groups thousands with no-break spaces, pdftotext keeps them. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, " ").replace(/[ \t]+/g, " ");
/** Text without any white space: a table cell may wrap onto several lines in the PDF. */
const squashed = (text: string) => text.replace(/[\s\u00a0\u202f]+/g, "");

/** The PDF's text in reading order, each table cell's lines together. */
function pdfText(file: string): string {
  return plain(poppler("pdftotext", [file, "-"]));
}

function pdfInfo(file: string): Record<string, string> {
  return Object.fromEntries(poppler("pdfinfo", [file]).split("\n").flatMap((line) => (/^([^:]+):\s*(.*)$/.exec(line) ? [[RegExp.$1, RegExp.$2]] : [])));
}

describe("the closure report", () => {
  const context = useTestDatabase();
  let app: ReturnType<typeof testApp>;
  let key: string;
  let workDir: string;

  before(async () => {
    workDir = await fs.mkdtemp(path.join(os.tmpdir(), "projekttar-closure-report-"));
    app = testApp(context.db);
    const doc = reportedProject();
    key = doc.identifier as string;
    await app.services.importer.importDocument(fileOf(doc), "import:setup.json");
    await app.services.editing.recordAmendment(systemActor("kovacs.anna@pest.gov.hu"), key, {
      effectiveDate: "2024-03-01",
      reference: "1. számú szerződésmódosítás",
      reason: "Bővülő eszközlista",
      totalCost: "105 000 000 Ft",
      grant: "90 000 000 Ft",
    });
    await app.services.editing.recordAmendment(systemActor("szabo.peter@pest.gov.hu"), key, {
      effectiveDate: "2024-09-15",
      reference: "2. számú szerződésmódosítás",
      grant: "88 000 000 Ft",
      ownContribution: "17 000 000 Ft",
    });
    const { version } = await app.services.projects.get(key);
    await app.services.editing.updateProject(systemActor("nagy.eva@pest.gov.hu"), key, version, { funding: { grantPaid: "87 500 000 Ft" } });
  });

  after(async () => fs.rm(workDir, { recursive: true, force: true }));

  const reportPath = () => `/kezelo/projektek/${encodeURIComponent(key)}/zarasi-jelentes`;
  const rowsOf = ($: cheerio.CheerioAPI, caption: string) =>
    $(`caption:contains("${caption}")`)
      .closest("table")
      .find("tbody tr")
      .map((_, tr) => [$(tr).find("td").map((__, td) => plain($(td).text())).get()])
      .get() as string[][];
  const reportAsAuditor = async () => cheerio.load((await (await signedIn(app, { roles: ["auditor"] })).agent.get(reportPath()).expect(200)).text);
  const fact = ($: cheerio.CheerioAPI, label: string) => plain($(`dt:contains("${label}")`).first().next("dd").text());

  it("gives the figures as contracted, as the two amendments left them, paid, and every recorded change", async () => {
    const $ = await reportAsAuditor();
    expect(rowsOf($, "Szerződött és érvényes összegek")).to.deep.equal([
      ["Összköltség", "100 000 000 Ft", "105 000 000 Ft"],
      ["Támogatás", "85 000 000 Ft", "88 000 000 Ft"],
      ["Önerő", "15 000 000 Ft", "17 000 000 Ft"],
      ["Támogatás mértéke", "85,00%", "83,81%"],
    ]);
    expect(fact($, "Kifizetett támogatás")).to.equal("87 500 000 Ft");
    expect(fact($, "Kifizetés a szerződött (érvényes) támogatás arányában")).to.equal("99,43%");

    const amendments = rowsOf($, "Szerződésmódosítások");
    expect(amendments.map((r) => r.slice(0, 8))).to.deep.equal([
      ["2024. március 1.", "1. számú szerződésmódosítás", "Bővülő eszközlista", "105 000 000 Ft", "90 000 000 Ft", "változatlan", "—", "kovacs.anna@pest.gov.hu"],
      ["2024. szeptember 15.", "2. számú szerződésmódosítás", "—", "változatlan", "88 000 000 Ft", "17 000 000 Ft", "—", "szabo.peter@pest.gov.hu"],
    ]);
    expect(amendments.every((r) => /^\d{4}\. \p{L}+ \d{1,2}\. \d{1,2}:\d{2}$/u.test(r[8]!))).to.equal(true);

    const changes = rowsOf($, "A pénzügyi adatok minden rögzített változása").map((r) => r.slice(1));
    expect(changes).to.deep.equal([
      ["import:setup.json", "Szerződött összköltség", "—", "100 000 000 Ft"],
      ["import:setup.json", "Szerződött támogatás", "—", "85 000 000 Ft"],
      ["import:setup.json", "Szerződött önerő", "—", "15 000 000 Ft"],
      ["kovacs.anna@pest.gov.hu", "Szerződésmódosítás „1. számú szerződésmódosítás” (új): hatálybalépés", "—", "2024. március 1."],
      ["kovacs.anna@pest.gov.hu", "Szerződésmódosítás „1. számú szerződésmódosítás” (új): hivatkozás", "—", "1. számú szerződésmódosítás"],
      ["kovacs.anna@pest.gov.hu", "Szerződésmódosítás „1. számú szerződésmódosítás” (új): összköltség", "—", "105 000 000 Ft"],
      ["kovacs.anna@pest.gov.hu", "Szerződésmódosítás „1. számú szerződésmódosítás” (új): támogatás", "—", "90 000 000 Ft"],
      ["szabo.peter@pest.gov.hu", "Szerződésmódosítás „2. számú szerződésmódosítás” (új): hatálybalépés", "—", "2024. szeptember 15."],
      ["szabo.peter@pest.gov.hu", "Szerződésmódosítás „2. számú szerződésmódosítás” (új): hivatkozás", "—", "2. számú szerződésmódosítás"],
      ["szabo.peter@pest.gov.hu", "Szerződésmódosítás „2. számú szerződésmódosítás” (új): támogatás", "—", "88 000 000 Ft"],
      ["szabo.peter@pest.gov.hu", "Szerződésmódosítás „2. számú szerződésmódosítás” (új): önerő", "—", "17 000 000 Ft"],
      ["nagy.eva@pest.gov.hu", "Kifizetett támogatás", "—", "87 500 000 Ft"],
    ]);
  });

  it("identifies the project with partners and their shares and contractors, and gives dates, results and publicity", async () => {
    const $ = await reportAsAuditor();
    expect(fact($, "Projektazonosító")).to.equal(key);
    expect(fact($, "Felhívás")).to.equal("GINOP_PLUSZ-1.2.2-22 – Kis- és középvállalkozások fejlesztése");
    expect(fact($, "Alap")).to.equal("Európai Regionális Fejlesztési Alap (ERFA)");
    expect(fact($, "Programozási időszak")).to.equal("2021–2027");
    expect(rowsOf($, "Konzorciumi partnerek")).to.deep.equal([
      ["Győri Fejlesztő Nonprofit Kft.", "12345678-2-08", "konzorciumvezető", "60 000 000 Ft", "68,18%"],
      ["Mosonmagyaróvári Műszaki Szakképző", "—", "konzorciumi tag", "25 000 000 Ft", "28,41%"],
    ]);
    expect(rowsOf($, "Szállítók")).to.deep.equal([["Rába Gépészeti Zrt.", "23456789-2-08", "Műhelyek eszközei", "31 500 000 Ft"]]);
    expect(fact($, "Tervezett befejezés")).to.equal("2025. március 31.");
    expect(fact($, "Tényleges befejezés")).to.equal("2025. május 15.");
    expect(fact($, "Eltérés a tervezett befejezéstől")).to.equal("45 nap késés (1 teljes hónap)");
    expect(rowsOf($, "Eredménytermékek")).to.deep.equal([
      ["Műhelyhálózati tanulmány", "tanulmány", "2024. június", "2024. június 20.", "—"],
      ["Képzési kézikönyv", "kézikönyv", "2024. december", "—", "A 2. módosítás elhagyta."],
    ]);
    expect(rowsOf($, "Megtartott rendezvények")).to.deep.equal([["Nyitókonferencia", "konferencia", "2023. március 2.", "Győr", "1", "1", "140"]]);
    expect(rowsOf($, "Indikátorok")).to.deep.equal([["Megújult műhelyek", "db", "0", "10", "12", "120,00%"]]);
    expect(rowsOf($, "Beszerzések")).to.deep.equal([["Műhelyek eszközei", "Rába Gépészeti Zrt.", "nyílt eljárás", "31 500 000 Ft", "2023. szeptember 1."]]);
    expect(fact($, "Nyilvános projektoldal")).to.equal("2023. január 1. óta nyilvános");
    expect(rowsOf($, "Közlemények")).to.deep.equal([
      ["Projektindító", "Elindult a projekt", "2023. január 20."],
      ["Záró", "Lezárult a műhelyfejlesztés", "2025. június 2."],
    ]);
    const findings = rowsOf($, "Következetlenségek");
    expect(findings).to.deep.equal([["figyelmeztetés", "A konzorciumi partnerek támogatásrészeinek összege (85 000 000 Ft) eltér a támogatástól (88 000 000 Ft)."]]);
    expect(rowsOf($, "Zárási feltételek").map((r) => r.slice(0, 2))).to.deep.equal([
      ["Tényleges befejezés", "igen"], ["Végleges pénzügyi adatok", "igen"], ["Eredménytermékek", "igen"], ["Rendezvények", "igen"],
      ["Indikátorok", "igen"], ["Záró közlemény", "igen"], ["Nyilvános projektoldal", "igen"],
    ]);
    expect($("link[rel=stylesheet]").attr("href")).to.equal("/static/report.css");
    expect($(".report-actions a").last().attr("href")).to.equal(`${reportPath()}.pdf`);
  });

  it("is linked from the staff project page, for staff only", async () => {
    const { agent } = await signedIn(app, { roles: ["auditor"] });
    const $ = cheerio.load((await agent.get(`/kezelo/projektek/${encodeURIComponent(key)}`).expect(200)).text);
    expect($(".closure-report a").map((_, a) => $(a).attr("href")).get()).to.deep.equal([reportPath(), `${reportPath()}.pdf`]);
    const anonymous = await app.request.get(reportPath());
    expect(anonymous.status).to.be.oneOf([302, 303]);
    expect((await app.request.get(`${reportPath()}.pdf`)).status).to.be.oneOf([302, 303]);
  });

  it("downloads as a valid PDF with the same content, Hungarian letters, page numbers, title and date in its metadata", async () => {
    const { agent } = await signedIn(app, { roles: ["auditor"] });
    const res = await agent.get(`${reportPath()}.pdf`).buffer(true).parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on("data", (c: Buffer) => chunks.push(c));
      r.on("end", () => done(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(res.headers["content-type"]).to.equal("application/pdf");
    expect(res.headers["content-disposition"]).to.equal(`attachment; filename=zarasi-jelentes-${key}.pdf`);
    const body = res.body as Buffer;
    expect(body.subarray(0, 5).toString()).to.equal("%PDF-");
    const file = path.join(workDir, "report.pdf");
    await fs.writeFile(file, body);
    const text = pdfText(file);
    for (const expected of [
      "Zárási jelentés".toUpperCase(), "Közösségi műhelyek fejlesztése Győrben", key, "105 000 000 Ft", "88 000 000 Ft", "17 000 000 Ft",
      "83,81%", "87 500 000 Ft", "2. számú szerződésmódosítás", "szabo.peter@pest.gov.hu", "45 nap késés (1 teljes hónap)", "120,00%",
      "Rába Gépészeti Zrt.", "Lezárult a műhelyfejlesztés", "eltér a támogatástól", "1. oldal /",
    ]) {
      expect(squashed(text), expected).to.contain(squashed(expected));
    }
    expect(text).to.match(/ő/).and.to.match(/ű/);
    const info = pdfInfo(file);
    expect(info.Title).to.equal(`Zárási jelentés – ${key}`);
    expect(info.Subject).to.equal("Közösségi műhelyek fejlesztése Győrben");
    expect(new Date(info.CreationDate!).getFullYear()).to.equal(new Date().getFullYear());
    expect(info["Page size"]).to.contain("A4");
    const fonts = poppler("pdffonts", [file]);
    expect(fonts).to.match(/Roboto-Regular\s+CID TrueType\s+Identity-H\s+yes/);
  });

  it("is written in both formats from the command line", async function () {
    this.timeout(180_000);
    const { DATABASE_URL: _ignored, ...inherited } = process.env;
    const env: NodeJS.ProcessEnv = { ...inherited, DATA_DIR: path.join(workDir, "data") };
    const run = (script: string, ...args: string[]) =>
      spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts", script), ...args], { cwd: ROOT, env, encoding: "utf8" });
    if (engine === "postgres") {
      env.DATABASE_URL = testServerUrl(await createServerDatabase());
      const migrated = run("migrate.ts");
      expect(migrated.status, migrated.stderr).to.equal(0);
    }
    const doc = reportedProject();
    const source = path.join(workDir, "project.json");
    await fs.writeFile(source, JSON.stringify(fileOf(doc)));
    const imported = run("import.ts", source);
    expect(imported.status, imported.stderr).to.equal(0);

    const pdf = path.join(workDir, "cli.pdf");
    const html = path.join(workDir, "cli.html");
    const madePdf = run("report.ts", "closure", doc.identifier as string, "--format", "pdf", "--out", pdf);
    expect(madePdf.status, madePdf.stderr).to.equal(0);
    expect(pdfText(pdf)).to.contain("Közösségi műhelyek fejlesztése Győrben").and.to.contain("85 000 000 Ft");
    const madeHtml = run("report.ts", "closure", doc.identifier as string, "--format", "html", "--out", html);
    expect(madeHtml.status, madeHtml.stderr).to.equal(0);
    const $ = cheerio.load(await fs.readFile(html, "utf8"));
    expect($("h1").text()).to.equal("Közösségi műhelyek fejlesztése Győrben");
    // A file must show and print the same without the server: the stylesheet is in it.
    expect($("style").text()).to.contain("@page { size: A4");
    expect($(".report-actions")).to.have.length(0);

    const badFormat = run("report.ts", "closure", doc.identifier as string, "--format", "docx", "--out", pdf);
    expect(badFormat.status).to.equal(2);
    expect(badFormat.stderr).to.contain("--format pdf vagy html");
  });
});
