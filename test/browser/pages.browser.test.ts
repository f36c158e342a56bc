/** What people see, in a real browser (Debian's Chromium, headless). */
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { createRequire } from "node:module";
import { expect } from "chai";
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { systemActor } from "../../server/domain/permissions.js";
import { loadTestPortfolio, testApp } from "../helpers/app.js";
import { logIn, startChromium } from "../helpers/browser.js";
import { useTestDatabase } from "../helpers/database.js";
import { TEST_PASSWORD } from "../helpers/session.js";

const NBSP = "\u00a0";
const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

describe("pages in a browser", function () {
  this.timeout(120_000);
  const context = useTestDatabase();
  let server: Server;
  let browser: Browser;
  let staff: BrowserContext;
  let base: string;
  let page: Page;

  before(async function () {
    browser = await startChromium(this);
    const app = testApp(context.db);
    await loadTestPortfolio(app.services);
    server = app.app.listen(0);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // bypassCSP lets the test inject axe-core; the app itself allows no inline script.
    staff = await browser.newContext({ locale: "hu-HU", bypassCSP: true });
    await app.services.accounts.create(systemActor("test"), { email: "ellenor@example.hu", name: "Ellenőr Edit", roles: ["auditor"], password: TEST_PASSWORD });
    await logIn(staff, `${base}/kezelo/projektek`, "ellenor@example.hu");
  });

  beforeEach(async () => {
    page = await staff.newPage();
  });
  afterEach(async () => page?.close());

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });

  async function accessibilityViolations(): Promise<string[]> {
    await page.addScriptTag({ path: AXE });
    const result = await page.evaluate(async () => {
      // @ts-expect-error axe is injected above
      const { violations } = await window.axe.run(document, { runOnly: ["wcag2a", "wcag2aa"] });
      return violations.map((v: { id: string; nodes: unknown[] }) => `${v.id} (${v.nodes.length})`);
    });
    return result as string[];
  }

  it("finds a project through the filter form and opens it", async () => {
    await page.goto(`${base}/kezelo/projektek`);
    await page.fill("#programme", "kofop");
    await page.selectOption("#status", "closed");
    await page.click("form.filters button[type=submit]");
    await page.waitForURL(/programme=kofop/);
    const rows = page.locator("table.portfolio tbody tr");
    expect(await rows.count()).to.equal(1);
    await rows.locator("a").click();
    await page.waitForURL(/\/kezelo\/projektek\/K%C3%96FOP/);
    expect(await page.locator("h1").innerText()).to.equal("A szolgáltató kormányhivatali és közigazgatási modell bevezetése");
    expect(await page.locator('[data-field="grant"]').innerText()).to.equal(`2${NBSP}582${NBSP}000${NBSP}000${NBSP}Ft`);
    expect(await page.locator('[data-field="actual-end"]').innerText()).to.equal("2021. március 29.");
  });

  it("shows the auditor's findings on an inconsistent project", async () => {
    await page.goto(`${base}/kezelo/projektek/${encodeURIComponent("TOP-6.5.1-16-SF1-2017-00004")}`);
    const finding = page.locator('.finding[data-code="funding_sum_mismatch"]');
    expect(await finding.isVisible()).to.equal(true);
    expect(await finding.innerText()).to.contain(`2${NBSP}400${NBSP}000${NBSP}Ft`);
  });

  it("renders the portfolio, a project and its public page without accessibility violations", async () => {
    for (const path of [
      "/kezelo/projektek",
      `/kezelo/projektek/${encodeURIComponent("KÖFOP-2.3.4-VEKOP-15-2016-00002")}`,
      `/projektek/${encodeURIComponent("KÖFOP-1.0.0-VEKOP-15-2016-00041")}`,
      "/",
      "/?q=%C3%B6nkorm%C3%A1nyzatokr%C3%B3l&county=Pest",
      "/belepes",
      "/kezelo/profil",
      "/kezelo/projektek?status=kesz",
    ]) {
      await page.goto(`${base}${path}`);
      expect(await accessibilityViolations(), path).to.deep.equal([]);
    }
  });
});
