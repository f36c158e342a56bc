/**
 * The static export: every public page, the open data and the styles land in a folder with relative links that
 * all resolve; nothing hidden or staff-only is written; a second run writes nothing, and a change to one project
 * rewrites only what shows it.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
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
    expect(unpublished.removed).to.deep.equal([page.file]);
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
