/**
 * The public index in a real browser: a visitor types a Hungarian query without accents, sees the matched
 * words marked, narrows by county, turns the page; at desktop and phone width, with no axe violations and
 * nothing wider than the phone's screen. Screenshots go to test/artifacts/screenshots.
 */
import fs from "node:fs";
import path from "node:path";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { createRequire } from "node:module";
import { expect } from "chai";
import { parse } from "csv-parse/sync";
import { chromium, type Browser, type Page } from "playwright-core";
import { loadTestPortfolio, testApp } from "../helpers/app.js";
import { useTestDatabase } from "../helpers/database.js";

const CHROMIUM = "/usr/bin/chromium";
const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const SCREENSHOTS = path.join(import.meta.dirname, "..", "artifacts", "screenshots");
const NATIONAL_LIST = path.join(import.meta.dirname, "..", "..", "..", "shared", "data", "szechenyi-terv-plusz-funded-projects.csv");
const WIDTHS = { asztali: { width: 1280, height: 900 }, telefon: { width: 390, height: 844 } };

describe("the public index in a browser", function () {
  this.timeout(120_000);
  const context = useTestDatabase();
  let server: Server;
  let browser: Browser;
  let base: string;
  let page: Page;

  before(async function () {
    if (!fs.existsSync(CHROMIUM)) {
      if (process.env.CI) throw new Error(`${CHROMIUM} is missing: CI must install Debian's chromium`);
      this.skip();
    }
    const app = testApp(context.db);
    await loadTestPortfolio(app.services);
    if (fs.existsSync(NATIONAL_LIST)) {
      // Real titles and beneficiaries make the page look as it will: the first 80 municipal building projects.
      const rows: Array<Record<string, string>> = parse(fs.readFileSync(NATIONAL_LIST), { columns: true, skip_empty_lines: true });
      const chosen = rows.filter((r) => /épület/i.test(r.projekt_cime!) && /önkormányzat/i.test(r.palyazo_neve!)).slice(0, 80);
      await app.services.importer.importDocument(
        {
          projects: chosen.map((r) => ({
            externalKeys: [{ source: "palyazat.gov.hu", key: r.id_palyazat }],
            call: { code: r.konstrukcio_kod, title: r.konstrukcio_nev },
            title: r.projekt_cime,
            summary: `${r.palyazo_neve} a(z) ${r.konstrukcio_nev} felhívás támogatásával újítja fel az épületet: hőszigetelés, nyílászárók cseréje és napelemek.`,
            status: "in_progress",
            beneficiary: { name: r.palyazo_neve },
            location: { settlement: r.helyseg_nev, county: r.megval_megye_nev },
            funding: { grant: Math.round(Number(r.megitelt_tamogatas)) },
            dates: { decision: r.tam_dont_datum },
          })),
        },
        "test:national-list",
      );
    }
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    server = app.app.listen(0);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
    });
    // bypassCSP lets the test inject axe-core; the app itself allows no inline script.
    page = await (await browser.newContext({ locale: "hu-HU", bypassCSP: true })).newPage();
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });

  async function checkAndShoot(name: string): Promise<void> {
    for (const [label, size] of Object.entries(WIDTHS)) {
      await page.setViewportSize(size);
      await page.addScriptTag({ path: AXE });
      const violations = await page.evaluate(async () => {
        // @ts-expect-error axe is injected above
        const { violations } = await window.axe.run(document, { runOnly: ["wcag2a", "wcag2aa"] });
        return violations.map((v: { id: string; nodes: unknown[] }) => `${v.id} (${v.nodes.length})`);
      });
      expect(violations, `${page.url()} at ${label}`).to.deep.equal([]);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `nothing wider than the screen at ${label}`).to.be.at.most(0);
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${label}.png`), fullPage: true });
      // The first screenful too: what a visitor sees before scrolling.
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${label}-elso-kepernyo.png`) });
    }
    await page.setViewportSize(WIDTHS.asztali);
  }

  it("searches without accents, marks the matches, keeps the query in the URL and pages on", async () => {
    await page.goto(`${base}/`);
    await page.fill("#q", "onkormanyzati epuletekrol");
    await page.click(".index-query button[type=submit]");
    await page.waitForURL(/q=onkormanyzati\+epuletekrol/);
    const marks = await page.locator(".project-cards h2 mark").allInnerTexts();
    expect(marks.length).to.be.above(0);
    expect(marks.every((m) => /^(Önkormányzat|önkormányzat|ÖNKORMÁNYZAT|épület|Épület)/.test(m)), marks.join(", ")).to.equal(true);
    await checkAndShoot("kereses-talalatok");

    expect(await page.isVisible("#county"), "filters folded while none is used").to.equal(false);
    await page.click(".index-filters summary");
    await page.selectOption("#county", "Pest");
    await page.click(".index-filters button[type=submit]");
    await page.waitForURL(/county=Pest/);
    expect(page.url()).to.contain("q=onkormanyzati+epuletekrol");
    expect(await page.inputValue("#q")).to.equal("onkormanyzati epuletekrol");
    await checkAndShoot("kereses-szurve");
  });

  it("turns the pages of the whole index", async () => {
    await page.goto(`${base}/`);
    const first = await page.locator(".project-cards h2").allInnerTexts();
    const next = page.locator('a[rel="next"]');
    if ((await next.count()) === 0) return;
    await next.click();
    await page.waitForURL(/after=/);
    const second = await page.locator(".project-cards h2").allInnerTexts();
    expect(second.filter((t) => first.includes(t))).to.deep.equal([]);
    await checkAndShoot("index-2-oldal");
  });
});
