/** The static export opened from disk (file://) in a real browser: styled pages whose links lead on. */
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { expect } from "chai";
import { chromium, type Browser } from "playwright-core";
import { loadTestPortfolio, testApp } from "../helpers/app.js";
import { useTestDatabase } from "../helpers/database.js";
import { publishSite } from "../../server/publish/staticSite.js";

const CHROMIUM = "/usr/bin/chromium";
const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const SCREENSHOTS = path.join(import.meta.dirname, "..", "artifacts", "screenshots");

describe("the static export in a browser, from disk", function () {
  this.timeout(120_000);
  const context = useTestDatabase();
  let browser: Browser;
  let out: string;

  before(async function () {
    if (!fs.existsSync(CHROMIUM)) {
      if (process.env.CI) throw new Error(`${CHROMIUM} is missing: CI must install Debian's chromium`);
      console.warn(`    (skipped: no ${CHROMIUM}; apt-get install chromium to run the browser tests)`);
      this.skip();
    }
    const app = testApp(context.db);
    await loadTestPortfolio(app.services);
    out = await fsp.mkdtemp(path.join(os.tmpdir(), "projekttar-static-"));
    await publishSite(app.app, out);
    await fsp.mkdir(SCREENSHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--no-first-run"] });
  });

  after(async () => {
    await browser?.close();
    if (out) await fsp.rm(out, { recursive: true, force: true });
  });

  it("opens at index.html, styled, and leads to a project page and the open data", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const failed: string[] = [];
    page.on("requestfailed", (request) => failed.push(`${request.url()} on ${page.url()}`));
    // The index is the site's front page itself.
    await page.goto(pathToFileURL(path.join(out, "index.html")).href);
    expect(await page.locator("h1").first().textContent()).to.equal("Projektjeink");
    // The stylesheet was found: the header has the site's colour instead of none.
    const header = await page.locator(".site-header").evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(header).not.to.equal("rgba(0, 0, 0, 0)");
    await page.screenshot({ path: path.join(SCREENSHOTS, "static-export-index.png"), fullPage: true });

    const first = page.locator(".project-cards a").first();
    const title = await first.textContent();
    await Promise.all([page.waitForURL(/projektek\/[^/]+\/index\.html$/), first.click()]);
    expect(await page.locator("h1").first().textContent()).to.equal(title);
    await page.screenshot({ path: path.join(SCREENSHOTS, "static-export-project.png"), fullPage: true });

    await page.goto(pathToFileURL(path.join(out, "nyilt-adatok", "index.html")).href);
    const csv = await page.locator("a", { hasText: "projektek.csv" }).getAttribute("href");
    expect(fs.existsSync(path.join(out, "nyilt-adatok", csv ?? ""))).to.equal(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, "static-export-open-data.png"), fullPage: true });
    expect(failed, "requests of the exported pages that found no file").to.deep.equal([]);
    // axe then reads the stylesheet once more itself, which a file:// page does not allow: failures from here are its own.
    await page.addScriptTag({ path: AXE });
    const violations = await page.evaluate(async () => {
      // @ts-expect-error axe is injected above
      const result = await window.axe.run(document, { runOnly: ["wcag2a", "wcag2aa"] });
      return result.violations.map((v: { id: string }) => v.id);
    });
    expect(violations, "the open-data page, as exported").to.deep.equal([]);
    await page.close();
  });
});
