/**
 * The list of operations as open data: the CSV's columns are the ones the README documents, every row says what
 * is stored, only public projects appear, and both files are streamed batch by batch.
 */
import fs from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { once } from "node:events";
import { expect } from "chai";
import { parse } from "csv-parse/sync";
import { load } from "cheerio";
import { loadTestPortfolio, testApp, usePortfolioApp } from "../helpers/app.js";
import { useTestDatabase } from "../helpers/database.js";
import { fileOf, projectDoc } from "../factories/projectFile.js";
import { firstDay, lastDay, type PartialDate } from "../../server/domain/dates.js";
import { STATUS_LABELS } from "../../server/presenters/labels.js";

const README = path.join(import.meta.dirname, "..", "..", "README.md");

/** The first two cells of each row of the README's table of open-data columns. */
async function documentedColumns(): Promise<Array<{ header: string; key: string }>> {
  const readme = await fs.readFile(README, "utf8");
  const section = readme.split(/^## /m).find((s) => s.startsWith("Open data"));
  if (!section) throw new Error("README has no Open data section");
  const rows = section.split("\n").filter((line) => line.startsWith("| ")).slice(1);
  return rows.map((line) => {
    const [header, key] = line.split("|").slice(1, 3).map((cell) => cell.trim());
    return { header: header!, key: key!.replace(/`/g, "") };
  });
}

const dmy = (date: PartialDate | null, bound: (d: PartialDate) => string) => (date ? bound(date).split("-").reverse().join("/") : "");

describe("open data: the list of operations", () => {
  const context = usePortfolioApp();
  const hidden = {
    unpublished: projectDoc({ title: "Rejtett piszkozat projekt", publishedFrom: null }),
    future: projectDoc({ title: "Jövőben közzéteendő projekt", publishedFrom: "2099-01-01" }),
  };
  const full = projectDoc({
    title: "Árvízvédelmi fejlesztés Győrben",
    summary: "Célja a gát megerősítése.\n\nEredménye: 12 km új töltés; \"idézet\" is.",
    internalNotes: "BELSŐ-JEGYZET-SOHA",
    contact: { name: "Kapcsolat Ödön", email: "titkos.kapcsolat@example.hu" },
    funds: ["ERFA", "KA"],
    specificObjective: "RSO2.4",
    interventionType: "058",
    location: { settlement: "Győr", county: "Győr-Moson-Sopron", country: "HU", indicator: "HU221" },
    funding: { totalCost: "10 000 000 Ft", grant: "8 500 000 Ft", ownContribution: "1 500 000 Ft", euCofinancingRate: 85.5 },
    dates: { start: "2023-03", plannedEnd: "2025", actualEnd: null },
    procurements: [
      { subject: "Kivitelezés", contractor: "=Építő Zrt.", method: "open" },
      { subject: "Tervezés", contractor: "Mérnök Iroda Kft.", method: "open" },
      { subject: "Műszaki ellenőr", contractor: "Mérnök Iroda Kft.", method: "direct" },
    ],
  });
  const backwards = projectDoc({ title: "Fordított dátumú projekt", dates: { start: "2022-05-10", plannedEnd: "2021-12-31" } });

  before(async () => {
    await context.app.services.importer.importDocument(fileOf(hidden.unpublished, hidden.future, full, backwards), "import:test");
  });

  async function csvRows() {
    const response = await context.request.get("/nyilt-adatok/projektek.csv").buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => done(null, Buffer.concat(chunks)));
    }).expect(200);
    const bytes = response.body as Buffer;
    const records: string[][] = parse(bytes, { delimiter: ";", bom: true });
    return { response, bytes, header: records[0]!, rows: records.slice(1) };
  }

  const publicTotal = async () => (await context.request.get("/api/v1/projects?limit=1").expect(200)).body.total as number;

  it("is UTF-8 with a BOM, `;`-separated, with exactly the columns the README documents", async () => {
    const { response, bytes, header } = await csvRows();
    expect(response.headers["content-type"]).to.equal("text/csv; charset=utf-8");
    expect([...bytes.subarray(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
    expect(bytes.toString("utf8")).to.contain("Győr-Moson-Sopron").and.contain("\r\n");
    expect(header).to.deep.equal((await documentedColumns()).map((c) => c.header));
  });

  it("has one row per public project, each saying what is stored", async () => {
    const { header, rows } = await csvRows();
    expect(rows).to.have.length(await publicTotal());
    const { items } = await context.app.services.projects.list({}, { limit: 500, offset: 0 });
    const byUid = new Map(
      await Promise.all(items.map(async (p) => {
        const stored = await context.app.services.projects.get(String(p.id));
        return [stored.record.uid, stored] as const;
      })),
    );
    for (const row of rows) {
      const cell = (name: string) => row[header.indexOf(name)];
      const stored = byUid.get(cell("Egyedi kód")!)!;
      expect(stored, cell("Egyedi kód")).to.not.equal(undefined);
      expect(cell("Projektazonosító")).to.equal(stored.record.identifier ?? "");
      expect(cell("Projekt címe")).to.equal(stored.record.title);
      expect(cell("Kedvezményezett")).to.equal(stored.record.beneficiary.name);
      expect(cell("Célok és eredmények")).to.equal(stored.record.summary ?? "");
      expect(cell("Felhívás kódja")).to.equal(stored.record.call?.code ?? "");
      expect(cell("Operatív program kódja")).to.equal(stored.programme?.code ?? "");
      expect(cell("Összköltség")).to.equal(stored.currentFunding.totalCost === null ? "" : String(stored.currentFunding.totalCost));
      expect(cell("Támogatás")).to.equal(stored.currentFunding.grant === null ? "" : String(stored.currentFunding.grant));
      expect(cell("Önerő")).to.equal(stored.currentFunding.ownContribution === null ? "" : String(stored.currentFunding.ownContribution));
      expect(cell("Pénznem")).to.equal("HUF");
      expect(cell("Ország")).to.equal(stored.record.location.country);
      expect(cell("Település")).to.equal(stored.record.location.settlement ?? "");
      expect(cell("Állapot")).to.equal(STATUS_LABELS[stored.record.status]);
      expect(cell("Kezdés dátuma")).to.equal(dmy(stored.record.dates.start, firstDay));
      const end = stored.record.dates.actualEnd ?? stored.record.dates.plannedEnd;
      if (cell("Befejezés jellege") !== "a kezdés előtti, ezért nincs közölve") expect(cell("Befejezés dátuma")).to.equal(dmy(end, lastDay));
      expect(cell("Alap kódja")).to.equal(stored.record.funds.join(" | "));
      for (const date of [cell("Kezdés dátuma"), cell("Befejezés dátuma"), cell("Utolsó módosítás")]) {
        expect(date).to.match(/^(\d{2}\/\d{2}\/\d{4})?$/);
      }
    }
  });

  it("carries every field of the list of operations", async () => {
    const { header, rows } = await csvRows();
    const row = rows.find((r) => r[header.indexOf("Projekt címe")] === full.title)!;
    const cell = (name: string) => row[header.indexOf(name)];
    expect(cell("Közbeszerzések nyertesei"), "each contractor once; a formula-like name is defused").to.equal("'=Építő Zrt. | Mérnök Iroda Kft.");
    expect(cell("Célok és eredmények")).to.equal(full.summary);
    expect(cell("Alap")).to.equal("Európai Regionális Fejlesztési Alap | Kohéziós Alap");
    expect(cell("Konkrét célkitűzés")).to.equal("RSO2.4");
    expect(cell("Beavatkozás típusa")).to.equal("058");
    expect(cell("Helymeghatározó")).to.equal("HU221");
    expect(cell("Uniós társfinanszírozási arány (%)")).to.equal("85,5");
    expect(cell("Kezdés dátuma")).to.equal("01/03/2023");
    expect(cell("Befejezés dátuma")).to.equal("31/12/2025");
    expect(cell("Befejezés jellege")).to.equal("tervezett");
    const today = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Budapest" }).format(new Date());
    expect(cell("Utolsó módosítás")).to.equal(today);
  });

  it("never publishes an end before the start: the end is left empty and flagged", async () => {
    const { header, rows } = await csvRows();
    const row = rows.find((r) => r[header.indexOf("Projekt címe")] === backwards.title)!;
    expect(row[header.indexOf("Kezdés dátuma")]).to.equal("10/05/2022");
    expect(row[header.indexOf("Befejezés dátuma")]).to.equal("");
    expect(row[header.indexOf("Befejezés jellege")]).to.equal("a kezdés előtti, ezért nincs közölve");
    const json = (await context.request.get("/nyilt-adatok/projektek.json").expect(200)).body as Array<Record<string, unknown>>;
    const entry = json.find((o) => o.title === backwards.title)!;
    expect(entry).to.include({ startDate: "2022-05-10", endDate: null, endDateKind: "beforeStart" });
  });

  it("gives the same operations as JSON, keyed as the README documents", async () => {
    const { header, rows } = await csvRows();
    const response = await context.request.get("/nyilt-adatok/projektek.json").expect(200);
    expect(response.headers["content-type"]).to.equal("application/json; charset=utf-8");
    const json = response.body as Array<Record<string, unknown>>;
    expect(json.map((o) => o.uid)).to.deep.equal(rows.map((r) => r[header.indexOf("Egyedi kód")]));
    for (const entry of json) expect(Object.keys(entry)).to.deep.equal((await documentedColumns()).map((c) => c.key));
    const entry = json.find((o) => o.title === full.title)!;
    expect(entry).to.deep.include({
      contractors: ["=Építő Zrt.", "Mérnök Iroda Kft."],
      fundCodes: ["ERFA", "KA"],
      startDate: "2023-03",
      endDate: "2025",
      endDateKind: "planned",
      totalCost: 10_000_000,
      euCofinancingRate: 85.5,
      currency: "HUF",
      status: "in_progress",
    });
  });

  it("never shows hidden projects or non-public fields", async () => {
    const csv = (await csvRows()).bytes.toString("utf8");
    const json = (await context.request.get("/nyilt-adatok/projektek.json").expect(200)).text;
    for (const text of [csv, json]) {
      for (const doc of Object.values(hidden)) {
        expect(text).not.to.contain(doc.title as string);
        expect(text).not.to.contain(doc.identifier as string);
      }
      expect(text).not.to.contain("BELSŐ-JEGYZET-SOHA");
      expect(text).not.to.contain("titkos.kapcsolat@example.hu");
      expect(text).not.to.contain("Kapcsolat Ödön");
    }
  });

  it("describes both files and every column on a public page", async () => {
    const page = await context.request.get("/nyilt-adatok").expect(200);
    const $ = load(page.text);
    expect($("a[href='/nyilt-adatok/projektek.csv']")).to.have.length(1);
    expect($("a[href='/nyilt-adatok/projektek.json']")).to.have.length(1);
    expect($("table.data-columns tbody th").map((_i, th) => $(th).text()).get()).to.deep.equal(
      (await documentedColumns()).map((c) => c.header),
    );
  });
});

describe("open data: streaming", () => {
  const database = useTestDatabase();
  let app: ReturnType<typeof testApp>;
  const MANY = 1_200;

  before(async () => {
    app = testApp(database.db);
    await loadTestPortfolio(app.services);
    // Copies of a stored project, made in one statement: how they were written does not matter here, and a
    // write-path import of this size is slow on the embedded engine.
    await database.db.knex.raw(
      `insert into projects (identifier, call_id, title, title_sort_key, title_search, status, beneficiary_id, country,
         total_cost, grant_amount, own_contribution, published_from)
       select 'GINOP_PLUSZ-9.9.9-99-2099-' || lpad(g::text, 5, '0'), call_id, title || ' ' || g, title_sort_key,
         title_search, status, beneficiary_id, country, total_cost, grant_amount, own_contribution, published_from
       from projects, generate_series(1, ?) as g where id = (select min(id) from projects)`,
      [MANY],
    );
  });

  it("reads the portfolio in bounded batches", async () => {
    const sizes: number[] = [];
    for await (const batch of app.services.openData.operations()) sizes.push(batch.length);
    expect(sizes.length).to.be.greaterThan(2);
    expect(Math.max(...sizes)).to.be.at.most(500);
    expect(sizes.reduce((a, b) => a + b, 0)).to.equal(MANY + 13);
  });

  it("stops reading when the client breaks off the download, and goes on serving", async () => {
    const server = http.createServer(app.app).listen(0, "127.0.0.1");
    await once(server, "listening");
    try {
      const { port } = server.address() as { port: number };
      const response = await new Promise<http.IncomingMessage>((resolve) => http.get(`http://127.0.0.1:${port}/nyilt-adatok/projektek.csv`, resolve));
      await once(response, "data");
      response.destroy();
      await app.request.get("/nyilt-adatok/projektek.json").expect(200);
    } finally {
      server.close();
    }
  });

  for (const file of ["projektek.csv", "projektek.json"]) {
    it(`sends ${file} in chunks as the batches arrive, without a length known in advance`, async () => {
      const server = http.createServer(app.app).listen(0, "127.0.0.1");
      await once(server, "listening");
      try {
        const { port } = server.address() as { port: number };
        const response = await new Promise<http.IncomingMessage>((resolve) => http.get(`http://127.0.0.1:${port}/nyilt-adatok/${file}`, resolve));
        expect(response.statusCode).to.equal(200);
        expect(response.headers["transfer-encoding"]).to.equal("chunked");
        expect(response.headers["content-length"]).to.equal(undefined);
        let chunks = 0;
        let bytes = 0;
        for await (const chunk of response) {
          chunks++;
          bytes += (chunk as Buffer).length;
        }
        expect(chunks).to.be.greaterThan(3);
        expect(bytes).to.be.greaterThan(MANY * 100);
      } finally {
        server.close();
      }
    });
  }
});
