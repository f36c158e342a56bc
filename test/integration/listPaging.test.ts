/**
 * The project lists at scale, through HTTP: keyset paging by `after` in the API and the staff list (every project
 * once, in order, also with rows inserted between pages), refused cursors and deep offsets, the programme and
 * period on the project following a call's move, the accent-free beneficiary filter, the counts (exact, capped,
 * estimated and so labelled), and the plans: every order the lists offer is read from an index, never sorted.
 */
import * as cheerio from "cheerio";
import { expect } from "chai";
import type { Knex } from "knex";
import { systemActor } from "../../server/domain/permissions.js";
import { testApp } from "../helpers/app.js";
import { useTestDatabase } from "../helpers/database.js";
import { signedIn, type SignedIn } from "../helpers/session.js";
import { fileOf, projectDoc } from "../factories/projectFile.js";

const PUBLISHED = { publishedFrom: "2023-01-01" };

interface Line {
  id: number;
  identifier: string | null;
  title: string;
}

/** Byte order of UTF-8, as `collate "C"` compares. */
const bytewise = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** The identifier order: identifiers byte by byte, then the projects without one by id. */
function inIdentifierOrder(lines: Line[]): Line[] {
  return [...lines].sort((a, b) =>
    a.identifier === null || b.identifier === null
      ? (a.identifier === null ? 1 : 0) - (b.identifier === null ? 1 : 0) || a.id - b.id
      : bytewise(a.identifier, b.identifier),
  );
}

/** Every node of an EXPLAIN (format json) plan. */
function planNodes(plan: Record<string, unknown>): Array<Record<string, unknown>> {
  return [plan, ...((plan.Plans as Array<Record<string, unknown>> | undefined) ?? []).flatMap(planNodes)];
}

describe("project lists that do not grow with the portfolio", () => {
  const context = useTestDatabase();
  let app: ReturnType<typeof testApp>;
  let staff: SignedIn["agent"];
  const knex = (): Knex => context.db.knex;

  /** Every page of the API list, following `next` from the first page. */
  async function allPages(query: string, between: (page: number) => Promise<void> = async () => {}): Promise<Line[]> {
    const seen: Line[] = [];
    let after: string | null = null;
    for (let page = 0; page < 100; page++) {
      const { body }: { body: { items: Line[]; next: string | null } } = await app.request
        .get(`/api/v1/projects?${query}${after ? `&after=${after}` : ""}`)
        .expect(200);
      seen.push(...(body.items as Line[]));
      after = body.next;
      if (after === null) return seen;
      await between(page);
    }
    throw new Error("the list did not end");
  }

  /** The SQL of the list's page query, as the app ran it for `path`. */
  async function pageQuery(path: string): Promise<{ sql: string; bindings: unknown[] }> {
    const queries: Array<{ sql: string; bindings: unknown[] }> = [];
    const listen = (q: { sql: string; bindings: unknown[] }) => queries.push(q);
    knex().on("query", listen);
    try {
      await app.request.get(path).expect(200);
    } finally {
      knex().off("query", listen);
    }
    const page = queries.find((q) => q.sql.includes("order_key"));
    if (!page) throw new Error(`no page query for ${path}`);
    return page;
  }

  before(async () => {
    app = testApp(context.db);
    // Identifiers whose byte order differs from a dictionary's ("ÁROP" after every unaccented letter), and
    // projects known only by their call (no identifier): they come last, by id.
    const identifiers = ["KÖFOP-1.0.0-15-2016-00002", "ÁROP-1.1.1-2012-2012-0001", "KEHOP-1.2.0-15-2016-00001", "EFOP-3.1.1-16-2017-00010"];
    await app.services.importer.importDocument(
      fileOf(
        ...identifiers.map((identifier) => projectDoc({ identifier, ...PUBLISHED })),
        ...Array.from({ length: 17 }, () => projectDoc(PUBLISHED)),
        ...Array.from({ length: 3 }, (_, i) => projectDoc({ identifier: null, call: { code: "TOP-1.1.1-15" }, title: `Csak felhívás ${i}`, ...PUBLISHED })),
        projectDoc({ title: "Még nem nyilvános", publishedFrom: "2099-01-01" }),
      ),
      "import:test",
    );
    staff = (await signedIn(app, { roles: ["auditor"] })).agent;
  });

  it("pages by cursor through every published project once, in identifier order, ending with next: null", async () => {
    const seen = await allPages("limit=4");
    expect(seen.map((l) => l.id)).to.have.length(24);
    expect(new Set(seen.map((l) => l.id)).size).to.equal(24);
    expect(seen.map((l) => l.id)).to.deep.equal(inIdentifierOrder(seen).map((l) => l.id));
    expect(seen.slice(-4).map((l) => l.identifier)).to.deep.equal(["ÁROP-1.1.1-2012-2012-0001", null, null, null]);
    expect(seen.map((l) => l.title)).to.not.include("Még nem nyilvános");
  });

  it("pages by cursor in title order as the single page has it", async () => {
    const { body: whole } = await app.request.get("/api/v1/projects?sort=title&limit=500").expect(200);
    expect(whole.next).to.equal(null);
    const paged = await allPages("sort=title&limit=5");
    expect(paged.map((l) => l.id)).to.deep.equal(whole.items.map((l: Line) => l.id));
  });

  it("stays right when projects are written between pages: each project once, the new ones after the position seen", async () => {
    const before = await allPages("limit=500");
    let inserted = 0;
    const seen = await allPages("limit=6", async (page) => {
      if (page !== 1) return;
      // One sorts before the pages read so far ("EFOP-1…"), one after them ("TOP-…"), one without an identifier.
      await app.services.importer.importDocument(
        fileOf(
          projectDoc({ identifier: "EFOP-1.1.1-15-2016-00001", ...PUBLISHED }),
          projectDoc({ identifier: "TOP-1.1.1-15-2016-00001", ...PUBLISHED }),
          projectDoc({ identifier: null, call: { code: "TOP-1.1.1-15" }, title: "Közben felvett", ...PUBLISHED }),
        ),
        "import:between",
      );
      inserted = 3;
    });
    expect(inserted).to.equal(3);
    const ids = seen.map((l) => l.id);
    expect(new Set(ids).size, "no project twice").to.equal(ids.length);
    expect(ids).to.include.members(before.map((l) => l.id));
    expect(ids).to.deep.equal(inIdentifierOrder(seen).map((l) => l.id));
    const identifiers = seen.map((l) => l.identifier);
    expect(identifiers).to.include("TOP-1.1.1-15-2016-00001").and.not.include("EFOP-1.1.1-15-2016-00001");
    expect(seen.map((l) => l.title)).to.include("Közben felvett");
  });

  it("refuses a cursor it did not write with a JSON 400 naming after", async () => {
    const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    for (const after of ["garbage!", "bm90IGpzb24", forged(["identifier", "X", -1]), forged(["identifier", 5, 1]), forged(["random", "X", 1]), forged({ key: "X" })]) {
      const { body } = await app.request.get("/api/v1/projects").query({ after }).expect(400);
      expect(body.error.details.map((d: { field: string }) => d.field), after).to.deep.equal(["after"]);
      expect(body.error.details[0].message).to.include("lapozás");
    }
    const { body: first } = await app.request.get("/api/v1/projects?limit=2").expect(200);
    const { body: otherOrder } = await app.request.get("/api/v1/projects").query({ after: first.next, sort: "title" }).expect(400);
    expect(otherOrder.error.details.map((d: { field: string }) => d.field)).to.deep.equal(["after"]);
    const $ = cheerio.load((await staff.get("/kezelo/projektek?after=garbage!").expect(400)).text);
    expect($(".error-summary a").attr("href")).to.equal("#after");
    expect($(".error-summary").text()).to.include("Lapozás");
  });

  it("takes an offset up to 10,000 and refuses a deeper one, pointing to after (API and staff list)", async () => {
    await app.request.get("/api/v1/projects?offset=10000").expect(200);
    const { body } = await app.request.get("/api/v1/projects?offset=10001").expect(400);
    const [detail] = body.error.details;
    expect(detail.field).to.equal("offset");
    expect(detail.message).to.include("10000").and.include("after");
    const { body: first } = await app.request.get("/api/v1/projects?limit=2").expect(200);
    const both = await app.request.get("/api/v1/projects").query({ after: first.next, offset: 2 }).expect(400);
    expect(both.body.error.details.map((d: { field: string }) => d.field)).to.deep.equal(["offset"]);
    const $ = cheerio.load((await staff.get("/kezelo/projektek?offset=999000").expect(400)).text);
    expect($(".error-summary a").attr("href")).to.equal("#offset");
  });

  it("filters by programme and period from the project's own columns, right after its call moves to another programme", async () => {
    await app.services.importer.importDocument(
      fileOf(projectDoc({ identifier: null, call: { code: "KEHOP-9.9.8-15" }, title: "Áthelyezett felhívás projektje", ...PUBLISHED })),
      "import:moved",
    );
    const titles = async (query: string) => (await allPages(query)).map((l) => l.title);
    expect(await titles("programme=KEHOP")).to.include("Áthelyezett felhívás projektje");
    expect(await titles("period=2014-2020")).to.include("Áthelyezett felhívás projektje");
    expect(await titles("programme=GINOP_PLUSZ")).to.not.include("Áthelyezett felhívás projektje");

    const call = await knex()("calls").where({ code: "KEHOP-9.9.8-15" }).first("id", "version");
    await app.services.references.calls.update(systemActor("test"), call.id, { code: "RÉGI/9.9.8", programme: "GINOP_PLUSZ", version: call.version });

    expect(await titles("programme=KEHOP")).to.not.include("Áthelyezett felhívás projektje");
    expect(await titles("programme=GINOP_PLUSZ")).to.include("Áthelyezett felhívás projektje");
    expect(await titles("period=2021-2027")).to.include("Áthelyezett felhívás projektje");
    expect(await titles("period=2014%E2%80%932020")).to.not.include("Áthelyezett felhívás projektje");
    const programmes = (await allPages("period=2021-2027")).map((l) => (l as unknown as { programme: { period: string } }).programme.period);
    expect(new Set(programmes)).to.deep.equal(new Set(["2021-2027"]));
  });

  it("follows a programme's new period to its projects", async () => {
    const programme = await knex()("programmes").where({ code: "KÖFOP" }).first("id", "version", "name", "instrument");
    const count = async (period: string) => (await app.request.get(`/api/v1/projects?programme=KÖFOP&period=${period}`).expect(200)).body.total;
    expect(await count("2014-2020")).to.equal(1);
    await app.services.references.programmes.update(systemActor("test"), programme.id, {
      code: "KÖFOP",
      name: programme.name,
      period: "2007-2013",
      instrument: programme.instrument,
      version: programme.version,
    });
    expect(await count("2014-2020")).to.equal(0);
    expect(await count("2007-2013")).to.equal(1);
  });

  it("finds a beneficiary by its name typed without accents; a tax number only exactly", async () => {
    await app.services.importer.importDocument(
      fileOf(projectDoc({ beneficiary: { name: "Gödöllő Város Önkormányzata", taxNumber: "15731007-2-13" }, ...PUBLISHED })),
      "import:godollo",
    );
    const beneficiaries = async (beneficiary: string) =>
      (await app.request.get("/api/v1/projects").query({ beneficiary }).expect(200)).body.items.map((l: { beneficiary: { name: string } }) => l.beneficiary.name);
    for (const typed of ["godollo varos", "GÖDÖLLŐ", "Godollo Város onkormanyzata"]) {
      expect(await beneficiaries(typed), typed).to.deep.equal(["Gödöllő Város Önkormányzata"]);
    }
    expect(await beneficiaries("15731007-2-13")).to.deep.equal(["Gödöllő Város Önkormányzata"]);
    expect(await beneficiaries("15731007-2-1")).to.deep.equal([]);
  });

  it("counts exactly up to a thousand, then labels the total: an estimate for the whole list, 'more than' for a filter", async () => {
    const small = (await app.request.get("/api/v1/projects?limit=1").expect(200)).body;
    expect(small).to.include({ totalIsApproximate: false, totalIsLowerBound: false });
    expect(small.total).to.equal(Number((await knex()("projects").where("published_from", "<=", "2023-01-01").count({ n: "*" }))[0]!.n));

    // 1,200 more published projects, copied in SQL (the list's counts are what is tested, not the write path).
    await knex().raw(`
      insert into projects (identifier, call_id, title, title_sort_key, title_search, status, beneficiary_id, published_from, slug)
      select 'MASOLAT-' || n, p.call_id, p.title || ' ' || n, p.title_sort_key || n, p.title_search || n, p.status, p.beneficiary_id,
             p.published_from, p.slug || '-masolat-' || n
      from (select * from projects where identifier = 'EFOP-3.1.1-16-2017-00010') as p, generate_series(1, 1200) as n`);
    await knex().raw("analyze projects");
    // Written past the app, so announced as the README tells whoever does that.
    await knex().transaction(async (trx) => {
      await trx.raw("update public_content_version set version = version + 1");
      await trx.raw("notify public_content_version");
    });

    const whole = (await app.request.get("/api/v1/projects?limit=1").expect(200)).body;
    expect(whole).to.include({ totalIsApproximate: true, totalIsLowerBound: false });
    expect(whole.total).to.be.above(1000);
    const filtered = (await app.request.get("/api/v1/projects?limit=1&programme=EFOP").expect(200)).body;
    expect(filtered).to.include({ total: 1000, totalIsApproximate: true, totalIsLowerBound: true });
    const few = (await app.request.get("/api/v1/projects?limit=1&programme=KEHOP").expect(200)).body;
    expect(few).to.include({ totalIsApproximate: false });

    const count = async (query: string) => cheerio.load((await staff.get(`/kezelo/projektek?${query}`).expect(200)).text)("p.count").text();
    expect(await count("")).to.match(/^kb\. \d[\d\s\u00a0]* projekt$/);
    expect(await count("programme=EFOP")).to.equal("több mint 1000 projekt");
  });

  it("pages a title search alike whether few or many titles contain its text, finding the few first", async () => {
    const few = await allPages("q=csak%20felhivas&limit=2");
    expect(few.map((l) => l.title).sort()).to.deep.equal(["Csak felhívás 0", "Csak felhívás 1", "Csak felhívás 2"]);
    expect((await pageQuery("/api/v1/projects?q=csak%20felhivas&limit=2")).sql).to.contain("= any(array(select id from projects");
    // Not when another filter narrows the list too (the count is not the title's), nor for a text without a trigram.
    expect((await pageQuery("/api/v1/projects?q=csak%20felhivas&period=2014-2020&limit=2")).sql).to.not.contain("any(array(");
    expect((await pageQuery("/api/v1/projects?q=cs&limit=2")).sql).to.not.contain("any(array(");

    // Over a thousand titles (the copies of the test before) contain the EFOP project's: read in the order's index.
    const { title } = await knex()("projects").where({ identifier: "EFOP-3.1.1-16-2017-00010" }).first("title");
    const [row] = await knex()("projects").where("title", "like", `${title}%`).where("published_from", "<=", "2023-01-01").count({ n: "*" });
    const many = await allPages(`q=${encodeURIComponent(title)}&limit=500`);
    expect(many).to.have.length(Number(row!.n)).and.to.have.length.above(1000);
    expect(new Set(many.map((l) => l.title)).size).to.equal(many.length);
    expect((await pageQuery(`/api/v1/projects?q=${encodeURIComponent(title)}&limit=500`)).sql).to.not.contain("any(array(");
  });

  it("pages the staff list (50 a page) by cursor, each page linking the next and back to the first", async () => {
    const titles: string[] = [];
    let href: string | undefined = "/kezelo/projektek?beneficiary=Teszt";
    let pages = 0;
    while (href) {
      const $ = cheerio.load((await staff.get(href).expect(200)).text);
      titles.push(...$("table.portfolio tbody tr td:nth-child(2) a").map((_, a) => $(a).text()).get());
      if (pages > 0) expect($('a[rel="first"]').attr("href")).to.equal("/kezelo/projektek?beneficiary=Teszt");
      href = $('a[rel="next"]').attr("href");
      if (href) expect(href).to.match(/^\/kezelo\/projektek\?beneficiary=Teszt&after=[A-Za-z0-9_-]+$/);
      pages++;
    }
    const [row] = await knex()("projects as p").join("organisations as o", "o.id", "p.beneficiary_id").where("o.name", "like", "Teszt%").count({ n: "*" });
    expect(pages).to.be.above(1);
    expect(titles).to.have.length(Number(row!.n));
    expect(new Set(titles).size).to.equal(titles.length);
  });

  describe("plans: every order the lists offer is read from an index, only the page is sorted", () => {
    for (const query of ["", "sort=title", "programme=EFOP", "programme=EFOP&sort=title", "period=2014-2020", "period=2021-2027&sort=title"]) {
      it(`GET /api/v1/projects?${query} (first page and a page after a cursor)`, async () => {
        const { body } = await app.request.get(`/api/v1/projects?limit=2&${query}`).expect(200);
        expect(body.next, "the list has a second page").to.be.a("string");
        for (const path of [`/api/v1/projects?limit=20&${query}`, `/api/v1/projects?limit=20&${query}&after=${body.next}`]) {
          const { sql, bindings } = await pageQuery(path);
          const nodes = await knex().transaction(async (trx) => {
            // As if the table were large: the planner must not prefer reading it all and sorting.
            await trx.raw("set local enable_seqscan = off");
            await trx.raw("set local enable_bitmapscan = off");
            const { rows } = await trx.raw(`explain (format json) ${sql.replace(/\$\d+/g, "?")}`, bindings as Knex.RawBinding[]);
            const plan = rows[0]["QUERY PLAN"];
            return planNodes((typeof plan === "string" ? JSON.parse(plan) : plan)[0].Plan);
          });
          const types = nodes.map((n) => n["Node Type"]);
          // The page (a Limit's rows) is sorted again after its joins; nothing below the Limit may be.
          const sorts = nodes.filter((n) => /Sort/.test(n["Node Type"] as string));
          for (const sort of sorts) expect(planNodes(sort).map((n) => n["Node Type"]), `${path}: ${types.join(", ")}`).to.include("Limit");
          expect(nodes.some((n) => /Index/.test(n["Node Type"] as string) && n["Relation Name"] === "projects"), path).to.equal(true);
        }
      });
    }
  });
});
