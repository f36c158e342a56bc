/**
 * The public project page and its embeddable block as people see them: at desktop and phone width
 * (screenshots kept in test/artifacts/screenshots), on paper, and framed by another website.
 */
import { once } from "node:events";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { createRequire } from "node:module";
import { expect } from "chai";
import { chromium, type Browser, type Page } from "playwright-core";
import { testApp } from "../helpers/app.js";
import { useTestDatabase } from "../helpers/database.js";
import { fileOf, projectDoc } from "../factories/projectFile.js";

const CHROMIUM = "/usr/bin/chromium";
const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const SCREENSHOTS = path.join(import.meta.dirname, "..", "artifacts", "screenshots");
const WIDTHS = { asztali: { width: 1280, height: 900 }, telefon: { width: 390, height: 844 } };
const SLUG = "efop-1-5-3-16-2017-00112";

const doc = projectDoc({
  identifier: "EFOP-1.5.3-16-2017-00112",
  title: "Humán szolgáltatások fejlesztése a Bonyhádi járásban és a környező kistelepüléseken",
  status: "in_progress",
  funds: ["ESZA"],
  summary:
    "A projekt célja, hogy a járás kistelepülésein élők is elérjék a szociális, egészségügyi és oktatási szolgáltatásokat.\n\n" +
    "Szakembereket veszünk fel, képzéseket és közösségi programokat szervezünk, és felmérjük a lakosság igényeit.",
  beneficiary: { name: "Bonyhád Város Önkormányzata", address: "7150 Bonyhád, Szabadság tér 12.", phone: "+36 74 500 200", email: "hivatal@bonyhad.hu", website: "https://www.bonyhad.hu/onkormanyzat/projektek/efop-1-5-3" },
  partners: [
    { name: "Bonyhád Város Önkormányzata", role: "lead" },
    { name: "Nagymányok Város Önkormányzata", role: "member" },
    { name: "Tolna Megyei Családsegítő és Gyermekjóléti Szolgálat Nonprofit Közhasznú Kft.", role: "member" },
  ],
  contact: { name: "Kiss Anna", position: "projektmenedzser", email: "kiss.anna@bonyhad.hu", phone: "+36 74 500 210" },
  location: { settlement: "Bonyhád", county: "Tolna", region: "Dél-Dunántúl" },
  funding: { totalCost: "500 000 000 Ft", grant: "475 000 000 Ft", ownContribution: "25 000 000 Ft" },
  dates: { start: "2017-11-01", plannedEnd: "2021-10-31" },
  milestones: [
    { title: "Szakemberek felvétele és betanítása", dueDate: "2018-03", achievedDate: "2018-02-28" },
    { title: "Igényfelmérés lezárása", dueDate: "2019-06-30" },
  ],
  deliverables: [
    { title: "Járási szolgáltatási helyzetelemzés", kind: "analysis", deliveredDate: "2018-06-30", links: [{ title: "Letöltés (PDF, 2 MB)", url: "https://www.bonyhad.hu/dokumentumok/efop-1-5-3/jarasi-szolgaltatasi-helyzetelemzes-2018.pdf" }] },
    { title: "Képzési kézikönyv", kind: "handbook", dueDate: "2020-12-31" },
  ],
  events: [
    { title: "Regionális konferenciasorozat", kind: "conference", count: 6, held: 2, date: "2019-04", endDate: "2020-11" },
    { title: "Nyitórendezvény", kind: "press", date: "2018-03-15", place: "Bonyhád, Művelődési Ház", participants: 120 },
  ],
  procurements: [
    { subject: "Képzési és közösségfejlesztési szolgáltatás a projekt teljes időtartamára", contractor: { name: "Dél-dunántúli Tudásközpont Oktatási és Tanácsadó Korlátolt Felelősségű Társaság" }, method: "open", amount: "112 000 000 Ft", contractDate: "2018-05-02" },
  ],
  indicators: [{ name: "A programokba bevont hátrányos helyzetű személyek száma", unit: "fő", baseline: 0, target: 300, achieved: 120 }],
  notices: [{ kind: "start", title: "Elindult a humán szolgáltatások fejlesztése a Bonyhádi járásban", body: "A projekt elindult.", publishedAt: "2018-01-10" }],
});

describe("the public project page in a browser", function () {
  this.timeout(180_000);
  const context = useTestDatabase();
  let server: Server;
  let browser: Browser;
  let base: string;

  before(async function () {
    if (!fs.existsSync(CHROMIUM)) {
      if (process.env.CI) throw new Error(`${CHROMIUM} is missing: CI must install Debian's chromium`);
      this.skip();
    }
    const app = testApp(context.db);
    await app.services.importer.importDocument(fileOf(doc), "import:setup.json");
    server = app.app.listen(0);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"] });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });

  /** Page width beyond the viewport, in CSS pixels: 0 when nothing scrolls sideways. */
  const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

  /** The EU emblem's height and the tallest other mark's, as drawn. */
  const markHeights = (page: Page) =>
    page.evaluate(() => ({
      emblem: document.querySelector(".eu-emblem")!.getBoundingClientRect().height,
      others: Math.max(...[...document.querySelectorAll(".pt-mark-brand, .pt-mark-government")].map((e) => e.getBoundingClientRect().height)),
    }));

  it("fits a phone and a desktop, the emblem never smaller than another mark, with no accessibility violation", async () => {
    // bypassCSP lets the test inject axe-core; the app itself allows no inline script.
    const session = await browser.newContext({ locale: "hu-HU", bypassCSP: true });
    const page = await session.newPage();
    for (const [label, size] of Object.entries(WIDTHS)) {
      await page.setViewportSize(size);
      await page.goto(`${base}/projektek/${SLUG}`);
      await page.screenshot({ path: path.join(SCREENSHOTS, `nyilvanos-projekt-${label}.png`), fullPage: true });
      const wide = await page.evaluate(() =>
        [...document.querySelectorAll("main *")].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5).map((e) => `${e.tagName}.${e.className}`).slice(0, 5),
      );
      expect(await overflow(page), `${label}: sideways overflow (${wide.join(", ")})`).to.equal(0);
      const marks = await markHeights(page);
      expect(marks.others).to.be.greaterThan(0);
      expect(marks.emblem, label).to.be.at.least(marks.others);
    }
    await page.addScriptTag({ path: AXE });
    const violations = await page.evaluate(async () => {
      // @ts-expect-error axe is injected above
      const { violations } = await window.axe.run(document, { runOnly: ["wcag2a", "wcag2aa"] });
      return violations.map((v: { id: string; nodes: unknown[] }) => `${v.id} (${v.nodes.length})`);
    });
    expect(violations).to.deep.equal([]);
    await session.close();
  });

  it("prints without navigation, with the tables and the emblem", async () => {
    const session = await browser.newContext({ locale: "hu-HU", viewport: WIDTHS.asztali });
    const page = await session.newPage();
    await page.goto(`${base}/projektek/${SLUG}`);
    await page.emulateMedia({ media: "print" });
    expect(await page.locator(".site-header nav").isVisible()).to.equal(false);
    expect(await page.locator(".eu-emblem").isVisible()).to.equal(true);
    expect(await page.locator("table.pt-table").first().isVisible()).to.equal(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, "nyilvanos-projekt-nyomtatas.png"), fullPage: true });
    await session.close();
  });

  it("is framed by another website through the iframe page only", async () => {
    const session = await browser.newContext({ locale: "hu-HU", viewport: WIDTHS.telefon });
    const page = await session.newPage();
    // A municipality's page on another origin (another port), framing the iframe page and, against the rules, the full page.
    const hostPage = `<!doctype html><html lang="hu"><body style="margin:0"><h1>Bonyhád</h1>
      <iframe src="${base}/projektek/${SLUG}/beagyazott" title="Projekt" style="width:100%;height:900px;border:0"></iframe>
      <iframe src="${base}/projektek/${SLUG}" title="Teljes oldal" style="width:100%;height:200px;border:0"></iframe></body></html>`;
    const host = http.createServer((_, res) => res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(hostPage)).listen(0, "127.0.0.1");
    await once(host, "listening");
    await page.goto(`http://127.0.0.1:${(host.address() as AddressInfo).port}/`);
    await page.waitForLoadState("load");
    const block = page.frames().find((f) => f.url().endsWith("/beagyazott"))!;
    expect(await block.locator(".pt-statement").innerText()).to.contain("valósul meg");
    const blockOverflow = await block.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(blockOverflow, "the block fits a phone-wide iframe").to.equal(0);
    const refused = page.frames().find((f) => f !== page.mainFrame() && f !== block)!;
    expect(await refused.evaluate(() => document.querySelector(".public-project"))).to.equal(null);
    await page.screenshot({ path: path.join(SCREENSHOTS, "beagyazott-blokk-telefon.png"), fullPage: true });
    await session.close();
    host.close();
  });
});
