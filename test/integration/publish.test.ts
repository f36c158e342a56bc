/**
 * The static export: every public page, the open data and the styles land in a folder with relative links that
 * all resolve; nothing hidden or staff-only is written; a second run writes nothing, and a change to one project
 * rewrites only what shows it.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import express from "express";
import { expect } from "chai";
import { load } from "cheerio";
import { loadTestPortfolio, testApp } from "../helpers/app.js";
import { useTestDatabase } from "../helpers/database.js";
import { fileOf, projectDoc } from "../factories/projectFile.js";
import { publishSite } from "../../server/publish/staticSite.js";
import { fileFor, isExported } from "../../server/publish/sitePaths.js";
import { routeTable } from "../../server/routes/routeTable.js";

async function filesUnder(root: string): Promise<string[]> {
  const entries = await fs.readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join("/")).sort();
}

/** Every link and asset reference of an exported HTML or CSS file that points into the site (not elsewhere, not a fragment). */
function localReferences(file: string, text: string): string[] {
  const values: string[] = [];
  if (file.endsWith(".html")) {
    const $ = load(text);
    $("[href], [src]").each((_i, el) => void values.push($(el).attr("href") ?? $(el).attr("src") ?? ""));
    $("[srcset]").each((_i, el) => void values.push(...($(el).attr("srcset") ?? "").split(",").map((c) => c.trim().split(/\s+/)[0] ?? "")));
    $("meta[http-equiv=refresh]").each((_i, el) => void values.push(($(el).attr("content") ?? "").replace(/^\d+;\s*url=/, "")));
  } else if (file.endsWith(".css")) {
    for (const match of text.matchAll(/url\(\s*['"]?([^'")]+)['"]?\s*\)/g)) values.push(match[1]!);
  }
  return values.filter((v) => v !== "" && !v.startsWith("#") && !/^[a-z][a-z0-9+.-]*:/i.test(v));
}

describe("static export (npm run publish)", () => {
  const database = useTestDatabase();
  let app: ReturnType<typeof testApp>;
  let out: string;
  const hidden = {
    unpublished: projectDoc({ title: "Titkos piszkozat projekt", publishedFrom: null }),
    future: projectDoc({ title: "Jövőbeli közzétételű projekt", publishedFrom: "2099-01-01" }),
  };
  const changing = projectDoc({ title: "Változó projekt", summary: "Első változat.", internalNotes: "BELSO-MEGJEGYZES-X" });
  let first: Awaited<ReturnType<typeof publishSite>>;

  before(async () => {
    app = testApp(database.db);
    await loadTestPortfolio(app.services);
    await app.services.importer.importDocument(fileOf(hidden.unpublished, hidden.future, changing), "import:test");
    out = await fs.mkdtemp(path.join(os.tmpdir(), "projekttar-publish-"));
    first = await publishSite(app.app, out);
  });

  after(async () => {
    await fs.rm(out, { recursive: true, force: true });
  });

  const publicPages = async () => {
    const list = await app.request.get("/api/v1/projects?limit=500").expect(200);
    return (list.body.items as Array<{ publicUrl: string; title: string }>).map((p) => ({ ...p, file: fileFor(new URL(p.publicUrl).pathname) }));
  };

  it("writes the home page, every public project page, the open data and the styles", async () => {
    const files = await filesUnder(out);
    expect(first.broken).to.deep.equal([]);
    for (const file of ["index.html", "nyilt-adatok/index.html", "nyilt-adatok/projektek.csv", "nyilt-adatok/projektek.json", "static/styles.css"]) {
      expect(files).to.include(file);
    }
    const pages = await publicPages();
    expect(pages).to.have.length(14);
    for (const page of pages) {
      expect(files, page.publicUrl).to.include(page.file);
      expect(await fs.readFile(path.join(out, page.file), "utf8")).to.contain(page.title);
    }
    const served = await app.request.get("/nyilt-adatok/projektek.csv").buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => done(null, Buffer.concat(chunks)));
    }).expect(200);
    expect((await fs.readFile(path.join(out, "nyilt-adatok/projektek.csv"))).equals(served.body as Buffer)).to.equal(true);
    expect(first.written).to.have.length(files.length - 1);
  });

  it("links every exported file only to exported files, by relative paths", async () => {
    const files = new Set(await filesUnder(out));
    let checked = 0;
    for (const file of files) {
      const text = await fs.readFile(path.join(out, file), "utf8");
      for (const reference of localReferences(file, text)) {
        expect(reference, `${file}: ${reference}`).not.to.match(/^\//);
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), decodeURIComponent(reference.replace(/#.*$/, ""))));
        expect(files.has(target), `${file} links to ${reference}, which was not exported`).to.equal(true);
        checked++;
      }
    }
    expect(checked).to.be.greaterThan(30);
  });

  it("leaves out staff links, forms and everything not public", async () => {
    for (const file of await filesUnder(out)) {
      const text = await fs.readFile(path.join(out, file), "utf8");
      expect(text, file).not.to.match(/kezelo|belepes|<form/i);
      for (const doc of Object.values(hidden)) {
        expect(text, file).not.to.contain(doc.title as string);
        expect(text, file).not.to.contain(doc.identifier as string);
      }
      expect(text, file).not.to.contain("BELSO-MEGJEGYZES-X");
    }
  });

  it("never follows a link into a route that needs a login or a token", () => {
    const guarded = routeTable(app.app).filter((route) => route.action !== null || route.token);
    expect(guarded.length).to.be.greaterThan(20);
    expect(guarded.filter((route) => isExported(route.path)).map((route) => `${route.method} ${route.path}`)).to.deep.equal([]);
  });

  it("writes nothing on a second run over unchanged data", async () => {
    const again = await publishSite(app.app, out);
    expect(again.written).to.deep.equal([]);
    expect(again.removed).to.deep.equal([]);
    expect(again.unchanged).to.equal(first.written.length);
  });

  it("rewrites only what shows a project when that project changes, and removes a page no longer public", async () => {
    await app.services.importer.importDocument(fileOf({ ...changing, summary: "Második változat, frissítve." }), "import:test");
    const page = (await publicPages()).find((p) => p.title === changing.title)!;
    const changed = await publishSite(app.app, out);
    expect(changed.written).to.include(page.file);
    expect(changed.written).to.include("nyilt-adatok/projektek.csv");
    const showsProjects = (file: string) =>
      file === page.file || /^(index|projektek\/index)[^/]*\.html$/.test(file) || file.startsWith("nyilt-adatok/projektek.") || file.endsWith(".atom");
    expect(changed.written.filter((f) => !showsProjects(f)), "files rewritten that do not show the project").to.deep.equal([]);
    expect(await fs.readFile(path.join(out, page.file), "utf8")).to.contain("Második változat");

    await app.services.importer.importDocument(fileOf({ ...changing, publishedFrom: null }), "import:test");
    const unpublished = await publishSite(app.app, out);
    // Its page and its news feed (linked from the page) go.
    expect([...unpublished.removed].sort()).to.deep.equal([`${path.dirname(page.file)}/hirek.atom`, page.file].sort());
    await fs.access(path.join(out, path.dirname(page.file))).then(
      () => expect.fail("the unpublished project's folder is still there"),
      () => undefined,
    );
  });

  it("refuses to write into a folder it did not make", async () => {
    const foreign = await fs.mkdtemp(path.join(os.tmpdir(), "projekttar-foreign-"));
    try {
      await fs.writeFile(path.join(foreign, "fontos.txt"), "ne töröld");
      const error = await publishSite(app.app, foreign).then(() => null, (e: Error) => e);
      expect(error?.message).to.contain("nem üres");
      expect(await fs.readdir(foreign)).to.deep.equal(["fontos.txt"]);
    } finally {
      await fs.rm(foreign, { recursive: true, force: true });
    }
  });
});

describe("static export: how links and answers become files", () => {
  let out: string;
  let summary: Awaited<ReturnType<typeof publishSite>>;

  before(async () => {
    const site = express();
    site.set("strict routing", true);
    site.get("/", (_req, res) => res.redirect("/a/"));
    site.get("/a/", (_req, res) => res.redirect(301, "/a"));
    site.get("/a", (_req, res) =>
      res.type("html").send(
        '<!doctype html><html lang="hu"><head><title>A</title><link rel="stylesheet" href="/static/s.css"></head><body>' +
          '<h1>A oldal</h1><ul><li><a href="/kezelo">Kezelő</a></li><li><a href="/b#resz">B</a></li></ul>' +
          '<a href="https://example.org/x">külső</a><img src="/static/k.png" srcset="/static/k.png 1x, /static/k2.png 2x" alt="">' +
          '<form action="/kereses"><input name="q"></form><a href="/hianyzik">hiányzik</a><a href="/hurok">hurok</a></body></html>',
      ),
    );
    site.get("/hurok/", (_req, res) => res.redirect("/hurok"));
    site.get("/hurok", (_req, res) => res.redirect("/hurok/"));
    site.get("/b", (_req, res) => res.type("html").send('<!doctype html><html lang="hu"><head><title>B</title></head><body><a href="/a">vissza</a></body></html>'));
    site.get("/static/s.css", (_req, res) => res.type("css").send('body { background: url("/static/k.png"); }'));
    site.get(["/static/k.png", "/static/k2.png"], (_req, res) => res.type("png").send(Buffer.from([0x89, 0x50, 0x4e, 0x47])));
    out = await fs.mkdtemp(path.join(os.tmpdir(), "projekttar-publish-edges-"));
    summary = await publishSite(site, out, { start: ["/"] });
  });

  after(async () => {
    await fs.rm(out, { recursive: true, force: true });
  });

  it("writes a redirect as a page that forwards, and a redirect within one file as the page itself", async () => {
    const home = await fs.readFile(path.join(out, "index.html"), "utf8");
    expect(load(home)("meta[http-equiv=refresh]").attr("content")).to.equal("0; url=a/index.html");
    expect(await fs.readFile(path.join(out, "a/index.html"), "utf8")).to.contain("A oldal");
  });

  it("rewrites links, sources, srcsets and stylesheet urls; drops staff links and forms; keeps external links", async () => {
    const $ = load(await fs.readFile(path.join(out, "a/index.html"), "utf8"));
    expect($("a").map((_i, a) => $(a).attr("href")).get()).to.deep.equal(["../b/index.html#resz", "https://example.org/x", "../hianyzik/index.html", "../hurok/index.html"]);
    expect($("li")).to.have.length(1);
    expect($("form")).to.have.length(0);
    expect($("link[rel=stylesheet]").attr("href")).to.equal("../static/s.css");
    expect($("img").attr("srcset")).to.equal("../static/k.png 1x, ../static/k2.png 2x");
    expect(await fs.readFile(path.join(out, "static/s.css"), "utf8")).to.equal('body { background: url("k.png"); }');
    expect(await filesUnder(out)).to.include.members(["static/k.png", "static/k2.png", "b/index.html"]);
  });

  it("names a link that leads nowhere or round in circles, and writes no file for it", async () => {
    expect(summary.broken).to.have.deep.members([
      { url: "/hianyzik", status: 404, linkedFrom: "a/index.html" },
      { url: "/hurok/", status: 302, linkedFrom: "a/index.html" },
    ]);
    expect(await filesUnder(out)).not.to.include.members(["hianyzik/index.html"]);
    expect(await filesUnder(out)).not.to.include.members(["hurok/index.html"]);
  });
});
