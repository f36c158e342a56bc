/** The staff list in Hungarian alphabetical order, title search without accents, and the keys behind both. */
import * as cheerio from "cheerio";
import { expect } from "chai";
import { backfillTitleKeys } from "../../server/data/titleKeysBackfill.js";
import { hungarianSortKey } from "../../server/domain/hungarianSort.js";
import { testApp } from "../helpers/app.js";
import { useTestDatabase } from "../helpers/database.js";
import { signedIn, type SignedIn } from "../helpers/session.js";
import { fileOf, projectDoc } from "../factories/projectFile.js";

const TITLES = ["Zsámbéki fejlesztés", "TOP program", "Csepeli iskola", "Öntözés a Tiszán", "Czuczor-emlékév", "Ózdi út", "ÁROP tanulmány"];
const IN_ORDER = ["ÁROP tanulmány", "Czuczor-emlékév", "Csepeli iskola", "Ózdi út", "Öntözés a Tiszán", "TOP program", "Zsámbéki fejlesztés"];

describe("titles in Hungarian order and title search", () => {
  const context = useTestDatabase();
  let app: ReturnType<typeof testApp>;
  let staff: SignedIn["agent"];
  const page = async (query: string) => cheerio.load((await staff.get(`/kezelo/projektek?${query}`).expect(200)).text);
  const projectTitles = async (query: string) => {
    const $ = await page(query);
    return $("table.portfolio tbody tr td:nth-child(2) a").map((_, a) => $(a).text()).get();
  };

  before(async () => {
    app = testApp(context.db);
    await app.services.importer.importDocument(
      fileOf(
        ...TITLES.map((title) => projectDoc({ title })),
        projectDoc({ title: "Gödöllői hivatal fejlesztése", identifier: "KEHOP_PLUSZ-1.2.1-21-2022-00001", beneficiary: { name: "Gödöllő Város" } }),
      ),
      "import:test",
    );
    staff = (await signedIn(app, { roles: ["auditor"] })).agent;
  });

  it("orders the list by title as a Hungarian dictionary does", async () => {
    expect(await projectTitles("sort=title&beneficiary=Teszt")).to.deep.equal(IN_ORDER);
  });

  it("keeps the identifier order unless asked", async () => {
    const titles = await projectTitles("beneficiary=Teszt");
    expect(titles).to.have.members(IN_ORDER);
    expect(titles).to.not.deep.equal(IN_ORDER);
  });

  it("finds a title by a part typed without accents or capitals", async () => {
    expect(await projectTitles("q=godollo")).to.deep.equal(["Gödöllői hivatal fejlesztése"]);
    expect(await projectTitles("q=ONTOZES")).to.deep.equal(["Öntözés a Tiszán"]);
    expect(await projectTitles("q=100%25")).to.deep.equal([]);
  });

  it("keeps the search and the order in the form", async () => {
    const $ = await page("q=iskola&sort=title");
    expect($("#q").val()).to.equal("iskola");
    expect($("#sort option[selected]").val()).to.equal("title");
  });

  it("names 2021–27 programmes as people write them, with the period's en dash", async () => {
    const $ = await page("q=godollo");
    const cell = $('table.portfolio [data-field="programme"]');
    expect(cell.find("abbr").text()).to.equal("KEHOP Plusz");
    expect(cell.find("abbr").attr("title")).to.equal("Környezeti és Energiahatékonysági Operatív Program Plusz");
    expect(cell.find(".meta").text()).to.equal("2021\u20132027");
  });

  it("keeps the keys in step with a changed title, without recording them in the history", async () => {
    const before = await context.db.knex("projects").where({ title: "TOP program" }).first("identifier", "uid");
    await app.services.importer.importDocument(
      fileOf(projectDoc({ identifier: before.identifier, title: "Ábécé program", beneficiary: { name: "Teszt Kft. átnevezve" } })),
      "import:test",
    );
    const row = await context.db.knex("projects").where({ uid: before.uid }).first("title_sort_key", "title_search");
    expect(row).to.deep.equal({ title_sort_key: hungarianSortKey("Ábécé program"), title_search: "abece program" });
    const entry = await context.db.knex("audit_log").where({ project_uid: before.uid }).orderBy("seq", "desc").first("changes");
    expect(Object.keys(entry.changes.fields)).to.include("title").and.not.include.members(["title_sort_key", "title_search"]);
  });

  it("fills in the keys of rows stored before they existed, batch by batch, without touching versions", async () => {
    const versions = await context.db.knex("projects").orderBy("id").select("id", "version", "title");
    await context.db.knex("projects").update({ title_sort_key: null, title_search: null });
    expect(await backfillTitleKeys(context.db.knex, 3)).to.equal(versions.length);
    const rows = await context.db.knex("projects").orderBy("id").select("id", "version", "title_sort_key", "title_search");
    for (const [i, row] of rows.entries()) {
      expect(row.version).to.equal(versions[i]!.version);
      expect(row.title_sort_key).to.equal(hungarianSortKey(versions[i]!.title));
    }
    expect(await backfillTitleKeys(context.db.knex)).to.equal(0);
  });
});
