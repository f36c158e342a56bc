/**
 * The public index at `/`: Hungarian full-text search over real titles of the national list (read from
 * ../shared/data beside the repository, never copied into it), typo tolerance for names, filters, keyset
 * paging and what stays hidden. Runs on either engine (TEST_ENGINE).
 */
import fs from "node:fs";
import path from "node:path";
import * as cheerio from "cheerio";
import { expect } from "chai";
import { parse } from "csv-parse/sync";
import { testApp } from "../helpers/app.js";
import { useTestDatabase } from "../helpers/database.js";
import { fileOf, projectDoc } from "../factories/projectFile.js";
import type { Actor } from "../../server/domain/permissions.js";
import { foldForSearch } from "../../server/domain/searchText.js";

const NATIONAL_LIST = path.join(import.meta.dirname, "..", "..", "..", "shared", "data", "szechenyi-terv-plusz-funded-projects.csv");

/** Real projects of the national list, by the list's own id. */
const CHOSEN = [
  "3585860201", "3610880201", "3819200201", "3747140201", "3712800201", "3737100201", "3838840201", "3679540201",
  "3714820201", "3216390201", "3251080201", "3242550201", "3668740201", "3736730201", "3605740201", "3730350201",
  "3287930201",
];

/** A query as people type it, and the real title it must find. */
const CASES: Array<[string, string]> = [
  ["épületekről", "Önkormányzati tulajdonban lévő épület energetikai korszerűsítése Egeraracsán"],
  ["epuletekrol", "A Makói Óvoda – Kálvin téri tagintézmény épületeinek korszerűsítése"],
  ["épületeiről", "A Tokodi Hegyeskő Általános Iskola épületének felújítása, korszerűsítése"],
  ["önkormányzat", "Önkormányzati tulajdonban lévő épület energetikai korszerűsítése Egeraracsán"],
  ["önkormányzatokból", "Magyarbánhegyes Község Önkormányzat egészségügyi ellátásainak komplex fejlesztése"],
  ["onkormanyzatokbol", "Önkormányzati tulajdonban lévő épület energetikai korszerűsítése Egeraracsán"],
  ["biztonságért", "Együtt a biztonságért és a digitális szakadék áthidalásáért"],
  ["biztonsagrol", "Együtt a biztonságért és a digitális szakadék áthidalásáért"],
  ["bölcsődékből", "Bölcsődék fejlesztése Nyíregyházán"],
  ["bolcsodekbol", "Bölcsődék fejlesztése Nyíregyházán"],
  ["múzeumok", "Jósa András Múzeum fejlesztése"],
  ["muzeumok", "Jósa András Múzeum fejlesztése"],
  ["könyvtárai", "Zalalövői Salla Művelődési Központ és Könyvtár energetikai felújítása"],
  ["konyvtarai", "Zalalövői Salla Művelődési Központ és Könyvtár energetikai felújítása"],
  ["piacok", "A Városi Piac infrastrukturális fejlesztése, új piaccsarnok létesítése és víztorony külső felújítása"],
  ["kerekparosok", "Kerékpáros aktív turisztikai útvonal fejlesztése Sárvár és a Ság hegy térségében"],
  ["egyetemről", "Széchenyi István Egyetem győri telephelyének energetikai fejlesztése"],
  ["egyetemrol", "Széchenyi István Egyetem győri telephelyének energetikai fejlesztése"],
  ["sportcsarnokért", "Városi Sportcsarnok energetikai korszerűsítése"],
  ["sportcsarnokert", "Városi Sportcsarnok energetikai korszerűsítése"],
  ["csapadékvízről", "Csapadékvíz-elvezetési rendszerek rekonstrukciója Vépen"],
  ["agglomeraciobol", "Csávolyi agglomeráció szennyvízelvezetése és -tisztítása"],
  ["egészségügyi ellátásairól", "Magyarbánhegyes Község Önkormányzat egészségügyi ellátásainak komplex fejlesztése"],
  ["egeszsegugyi alapellatasrol", "Egészségügyi alapellátás infrastrukturális fejlesztése Hévízen"],
  // The beneficiary's name, and the description.
  ["Nyíregyházai önkormányzat", "Jósa András Múzeum fejlesztése"],
  ["gyógyszertárakról", "Egészségügyi alapellátás infrastrukturális fejlesztése Hévízen"],
  // Misspelt names: found by trigram similarity when their words match nothing (or by stems, where the
  // stemmer absorbs the slip: "Salgotarjam").
  ["Hajdunanas Varosi Onkormanyzt", "A Városi Piac infrastrukturális fejlesztése, új piaccsarnok létesítése és víztorony külső felújítása"],
  ["Kórháztehnikai", "Orvosi eszközök gyártása - technológiai fejlesztés a Kórháztechnikai Zrt-nél"],
  ["Egeracsa Kozseg Onkormanyzata", "Önkormányzati tulajdonban lévő épület energetikai korszerűsítése Egeraracsán"],
  ["Salgotarjam Megyei Jogu Varos", "Városi Sportcsarnok energetikai korszerűsítése"],
];

type Row = Record<string, string>;

function projectOf(row: Row, index: number): Record<string, unknown> {
  return {
    externalKeys: [{ source: "palyazat.gov.hu", key: row.id_palyazat }],
    call: { code: row.konstrukcio_kod, title: row.konstrukcio_nev },
    title: row.projekt_cime,
    // A description only where a case needs one.
    summary: row.id_palyazat === "3679540201" ? "A rendelő és a gyógyszertár felújítása, akadálymentesítése." : null,
    status: index % 3 === 0 ? "closed" : "in_progress",
    beneficiary: { name: row.palyazo_neve },
    location: { settlement: row.helyseg_nev, county: row.megval_megye_nev, region: row.megval_regio_nev },
    funding: { grant: Math.round(Number(row.megitelt_tamogatas)) },
    dates: { decision: row.tam_dont_datum },
    // Several on one day: paging must break the tie by id.
    publishedFrom: `2024-0${1 + (index % 3)}-15`,
  };
}

describe("public index and search", function () {
  const database = useTestDatabase();
  let app: ReturnType<typeof testApp>;
  let request: ReturnType<typeof testApp>["request"];
  let chosen: Row[];
  let bulk: Row[];

  const hidden = {
    unpublished: projectDoc({ title: "Titkos önkormányzati épület felújítása", publishedFrom: null }),
    future: projectDoc({ title: "Jövőbeli önkormányzati épületek korszerűsítése", publishedFrom: "2099-01-01" }),
    // Named exactly as a misspelt query: it must neither show nor crowd out the public name nearly alike.
    namesake: projectDoc({ title: "Titkos faluház felújítása", beneficiary: { name: "Egeracsa Község Önkormányzata" }, publishedFrom: null }),
  };
  const older = projectDoc({
    identifier: "KÖFOP-1.0.0-VEKOP-15-2016-00041",
    title: "Önkormányzati adósságrendezési eljárások hatékonyságának javítása",
    publishedFrom: "2017-03-01",
    status: "closed",
    dates: { decision: "2016.09.20" },
    location: { settlement: "Budapest", county: "Budapest" },
  });

  // A title with markup in it, as a careless import might bring: shown as text, never as HTML.
  const markup = projectDoc({ title: 'Önkormányzati <img src=x onerror="alert(1)"> épület <b>felújítása</b>', publishedFrom: "2023-05-01" });

  before(async function () {
    if (!fs.existsSync(NATIONAL_LIST)) {
      if (process.env.CI === "true") throw new Error(`The national list is missing: ${NATIONAL_LIST}`);
      this.skip();
    }
    const rows: Row[] = parse(fs.readFileSync(NATIONAL_LIST), { columns: true, skip_empty_lines: true });
    const byId = new Map(rows.map((r) => [r.id_palyazat!, r]));
    chosen = CHOSEN.map((id) => byId.get(id)!);
    // More real rows, so that there are pages to turn: the first 60 development projects of the list.
    bulk = rows.filter((r) => !CHOSEN.includes(r.id_palyazat!) && /fejlesztése/.test(r.projekt_cime!) && r.konstrukcio_kod!.startsWith("TOP_PLUSZ")).slice(0, 60);
    app = testApp(database.db);
    request = app.request;
    await app.services.importer.importDocument(
      fileOf(...[...chosen, ...bulk].map(projectOf), ...Object.values(hidden), older, markup),
      "test:national-list",
    );
  });

  const page = async (query: Record<string, string>, status = 200) => cheerio.load((await request.get("/").query(query).expect(status)).text);
  const titlesOf = ($: cheerio.CheerioAPI) => $(".project-cards h2").map((_, h) => $(h).text().trim()).get();

  for (const [query, title] of CASES) {
    it(`finds „${title}” by „${query}”`, async () => {
      expect(titlesOf(await page({ q: query }))).to.include(title);
    });
  }

  /** Every project the index lists for a query, following its "next" links; fails on a loop. */
  async function allPages(query: Record<string, string>): Promise<{ hrefs: string[]; pages: number; count: string }> {
    const hrefs: string[] = [];
    let url: string | undefined = `/?${new URLSearchParams(query)}`;
    let pages = 0;
    let count = "";
    while (url) {
      expect(++pages, "pages").to.be.below(50);
      const $ = cheerio.load((await request.get(url).expect(200)).text);
      if (pages === 1) count = $(".count").text();
      hrefs.push(...$(".project-cards h2 a").map((_, a) => $(a).attr("href")).get());
      url = $('a[rel="next"]').attr("href");
    }
    return { hrefs, pages, count };
  }

  const publishedCount = () => chosen.length + bulk.length + 2;

  it("lists every published project once, newest first, a page after another by cursor", async () => {
    const { hrefs, pages, count } = await allPages({});
    expect(pages).to.be.above(3);
    expect(new Set(hrefs).size, "no project twice").to.equal(hrefs.length);
    expect(hrefs).to.have.length(publishedCount());
    expect(count).to.match(new RegExp(`^${publishedCount()} projekt`));
    const { items } = await app.services.projects.searchPublic({ filter: {}, limit: 500 });
    const days = items.map((i) => (i.position.order === "newest" ? i.position.publishedFrom : ""));
    expect(days, "newest first").to.deep.equal([...days].sort().reverse());
  });

  it("pages through results ranked by relevance, every match exactly once", async () => {
    const { hrefs, pages, count } = await allPages({ q: "fejlesztése" });
    expect(pages).to.be.at.least(2);
    expect(new Set(hrefs).size, "no project twice").to.equal(hrefs.length);
    expect(count).to.match(new RegExp(`^${hrefs.length} projekt`));
    // Every project with a word that starts as the stem does, in its title or its beneficiary's name.
    const stemmed = (text: string) => foldForSearch(text).split(/[^\p{L}\p{N}]+/u).some((w) => w.startsWith("fejlesztes"));
    const expected = [...chosen, ...bulk].filter((r) => stemmed(r.projekt_cime!) || stemmed(r.palyazo_neve!));
    expect(hrefs).to.have.length(expected.length);
  });

  it("never shows an unpublished or not yet published project, whatever is searched", async () => {
    const beneficiary = (hidden.unpublished.beneficiary as { name: string }).name;
    for (const query of [{}, { q: "önkormányzati épület" }, { q: "Titkos" }, { q: "Jövőbeli" }, { beneficiary }, { q: beneficiary }] as Array<Record<string, string>>) {
      const { hrefs } = await allPages(query);
      const $ = await page(query);
      expect($(".project-cards").text(), JSON.stringify(query)).not.to.match(/Titkos|Jövőbeli/);
      for (const doc of Object.values(hidden)) expect(hrefs).not.to.include(`/projektek/${encodeURIComponent(doc.identifier as string)}`);
    }
    expect(titlesOf(await page({ q: "Titkos" }))).to.deep.equal([]);
    expect(titlesOf(await page({ beneficiary }))).to.deep.equal([]);
  });

  it("combines filters with the query, and keeps them all in the URL of the next page", async () => {
    const zala = [...chosen, ...bulk].filter((r) => r.megval_megye_nev === "Zala" && r.konstrukcio_kod!.startsWith("TOP_PLUSZ") && /energeti/i.test(r.projekt_cime!));
    expect(zala.length, "the data has such projects").to.be.at.least(2);
    expect(titlesOf(await page({ q: "energetikai", county: "Zala", programme: "TOP Plusz" }))).to.have.members(zala.map((r) => r.projekt_cime!));
    expect(titlesOf(await page({ q: "energetikai", county: "zala", programme: "top_plusz", status: "lezárult" }))).to.have.members(
      zala.filter((r) => CHOSEN.includes(r.id_palyazat!) ? CHOSEN.indexOf(r.id_palyazat!) % 3 === 0 : (chosen.length + bulk.indexOf(r)) % 3 === 0).map((r) => r.projekt_cime!),
    );
    expect(titlesOf(await page({ period: "2014–2020" }))).to.deep.equal([older.title]);
    expect(titlesOf(await page({ year: "2016" }))).to.deep.equal([older.title]);
    expect(titlesOf(await page({ q: "önkormányzati", period: "2014-2020", county: "Budapest", settlement: "budapest" }))).to.deep.equal([older.title]);
    const nyiregyhaza = [...chosen, ...bulk].filter((r) => r.helyseg_nev === "Nyíregyháza").map((r) => r.projekt_cime!);
    expect(titlesOf(await page({ settlement: "NYIREGYHAZA" }))).to.have.members(nyiregyhaza);
    expect(titlesOf(await page({ beneficiary: "nyiregyhaza megyei jogu" }))).to.have.members(
      [...chosen, ...bulk].filter((r) => foldForSearch(r.palyazo_neve!).includes("nyiregyhaza megyei jogu")).map((r) => r.projekt_cime!),
    );
    const years = [...chosen, ...bulk].filter((r) => r.tam_dont_datum!.startsWith("2023")).map((r) => r.projekt_cime!);
    const { hrefs } = await allPages({ year: "2023", period: "2021-2027" });
    expect(hrefs).to.have.length(years.length);

    const $ = await page({ q: "fejlesztése", county: "Pest", status: "folyamatban" });
    const next = $('a[rel="next"]').attr("href");
    if (next) {
      const params = new URL(next, "http://x").searchParams;
      expect(Object.fromEntries([...params].filter(([k]) => k !== "after"))).to.deep.equal({ q: "fejlesztése", county: "Pest", status: "folyamatban" });
    }
    expect($("#q").val()).to.equal("fejlesztése");
    expect($("#county option:selected").val()).to.equal("Pest");
    expect($("#status option:selected").val()).to.equal("in_progress");
  });

  it("marks the matched words and shows markup in a title as text", async () => {
    const $ = await page({ q: "épületek" });
    const card = $(".project-cards li").filter((_, li) => $(li).text().includes("onerror"));
    expect(card).to.have.length(1);
    expect(card.find("img, b")).to.have.length(0);
    expect(card.find("h2").text()).to.contain('<img src=x onerror="alert(1)">');
    expect(card.find("h2 mark").map((_, m) => $(m).text()).get()).to.deep.equal(["épület"]);
    const egeraracsa = $(".project-cards h2").filter((_, h) => $(h).text().includes("Egeraracsán"));
    expect(egeraracsa.find("mark").map((_, m) => $(m).text()).get()).to.deep.equal(["épület"]);
    const withSummary = $(".project-cards li").filter((_, li) => $(li).text().includes("Hévízen"));
    expect(withSummary.length).to.equal(0);
    const hevizi = await page({ q: "gyogyszertarrol" });
    expect(hevizi(".excerpt mark").map((_, m) => hevizi(m).text()).get()).to.deep.equal(["gyógyszertár"]);
  });

  it("finds a project by its new title and its beneficiary's new name after they change", async () => {
    const admin: Actor = { label: "admin@example.hu", userId: null, roles: ["admin"], projectIds: new Set() };
    const [museum] = await database.db.knex("projects as p").join("organisations as o", "o.id", "p.beneficiary_id").where("p.title", "Jósa András Múzeum fejlesztése").select("o.id", "o.version", "o.tax_number");
    expect(titlesOf(await page({ q: "Nyíregyháza Megyei Jogú" }))).to.include("Jósa András Múzeum fejlesztése");
    await app.services.references.organisations.update(admin, museum.id, { name: "Szabolcsi Múzeumfenntartó Testület", taxNumber: museum.tax_number ?? "", version: String(museum.version) });
    expect(titlesOf(await page({ q: "múzeumfenntartó" }))).to.include("Jósa András Múzeum fejlesztése");
    const row = chosen.find((r) => r.id_palyazat === "3730350201")!;
    await app.services.importer.importDocument(fileOf({ ...projectOf(row, 15), title: "Közösségi biztonsági kamerarendszer kiépítése" }), "test:rename");
    expect(titlesOf(await page({ q: "kamerarendszerek" }))).to.include("Közösségi biztonsági kamerarendszer kiépítése");
    expect(titlesOf(await page({ q: "szakadékok" }))).to.deep.equal([]);
  });

  it("refuses a bad parameter in Hungarian, naming it, with everything typed kept", async () => {
    const $ = await page({ q: "iskola", year: "tavaly", county: "Atlantisz", period: "1990-1999", after: "harmadik", settlement: "Tokod" }, 400);
    expect($("title").text()).to.match(/^Hiba: /);
    const errors = $(".error-summary li").map((_, li) => $(li).text().trim()).get();
    expect(errors).to.include.members([
      "Támogatási döntés éve: évszám kell, például 2022",
      "Megye: ismeretlen megye: „Atlantisz”; lehet: Bács-Kiskun, Baranya, Békés, Borsod-Abaúj-Zemplén, Budapest, Csongrád-Csanád, Fejér, Győr-Moson-Sopron, Hajdú-Bihar, Heves, Jász-Nagykun-Szolnok, Komárom-Esztergom, Nógrád, Pest, Somogy, Szabolcs-Szatmár-Bereg, Tolna, Vas, Veszprém, Zala",
      "Időszak: ismeretlen programozási időszak: „1990-1999”; lehet: 2007–2013, 2014–2020, 2021–2027",
      "Lapozás: ez nem a lapozás hivatkozása; kezdje az első oldalon",
    ]);
    expect($(".error-summary a[href='#year']")).to.have.length(1);
    expect($("#q").val()).to.equal("iskola");
    expect($("#year").val()).to.equal("tavaly");
    expect($("#settlement").val()).to.equal("Tokod");
    expect($(".project-cards")).to.have.length(0);
    for (const after of ["2024-02-30_5", "2024-03-01_9999999999", "r0.5_9999999999", "r-1_5"]) {
      const refused = cheerio.load((await request.get("/").query({ after }).expect(400)).text);
      expect(refused(".error-summary li").text().trim(), after).to.equal("Lapozás: ez nem a lapozás hivatkozása; kezdje az első oldalon");
    }
    const twice = cheerio.load((await request.get("/?year=2020&year=2021&q=iskola").expect(400)).text);
    expect(twice(".error-summary li").text().trim()).to.equal("Támogatási döntés éve: csak egyszer adható meg");
    expect(twice("#q").val()).to.equal("iskola");
  });

  it("answers the old address /projektek with the index, its query kept", async () => {
    const res = await request.get("/projektek?q=%C3%B3voda&county=Pest").expect(301);
    expect(res.headers.location).to.equal("/?q=%C3%B3voda&county=Pest");
    expect((await request.get("/projektek").expect(301)).headers.location).to.equal("/");
  });
});
