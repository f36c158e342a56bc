/**
 * Public pages: caches revalidate every time, an unchanged page answers 304, a changed one does not; staff pages are
 * private. The app keeps rendered pages per public-content version: two instances over one database, and every
 * write through one of them shows at once on the other.
 */
import { expect } from "chai";
import * as cheerio from "cheerio";
import { testApp, usePortfolioApp } from "../helpers/app.js";
import { useTestDatabase } from "../helpers/database.js";
import { fileOf, projectDoc } from "../factories/projectFile.js";
import { signedIn, type SignedIn } from "../helpers/session.js";
import { publicPageCache } from "../../server/middleware/publicCaching.js";

describe("caching of public pages", () => {
  const context = usePortfolioApp();
  const doc = projectDoc({ summary: "Első változat." });
  let page: string;

  before(async () => {
    await context.app.services.importer.importDocument(fileOf(doc), "import:test");
    const moved = await context.request.get(`/projektek/${encodeURIComponent(doc.identifier as string)}`).expect(301);
    page = moved.headers.location!;
  });

  for (const path of ["/", "/hirek", "/nyilt-adatok"]) {
    it(`${path}: public, revalidated, and a 304 while unchanged`, async () => {
      const first = await context.request.get(path).expect(200);
      expect(first.headers["cache-control"]).to.equal("public, no-cache");
      expect(first.headers.vary).to.match(/Cookie/);
      await context.request.get(path).set("If-None-Match", first.headers.etag!).expect(304);
    });
  }

  it("a project page: 304 while unchanged, 200 with the new text after an edit", async () => {
    const first = await context.request.get(page).expect(200);
    expect(first.headers["cache-control"]).to.equal("public, no-cache");
    await context.request.get(page).set("If-None-Match", first.headers.etag!).expect(304);
    await context.app.services.importer.importDocument(fileOf({ ...doc, summary: "Második változat." }), "import:test");
    const after = await context.request.get(page).set("If-None-Match", first.headers.etag!).expect(200);
    expect(after.text).to.contain("Második változat.");
  });

  it("a signed-in person's view of a public page is private; staff pages are never public", async () => {
    const { agent } = await signedIn(context.app, { roles: ["auditor"] });
    expect((await agent.get(page).expect(200)).headers["cache-control"]).to.equal("private, no-cache");
    const staff = await agent.get("/kezelo/projektek").expect(200);
    expect(staff.headers["cache-control"] ?? "").to.not.contain("public");
  });
});

describe("the app's cache of public pages, over two instances", () => {
  const context = useTestDatabase();
  let a: ReturnType<typeof testApp>;
  let b: ReturnType<typeof testApp>;
  let bPages: ReturnType<typeof publicPageCache>;
  let admin: SignedIn;
  let comms: SignedIn;
  let adminToken: string;
  let commsToken: string;
  const doc = projectDoc({ summary: "Eredeti leírás.", beneficiary: { name: "Gyorsítótár Kft." } });
  const key = encodeURIComponent(doc.identifier as string);
  let page: string;

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const mainText = (html: string) => cheerio.load(html)("main").text();
  const projectVersion = async () =>
    Number((await a.request.get(`/api/v1/projects/${key}/document`).set(auth(adminToken)).expect(200)).body.version);
  const version = async () => Number((await context.db.knex("public_content_version").first("version")).version);

  /** Sends a reference edit form back with `changes`, as a person would after editing it. */
  async function resubmit(path: string, changes: Record<string, string>) {
    const $ = cheerio.load((await admin.agent.get(`${path}/szerkesztes`).expect(200)).text);
    const fields: Record<string, string> = { _csrf: admin.csrfToken };
    $("main form input[name], main form select[name], main form textarea[name]").each((_i, element) => {
      const field = $(element);
      const name = field.attr("name")!;
      if (name === "_csrf") return;
      fields[name] = field.is("select") ? String(field.find("option[selected]").val() ?? "") : String(field.val() ?? "");
    });
    await admin.agent.post(path).type("form").send({ ...fields, ...changes }).expect(303);
  }

  before(async () => {
    bPages = publicPageCache({ maxBytes: 8 * 1024 * 1024, version: () => b.services.publicContent.current() });
    a = testApp(context.db);
    b = testApp(context.db, { publicPages: bPages });
    await a.services.importer.importDocument(fileOf(doc), "import:test");
    page = (await b.request.get(`/projektek/${key}`).expect(301)).headers.location!;
    admin = await signedIn(a, { roles: ["admin"] });
    comms = await signedIn(a, { roles: ["communication"] });
    adminToken = await a.services.accounts.createToken(admin.userId, "teszt");
    commsToken = await a.services.accounts.createToken(comms.userId, "teszt");
  });

  it("sends a kept page with the same bytes and headers as when it was rendered, and 304 on its ETag, from either instance", async () => {
    const before = bPages.stats();
    const rendered = await b.request.get(page).expect(200);
    const kept = await b.request.get(page).expect(200);
    expect(bPages.stats().misses - before.misses).to.equal(1);
    expect(bPages.stats().hits - before.hits).to.equal(1);
    expect(kept.text).to.equal(rendered.text);
    for (const header of ["etag", "last-modified", "content-type", "cache-control", "vary", "content-security-policy", "x-frame-options"]) {
      expect(kept.headers[header], header).to.equal(rendered.headers[header]);
    }
    await b.request.get(page).set("If-None-Match", rendered.headers.etag!).expect(304);
    // The other instance renders the same bytes, so a browser's ETag from one is good on the other.
    await a.request.get(page).set("If-None-Match", rendered.headers.etag!).expect(304);
    await b.request.get(page).set("If-Modified-Since", rendered.headers["last-modified"]!).expect(304);
  });

  it("keeps the embeddable page's own headers: any site may frame it", async () => {
    for (let i = 0; i < 2; i++) {
      const res = await b.request.get(`${page}/beagyazott`).expect(200);
      expect(res.headers["x-frame-options"]).to.equal(undefined);
      expect(res.headers["content-security-policy"]).to.contain("frame-ancestors *");
    }
  });

  it("shows a project edited through the other instance's API at once", async () => {
    expect(mainText((await b.request.get(page).expect(200)).text)).to.contain("Eredeti leírás.");
    expect((await b.request.get(`${page}/beagyazas.html`).expect(200)).text).to.contain("Eredeti leírás.");
    await a.request.patch(`/api/v1/projects/${key}`).set(auth(adminToken)).send({ version: await projectVersion(), changes: { summary: "Új leírás." } }).expect(200);
    expect(mainText((await b.request.get(page).expect(200)).text)).to.contain("Új leírás.");
    expect((await b.request.get(`${page}/beagyazas.html`).expect(200)).text).to.contain("Új leírás.");
  });

  it("shows a notice published through the other instance on the news, the notice's page, the feeds and the project page", async () => {
    const feed = `${page}/hirek.atom`;
    for (const path of ["/hirek", "/hirek.atom", feed, page]) await b.request.get(path).expect(200);
    await a.request
      .post(`/api/v1/projects/${key}/records/notices`)
      .set(auth(commsToken))
      .send({ record: { kind: "tájékoztató", title: "Átadták az új eszközöket", body: "Szöveg.", publishedAt: "2024-05-01T10:00:00+02:00" } })
      .expect(201);
    for (const path of ["/hirek", "/hirek.atom", feed, page]) expect((await b.request.get(path).expect(200)).text, path).to.contain("Átadták az új eszközöket");
    const uid = (await context.db.knex("notices").where({ title: "Átadták az új eszközöket" }).first("uid")).uid;
    expect((await b.request.get(`/hirek/${uid}`).expect(200)).text).to.contain("Átadták az új eszközöket");
  });

  it("shows an organisation renamed through the other instance's form on the project page, the embed and the index", async () => {
    const paths = [page, `${page}/beagyazott`, "/"];
    for (const path of paths) expect((await b.request.get(path).expect(200)).text, path).to.contain("Gyorsítótár Kft.");
    const { id } = await context.db.knex("organisations").where({ name: "Gyorsítótár Kft." }).first("id");
    await resubmit(`/kezelo/szervezetek/${id}`, { name: "Átnevezett Gyorsítótár Zrt." });
    for (const path of paths) {
      const text = (await b.request.get(path).expect(200)).text;
      expect(text, path).to.contain("Átnevezett Gyorsítótár Zrt.").and.not.contain("Gyorsítótár Kft.");
    }
  });

  it("shows a call retitled through the other instance's form on the project page", async () => {
    expect(mainText((await b.request.get(page).expect(200)).text)).to.not.contain("Gyorsítótáras felhívás");
    const { id } = await context.db.knex("calls").where({ code: "GINOP_PLUSZ-1.2.2-22" }).first("id");
    await resubmit(`/kezelo/felhivasok/${id}`, { title: "Gyorsítótáras felhívás" });
    expect(mainText((await b.request.get(page).expect(200)).text)).to.contain("Gyorsítótáras felhívás");
  });

  it("stops showing a project unpublished through the other instance", async () => {
    await b.request.get(page).expect(200);
    await b.request.get(`${page}/beagyazott`).expect(200);
    await a.request.patch(`/api/v1/projects/${key}`).set(auth(commsToken)).send({ version: await projectVersion(), changes: { publishedFrom: null } }).expect(200);
    await b.request.get(page).expect(404);
    await b.request.get(`${page}/beagyazott`).expect(404);
    expect((await b.request.get("/hirek").expect(200)).text).to.not.contain("Átadták az új eszközöket");
    await a.request.patch(`/api/v1/projects/${key}`).set(auth(commsToken)).send({ version: await projectVersion(), changes: { publishedFrom: "2024-01-01" } }).expect(200);
    await b.request.get(page).expect(200);
  });

  it("shows a notice scheduled a few seconds ahead once its moment passes, with no write", async function () {
    this.timeout(30_000);
    const at = new Date(Date.now() + 3000);
    await a.request
      .post(`/api/v1/projects/${key}/records/notices`)
      .set(auth(commsToken))
      .send({ record: { kind: "tájékoztató", title: "Időzített hír", body: "Szöveg.", publishedAt: at.toISOString() } })
      .expect(201);
    for (let i = 0; i < 2; i++) {
      expect((await b.request.get("/hirek").expect(200)).text).to.not.contain("Időzített hír");
      expect((await b.request.get(page).expect(200)).text).to.not.contain("Időzített hír");
    }
    const written = await version();
    while (Date.now() <= at.getTime() + 50) await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await b.request.get("/hirek").expect(200)).text).to.contain("Időzített hír");
    expect((await b.request.get(page).expect(200)).text).to.contain("Időzített hír");
    expect(await version()).to.be.greaterThan(written);
  });

  it("never gives a signed-in person the anonymous page, nor anyone the signed-in person's", async () => {
    const anonymous = await b.request.get(page).expect(200);
    expect(anonymous.text).to.not.contain(admin.email);
    const staff = await signedIn(b, { roles: ["admin"] });
    const own = await staff.agent.get(page).expect(200);
    expect(own.headers["cache-control"]).to.equal("private, no-cache");
    expect(own.text).to.contain(staff.email);
    expect(own.headers.etag).to.not.equal(anonymous.headers.etag);
    const again = await b.request.get(page).expect(200);
    expect(again.text).to.not.contain(staff.email);
    expect(again.text).to.equal(anonymous.text);
  });

  it("keeps no more bytes than its budget, dropping the least recently used pages", async () => {
    const size = Buffer.byteLength((await a.request.get(page).expect(200)).text);
    const small = publicPageCache({ maxBytes: Math.round(size * 2.5), version: () => a.services.publicContent.current() });
    const c = testApp(context.db, { publicPages: small });
    const paths = [page, `${page}/beagyazott`, "/hirek", "/nyilt-adatok", "/"];
    for (const path of paths) await c.request.get(path).expect(200);
    const stats = small.stats();
    expect(stats.bytes).to.be.at.most(stats.maxBytes).and.greaterThan(0);
    expect(stats.pages).to.be.lessThan(paths.length);
    // The first page went first: asking again renders it.
    await c.request.get(page).expect(200);
    expect(small.stats().misses).to.equal(paths.length + 1);
  });
});
