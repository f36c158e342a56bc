/**
 * Notices end to end: communication staff draft, preview and publish (now or later); project managers
 * draft but never publish; the public reads published notices on /hirek, one by one and as Atom feeds,
 * and never a draft, a notice not yet due, or a notice of a project that is not public.
 */
import { expect } from "chai";
import { slugBase } from "../../server/domain/slugs.js";
import * as cheerio from "cheerio";
import { XMLParser } from "fast-xml-parser";
import { PUBLIC_BASE_URL, testApp } from "../helpers/app.js";
import { useTestDatabase } from "../helpers/database.js";
import { htmlErrors, javaAvailable } from "../helpers/htmlValidator.js";
import { signedIn, type SignedIn } from "../helpers/session.js";
import { fileOf, projectDoc } from "../factories/projectFile.js";

const NBSP = "\u00a0";
const ATOM = "http://www.w3.org/2005/Atom";
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", isArray: (name) => ["entry", "link", "author", "category"].includes(name) });

interface AtomEntry {
  id: string;
  title: { "#text": string } | string;
  updated: string;
  published?: string;
  content: { "#text": string; "@type": string };
  link: Array<{ "@href": string; "@rel"?: string }>;
  author?: Array<{ name: string }>;
}

/** The feed parsed, after checking what RFC 4287 requires of a feed and of each entry. */
function atomFeed(xml: string) {
  const { feed } = parser.parse(xml) as { feed: Record<string, unknown> & { entry?: AtomEntry[]; link: Array<{ "@href": string; "@rel"?: string }>; author?: unknown[] } };
  expect(feed, "an atom:feed root").to.be.an("object");
  expect(feed["@xmlns"]).to.equal(ATOM);
  expect(feed.id, "atom:id").to.be.a("string").and.match(/^(urn:uuid:|https?:\/\/)/);
  expect(feed.title, "atom:title").to.be.ok;
  expect(Date.parse(feed.updated as string), "atom:updated is a date-time").to.not.be.NaN;
  expect(feed.updated as string).to.match(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
  const self = feed.link.filter((l) => l["@rel"] === "self");
  expect(self, "exactly one link rel=self").to.have.length(1);
  const entries = feed.entry ?? [];
  // An atom:feed needs an author unless every entry has its own.
  expect(feed.author?.length || entries.every((e) => e.author?.length), "authors").to.be.ok;
  for (const entry of entries) {
    expect(entry.id, "entry id").to.match(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(entry.title, "entry title").to.be.ok;
    expect(entry.updated).to.match(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
    expect(entry.content["@type"]).to.equal("html");
    expect(entry.link.some((l) => !l["@rel"] || l["@rel"] === "alternate"), "an alternate link").to.equal(true);
  }
  return { feed, self: self[0]!["@href"], entries };
}

const titleOf = (entry: AtomEntry) => (typeof entry.title === "string" ? entry.title : entry.title["#text"]);

describe("notices", function () {
  this.timeout(120_000);
  const context = useTestDatabase();
  let app: ReturnType<typeof testApp>;
  let comms: SignedIn;
  let pm: SignedIn;
  const uidOf = async (title: string) => (await context.db.knex("notices").where({ title }).first("uid")).uid as string;
  const idOf = async (doc: Record<string, unknown>) => (await context.db.knex("projects").where({ identifier: doc.identifier }).first("id")).id as number;

  const publicProject = projectDoc({
    title: "Okos város",
    publishedFrom: "2024-01-01",
    beneficiary: { name: "Egri Járási Hivatal" },
    notices: [
      { kind: "start", title: "Elindult az Okos város", body: "Az *első* hír.\n\n<script>alert(1)</script>\n\n[rossz](javascript:alert(1))", publishedAt: "2024-02-01" },
      { kind: "progress", title: "Félúton", body: "Második hír.", publishedAt: "2024-06-01T10:00:00+02:00" },
      { kind: "progress", title: "Piszkozat hír", body: "Még írjuk.", publishedAt: null },
      { kind: "progress", title: "Időzített hír", body: "Majd.", publishedAt: "2099-01-01T09:00:00+01:00" },
    ],
  });
  const hiddenProject = projectDoc({
    publishedFrom: null,
    notices: [{ kind: "start", title: "Nem nyilvános projekt híre", body: "Titok.", publishedAt: "2024-03-01" }],
  });
  const futureProject = projectDoc({
    publishedFrom: "2099-01-01",
    notices: [{ kind: "start", title: "Jövőbeli projekt híre", body: "Titok.", publishedAt: "2024-03-01" }],
  });
  const otherProject = projectDoc({
    publishedFrom: "2024-01-01",
    notices: [{ kind: "closing", title: "Lezárult a másik", body: "Vége.", publishedAt: "2024-04-01" }],
  });
  const HIDDEN = ["Piszkozat hír", "Időzített hír", "Nem nyilvános projekt híre", "Jövőbeli projekt híre"];

  before(async () => {
    app = testApp(context.db);
    await app.services.importer.importDocument(fileOf(publicProject, hiddenProject, futureProject, otherProject), "import:setup.json");
    comms = await signedIn(app, { roles: ["communication"] });
    pm = await signedIn(app, { roles: ["project_manager"], projects: [await idOf(publicProject)] });
  });

  const key = (doc: Record<string, unknown>) => encodeURIComponent(doc.identifier as string);
  /** The project's public address: its slug (the tests' projects have unique identifiers, so no suffix). */
  const slug = (doc: Record<string, unknown>) => slugBase({ identifier: doc.identifier as string, callCode: null, title: doc.title as string });

  describe("public pages", () => {
    it("lists published notices of public projects, newest first, and nothing else", async () => {
      const $ = cheerio.load((await app.request.get("/hirek").expect(200)).text);
      expect($(".notice-row h2").toArray().map((h) => $(h).text())).to.deep.equal(["Félúton", "Lezárult a másik", "Elindult az Okos város"]);
      expect($(".notice-row time").first().text()).to.equal("2024. június 1.");
      expect($(".notice-row .notice-project a").first().attr("href")).to.equal(`/projektek/${slug(publicProject)}`);
      expect($('link[rel=alternate][type="application/atom+xml"]').attr("href")).to.equal("/hirek.atom");
    });

    it("shows one notice as sanitised HTML, with its project's title linking to the project's page", async () => {
      const uid = await uidOf("Elindult az Okos város");
      const res = await app.request.get(`/hirek/${uid}`).expect(200);
      const $ = cheerio.load(res.text);
      expect($("h1").text()).to.equal("Elindult az Okos város");
      expect($(".notice-body em").text()).to.equal("első");
      expect($("script")).to.have.length(0);
      expect($(".notice-body").text()).to.contain("<script>alert(1)</script>");
      expect($(".notice-body a")).to.have.length(0);
      expect($(".notice-article .meta a").text()).to.equal("Okos város");
      expect($(".notice-article .meta a").attr("href")).to.equal(`/projektek/${slug(publicProject)}`);
      expect($(".notice-article time").attr("datetime")).to.equal("2024-01-31T23:00:00.000Z");
    });

    it("lists the project's published notices on its page, each linking to its own page, and offers the project's feed", async () => {
      const $ = cheerio.load((await app.request.get(`/projektek/${slug(publicProject)}`).expect(200)).text);
      const links = $(".pt-notices a").toArray().map((a) => [$(a).text(), $(a).attr("href")?.replace(/[^/]+$/, "…")]);
      expect(links).to.deep.equal([["Elindult az Okos város", "/hirek/…"], ["Félúton", "/hirek/…"]]);
      expect($('link[rel="alternate"][type="application/atom+xml"]').attr("href")).to.equal(`/projektek/${slug(publicProject)}/hirek.atom`);
      expect($("script")).to.have.length(0);
    });

    it("are valid HTML to the W3C Nu checker: the news list, a notice and the editor's preview", async function () {
      if (!(await javaAvailable())) {
        // CI (set by .ci/run) configures the test run, not the app.
        if (process.env.CI) throw new Error("java is missing: CI must install it for the W3C checker");
        this.skip();
      }
      const preview = await comms.agent
        .post(`/kezelo/projektek/${key(publicProject)}/kozlemenyek/uj`)
        .type("form")
        .send({ _csrf: comms.csrfToken, kind: "progress", title: "Előnézet", body: "# Cím\n\n- pont\n\n| a | b |\n|---|---|\n| 1 | 2 |", publishedAt: "", elonezet: "1" })
        .expect(200);
      const errors = await htmlErrors({
        hirek: (await app.request.get("/hirek").expect(200)).text,
        kozlemeny: (await app.request.get(`/hirek/${await uidOf("Elindult az Okos város")}`).expect(200)).text,
        elonezet: preview.text,
      });
      expect(errors).to.deep.equal([]);
    });

    it("answers 404 for a draft, a notice not yet due, a notice of a project not public, and a made-up address", async () => {
      for (const title of HIDDEN) await app.request.get(`/hirek/${await uidOf(title)}`).expect(404);
      await app.request.get("/hirek/00000000-0000-4000-8000-000000000000").expect(404);
      await app.request.get("/hirek/nem-uuid").expect(404);
    });

    it("keeps the same notices out of the API", async () => {
      const api = await app.request.get(`/api/v1/projects/${key(publicProject)}`).expect(200);
      expect(api.body.notices.map((n: { title: string }) => n.title)).to.deep.equal(["Elindult az Okos város", "Félúton"]);
      await app.request.get(`/api/v1/projects/${key(hiddenProject)}`).expect(404);
      await app.request.get(`/api/v1/projects/${key(futureProject)}`).expect(404);
    });

    it("pages through notices by seeking past the last one shown", async () => {
      const many = projectDoc({
        publishedFrom: "2024-01-01",
        notices: Array.from({ length: 23 }, (_, i) => ({ kind: "progress", title: `Sorozat ${String(i + 1).padStart(2, "0")}`, body: "Hír.", publishedAt: `2023-01-${String(i + 1).padStart(2, "0")}` })),
      });
      await app.services.importer.importDocument(fileOf(many), "import:many.json");
      const titles = ($: cheerio.CheerioAPI) => $(".notice-row h2").toArray().map((h) => $(h).text());
      const first = cheerio.load((await app.request.get("/hirek").expect(200)).text);
      expect(titles(first)).to.have.length(20);
      const older = first('a[rel="next"]').attr("href")!;
      expect(older).to.match(/^\/hirek\?elott=[0-9a-f-]{36}$/);
      const second = cheerio.load((await app.request.get(older).expect(200)).text);
      expect([...titles(first), ...titles(second)]).to.deep.equal([
        "Félúton",
        "Lezárult a másik",
        "Elindult az Okos város",
        ...Array.from({ length: 23 }, (_, i) => `Sorozat ${String(23 - i).padStart(2, "0")}`),
      ]);
      expect(second('a[rel="next"]')).to.have.length(0);
      expect(second(".pager a").attr("href")).to.equal("/hirek");
      await context.db.knex("notices").where("title", "like", "Sorozat %").delete();
    });
  });

  describe("Atom feeds", () => {
    it("carries every published notice, newest first, in the Atom format, and nothing hidden", async () => {
      const res = await app.request.get("/hirek.atom").expect(200);
      expect(res.headers["content-type"]).to.match(/^application\/atom\+xml/);
      const { feed, self, entries } = atomFeed(res.text);
      expect(self).to.equal(`${PUBLIC_BASE_URL}/hirek.atom`);
      expect(entries.map(titleOf)).to.deep.equal(["Félúton", "Lezárult a másik", "Elindult az Okos város"]);
      for (const hidden of HIDDEN) expect(res.text).not.to.contain(hidden);
      const first = entries.find((e) => titleOf(e) === "Elindult az Okos város")!;
      expect(first.id).to.equal(`urn:uuid:${await uidOf("Elindult az Okos város")}`);
      expect(first.link[0]!["@href"]).to.equal(`${PUBLIC_BASE_URL}/hirek/${await uidOf("Elindult az Okos város")}`);
      expect(first.content["#text"]).to.contain("<em>első</em>").and.not.to.contain("<script>");
      expect(first.author![0]!.name).to.equal("Egri Járási Hivatal");
      expect(feed.updated).to.equal(entries[0]!.updated);
    });

    it("has one feed per public project, at the project's own address, and none for a hidden one", async () => {
      const res = await app.request.get(`/projektek/${slug(publicProject)}/hirek.atom`).expect(200);
      const { self, entries, feed } = atomFeed(res.text);
      expect(self).to.equal(`${PUBLIC_BASE_URL}/projektek/${slug(publicProject)}/hirek.atom`);
      expect(feed.title).to.equal("Okos város – hírek");
      expect(entries.map(titleOf)).to.deep.equal(["Félúton", "Elindult az Okos város"]);
      await app.request.get(`/projektek/${key(hiddenProject)}/hirek.atom`).expect(404);
      await app.request.get(`/projektek/${key(futureProject)}/hirek.atom`).expect(404);
      const loose = (publicProject.identifier as string).toLowerCase();
      const moved = await app.request.get(`/projektek/${encodeURIComponent(loose)}/hirek.atom`).expect(301);
      expect(moved.headers.location).to.equal(`/projektek/${slug(publicProject)}/hirek.atom`);
    });

    it("lets a reader poll cheaply: Last-Modified and ETag, 304 when nothing changed", async () => {
      const res = await app.request.get("/hirek.atom").expect(200);
      expect(res.headers["cache-control"]).to.equal("public, max-age=300");
      const { feed } = atomFeed(res.text);
      expect(res.headers["last-modified"]).to.equal(new Date(feed.updated as string).toUTCString());
      await app.request.get("/hirek.atom").set("If-None-Match", res.headers.etag!).expect(304);
      await app.request.get("/hirek.atom").set("If-Modified-Since", res.headers["last-modified"]!).expect(304);
      await app.request.get("/hirek.atom").set("If-Modified-Since", new Date(Date.parse(feed.updated as string) - 60_000).toUTCString()).expect(200);
    });

    it("keeps an entry's id when its notice is edited, and moves its updated on", async () => {
      const uid = await uidOf("Lezárult a másik");
      const before = atomFeed((await app.request.get("/hirek.atom").expect(200)).text).entries.find((e) => e.id === `urn:uuid:${uid}`)!;
      const notice = (await app.services.projects.get(otherProject.identifier as string)).record.notices[0]!;
      await app.services.editing.updateRecord(
        { label: "kommunikacio@example.hu", userId: null, roles: ["communication"], projectIds: null },
        otherProject.identifier as string,
        "notices",
        uid,
        { title: "Lezárult a másik projekt", body: "Vége, javítva." },
        notice.version!,
      );
      const { entries, feed } = atomFeed((await app.request.get("/hirek.atom").expect(200)).text);
      const after = entries.find((e) => e.id === `urn:uuid:${uid}`)!;
      expect(titleOf(after)).to.equal("Lezárult a másik projekt");
      expect(after.content["#text"]).to.contain("javítva");
      expect(Date.parse(after.updated)).to.be.greaterThan(Date.parse(before.updated));
      expect(after.published).to.equal(before.published);
      expect(feed.updated).to.equal(after.updated);
    });

    it("escapes titles and bodies that look like markup or would end the feed's CDATA", async () => {
      const doc = projectDoc({
        title: "Fejlesztés & <karbantartás>",
        publishedFrom: "2024-01-01",
        notices: [{ kind: "progress", title: "Jelölés <b>vastag</b> & ]]> vége", body: "Szöveg ]]> után & <i>dőlt</i>", publishedAt: "2024-05-01" }],
      });
      await app.services.importer.importDocument(fileOf(doc), "import:markup.json");
      const res = await app.request.get(`/projektek/${slug(doc)}/hirek.atom`).expect(200);
      const { entries, feed } = atomFeed(res.text);
      expect(feed.title).to.equal("Fejlesztés & <karbantartás> – hírek");
      expect(titleOf(entries[0]!)).to.equal("Jelölés &lt;b&gt;vastag&lt;/b&gt; &amp; ]]&gt; vége");
      expect(entries[0]!.content["#text"]).to.contain("]]&gt; után").and.contain("&lt;i&gt;dőlt&lt;/i&gt;");
    });
  });

  describe("writing them", () => {
    const newPath = () => `/kezelo/projektek/${key(publicProject)}/kozlemenyek/uj`;
    const count = async () => Number((await context.db.knex("notices").count({ n: "*" }).first())!.n);

    it("previews what communication staff typed exactly as the public page shows it, and saves nothing", async () => {
      const before = await count();
      const typed = { _csrf: comms.csrfToken, kind: "progress", title: "Előnézeti hír", body: "Első **bekezdés**.\n\n<img src=x onerror=alert(1)>", publishedAt: "2099-03-01 9:30", elonezet: "1" };
      const res = await comms.agent.post(newPath()).type("form").send(typed).expect(200);
      const $ = cheerio.load(res.text);
      const preview = $(".preview .notice-article");
      expect(preview.find("h1").text()).to.equal("Előnézeti hír");
      expect(preview.find(".notice-body strong").text()).to.equal("bekezdés");
      expect(preview.find("img")).to.have.length(0);
      expect(preview.find(".notice-kind").text()).to.equal("tájékoztató közlemény");
      expect(preview.find(".meta a").attr("href")).to.equal(`/projektek/${slug(publicProject)}`);
      expect($(".preview-note").text()).to.contain("Időzítve").and.contain("2099. március 1. 9:30");
      expect($("input[name=title]").val()).to.equal("Előnézeti hír");
      expect($("textarea[name=body]").text()).to.equal(typed.body);
      expect(await count()).to.equal(before);

      // The same partial renders the public page: the preview's article is the page's.
      await comms.agent.post(newPath()).type("form").send({ ...typed, elonezet: undefined, publishedAt: "2024-07-01 9:30" }).expect(303);
      const page = cheerio.load((await app.request.get(`/hirek/${await uidOf("Előnézeti hír")}`).expect(200)).text);
      const publicArticle = page(".notice-article");
      expect(publicArticle.find(".notice-body").html()).to.equal(preview.find(".notice-body").html());
      expect(publicArticle.find("h1").text()).to.equal(preview.find("h1").text());
    });

    it("saves a draft, schedules it and publishes it, with the actor in the audit trail", async () => {
      const draft = { _csrf: comms.csrfToken, kind: "progress", title: "Ütemezett hír", body: "Hamarosan.", publishedAt: "" };
      await comms.agent.post(newPath()).type("form").send(draft).expect(303);
      const uid = await uidOf("Ütemezett hír");
      await app.request.get(`/hirek/${uid}`).expect(404);
      const recordPath = `/kezelo/projektek/${key(publicProject)}/kozlemenyek/${uid}`;
      const version = () => context.db.knex("notices").where({ uid }).first("version").then((r) => String(r.version));

      await comms.agent.post(recordPath).type("form").send({ ...draft, publishedAt: "2099-01-01 8:00", version: await version() }).expect(303);
      await app.request.get(`/hirek/${uid}`).expect(404);
      const form = cheerio.load((await comms.agent.get(recordPath).expect(200)).text);
      expect(form("input[name=publishedAt]").val()).to.equal("2099. január 1. 8:00");

      await comms.agent.post(recordPath).type("form").send({ ...draft, publishedAt: "2024. július 2. 10:00", version: await version() }).expect(303);
      await app.request.get(`/hirek/${uid}`).expect(200);
      const entry = await context.db.knex("audit_log").orderBy("seq", "desc").first("actor", "changes");
      expect(entry.actor).to.equal(comms.email);
      expect(JSON.stringify(entry.changes)).to.contain("published_at");
    });

    it("lets a project manager save a draft but refuses publishing it, naming the field, and keeps what was typed", async () => {
      await pm.agent.post(newPath()).type("form").send({ _csrf: pm.csrfToken, kind: "progress", title: "PM piszkozata", body: "Vázlat." }).expect(303);
      const before = await count();
      const res = await pm.agent
        .post(newPath())
        .type("form")
        .send({ _csrf: pm.csrfToken, kind: "progress", title: "PM hírt tenne közzé", body: "Szöveg.", publishedAt: "2024-05-01" })
        .expect(403);
      const $ = cheerio.load(res.text);
      expect($(".error-summary").text()).to.contain("Közzététel időpontja").and.contain("közlemény közzététele").and.contain("kommunikációs munkatárs");
      expect($(".error-summary a").attr("href")).to.equal("#field-publishedAt");
      expect($("input[name=title]").val()).to.equal("PM hírt tenne közzé");
      expect(await count()).to.equal(before);
    });

    it("refuses a project manager's API token publishing a notice, naming the field, and takes the draft", async () => {
      const token = await app.services.accounts.createToken(pm.userId, "teszt");
      const path = `/api/v1/projects/${key(publicProject)}/records/notices`;
      const refused = await app.request
        .post(path)
        .set({ Authorization: `Bearer ${token}` })
        .send({ record: { kind: "tájékoztató", title: "API-hír", body: "Szöveg.", publishedAt: "2024-05-01T10:00:00+02:00" } })
        .expect(403);
      expect(refused.body.error.field).to.equal("notice.published_at");
      expect(refused.body.error.message).to.contain("közlemény közzététele");
      await app.request.post(path).set({ Authorization: `Bearer ${token}` }).send({ record: { kind: "tájékoztató", title: "API-piszkozat", body: "Szöveg." } }).expect(201);
      await app.request.get(`/hirek/${await uidOf("API-piszkozat")}`).expect(404);
    });

    it("shows a project manager a published notice read-only, and refuses rewording it", async () => {
      const uid = await uidOf("Félúton");
      const recordPath = `/kezelo/projektek/${key(publicProject)}/kozlemenyek/${uid}`;
      const $ = cheerio.load((await pm.agent.get(recordPath).expect(200)).text);
      expect($("textarea[name=body]")).to.have.length(0);
      expect($("form button[type=submit]").text()).not.to.contain("Mentés");
      const version = (await context.db.knex("notices").where({ uid }).first("version")).version;
      await pm.agent.post(recordPath).type("form").send({ _csrf: pm.csrfToken, body: "Átírva", version }).expect(403);
      expect((await context.db.knex("notices").where({ uid }).first("body")).body).to.equal("Második hír.");
    });

    it("prefills a closing notice from the project's facts, and offers both drafts on the edit page", async () => {
      const edit = cheerio.load((await comms.agent.get(`/kezelo/projektek/${key(publicProject)}/szerkesztes`).expect(200)).text);
      const links = edit("#kozlemenyek a.button").toArray().map((a) => [edit(a).text(), edit(a).attr("href")]);
      expect(links).to.deep.equal([
        ["Új kezdő közlemény", `${newPath()}?sablon=kezdo`],
        ["Új záró közlemény", `${newPath()}?sablon=zaro`],
      ]);
      const $ = cheerio.load((await comms.agent.get(`${newPath()}?sablon=zaro`).expect(200)).text);
      expect($("input[name=title]").val()).to.equal("Lezárult az „Okos város” projekt");
      expect($("select[name=kind] option[selected]").val()).to.equal("closing");
      expect($("input[name=publishedAt]").val()).to.equal("");
      const body = $("textarea[name=body]").text();
      expect(body).to.match(/^Az Egri Járási Hivatal befejezte az „Okos város” című projekt megvalósítását\./);
      expect(body).to.contain(`7${NBSP}000${NBSP}000${NBSP}Ft vissza nem térítendő támogatással valósult meg; a támogatás mértéke 70,00%.`);
      const start = cheerio.load((await comms.agent.get(`${newPath()}?sablon=kezdo`).expect(200)).text);
      expect(start("input[name=title]").val()).to.equal("Elindult az „Okos város” projekt");
      expect(start("select[name=kind] option[selected]").val()).to.equal("start");
    });
  });
});
