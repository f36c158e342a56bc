/**
 * An anonymous crawler against the whole app: it follows every link, feed entry and API URL it finds from the
 * public entry points, then tries every GET route pattern with the ids, keys and uids of records the public may not
 * see (an unpublished and a future project, a non-public deliverable, a draft and a scheduled notice, internal
 * notes, a staff user). No response may carry any of them.
 */
import { randomUUID } from "node:crypto";
import * as cheerio from "cheerio";
import { expect } from "chai";
import { systemActor } from "../../server/domain/permissions.js";
import { routeTable } from "../../server/routes/routeTable.js";
import { loadTestPortfolio, testApp } from "../helpers/app.js";
import { useTestDatabase } from "../helpers/database.js";
import { projectDoc } from "../factories/projectFile.js";

/** Every hidden text carries this mark; a response containing it leaks. */
const MARK = "QXJ7";
const VISIBLE_DELIVERABLE = "Látható kézikönyv a nyilvánosságnak";
const ENTRY_POINTS = ["/", "/projektek", "/hirek", "/hirek.atom", "/nyilt-adatok", "/api", "/api/v1/projects", "/api/v1/openapi.json", "/sitemap.xml", "/robots.txt"];
const MAX_URLS = 3000;

/** Same-origin paths in a response: links, sources and form targets in HTML; `/…` or origin-prefixed strings elsewhere. */
function pathsIn(body: string, contentType: string, origin: string): string[] {
  const found: string[] = [];
  if (contentType.includes("html")) {
    const $ = cheerio.load(body);
    $("[href], [src], [action]").each((_i, element) => {
      for (const attribute of ["href", "src", "action"]) {
        const value = $(element).attr(attribute);
        if (value) found.push(value);
      }
    });
  } else {
    for (const match of body.matchAll(/(?:https?:\/\/[^\s"'<>]+|"\/[^\s"'<>]*")/g)) found.push(match[0].replace(/^"|"$/g, ""));
  }
  const paths: string[] = [];
  for (const raw of found) {
    let url: URL;
    try {
      url = new URL(raw, `${origin}/`);
    } catch {
      continue;
    }
    if (url.origin === origin) paths.push(url.pathname + url.search);
  }
  return paths;
}

describe("an anonymous crawler reaches no internal record", function () {
  this.timeout(300_000);
  const context = useTestDatabase();
  let app: ReturnType<typeof testApp>;
  const origin = "https://projektek.example.hu";
  const hidden = { deliverable: randomUUID(), draft: randomUUID(), scheduled: randomUUID(), visibleNotice: randomUUID() };
  const probes: string[] = [];

  before(async () => {
    app = testApp(context.db);
    await loadTestPortfolio(app.services);
    const published = projectDoc({
      internalNotes: `Belső jegyzet ${MARK}`,
      deliverables: [
        { title: VISIBLE_DELIVERABLE, kind: "guide", deliveredDate: "2024-05" },
        { uid: hidden.deliverable, title: `Belső munkaanyag ${MARK}`, kind: "report", public: false },
      ],
      notices: [
        { uid: hidden.visibleNotice, kind: "start", title: "Elindult a projekt", body: "A projekt elindult.", publishedAt: "2024-01-10" },
        { uid: hidden.draft, kind: "progress", title: `Vázlat ${MARK}`, body: `Még nem nyilvános ${MARK}`, publishedAt: null },
        { uid: hidden.scheduled, kind: "closing", title: `Időzített ${MARK}`, body: `Jövőre jelenik meg ${MARK}`, publishedAt: "2099-01-01" },
      ],
    });
    const unpublished = projectDoc({ title: `Nem nyilvános projekt ${MARK}`, summary: `Titok ${MARK}`, publishedFrom: null });
    const future = projectDoc({ title: `Jövőbeli projekt ${MARK}`, publishedFrom: "2099-01-01" });
    await app.services.importer.importDocument({ projects: [published, unpublished, future] }, "import:crawler");
    const user = await app.services.accounts.create(systemActor("test"), { email: `rejtett-${MARK.toLowerCase()}@example.hu`, name: `Munkatárs ${MARK}`, roles: ["auditor"] });

    const ids = await Promise.all([unpublished, future, published].map((doc) => app.services.projects.idOf(doc.identifier as string)));
    const values = [
      ...[unpublished, future].map((doc) => doc.identifier as string),
      ...ids.map(String),
      hidden.deliverable,
      hidden.draft,
      hidden.scheduled,
      String(user.user.id),
    ];
    for (const route of routeTable(app.app).filter((r) => r.method === "GET" && r.path.includes(":"))) {
      for (const value of values) probes.push(route.path.replace(/:\w+/g, encodeURIComponent(value)));
    }
  });

  it("follows every link from the public entry points and finds nothing hidden", async () => {
    const queue = [...ENTRY_POINTS];
    const seen = new Set<string>(queue);
    const leaks: string[] = [];
    let sawVisibleDeliverable = false;
    let sawPublishedNotice = false;
    while (queue.length > 0) {
      const url = queue.shift()!;
      const response = await app.request.get(url).buffer(true).parse((res, done) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => done(null, text));
      });
      expect(response.status, url).to.be.below(500);
      if (url.startsWith("/kezelo")) expect(response.status, `${url} answered an anonymous visitor`).to.not.equal(200);
      const body = response.body as string;
      if (body.includes(MARK)) leaks.push(url);
      sawVisibleDeliverable ||= body.includes(VISIBLE_DELIVERABLE);
      sawPublishedNotice ||= body.includes("Elindult a projekt");
      const next = [...pathsIn(body, String(response.headers["content-type"] ?? ""), origin)];
      if (response.headers.location) next.push(...pathsIn(`"${response.headers.location}"`, "text/plain", origin));
      for (const path of next) {
        if (!seen.has(path) && seen.size < MAX_URLS && !path.startsWith("/static/")) {
          seen.add(path);
          queue.push(path);
        }
      }
    }
    expect(leaks, "pages that showed a hidden record").to.deep.equal([]);
    // The crawl reached the published project's page and its public records, so the absence above means something.
    expect(sawVisibleDeliverable, "the crawl never reached the published project's deliverables").to.equal(true);
    expect(sawPublishedNotice, "the crawl never reached the published notice").to.equal(true);
    expect(seen.size).to.be.below(MAX_URLS);
  });

  it("answers every GET route, filled with a hidden record's id, key or uid, without showing it", async () => {
    expect(probes.length).to.be.greaterThan(20);
    const leaks: string[] = [];
    for (const url of probes) {
      const response = await app.request.get(url);
      expect(response.status, url).to.be.below(500);
      if (response.status === 200 && (response.text ?? JSON.stringify(response.body)).includes(MARK)) leaks.push(url);
    }
    expect(leaks).to.deep.equal([]);
  });
});
