/**
 * Hostile text in every text field, looked at in a real browser on every page that shows it. The browser ignores
 * the Content-Security-Policy here (bypassCSP), so that escaping alone is what is tested: the policy would block
 * an inline script even if a template let one through. No payload may run, and none may add an element.
 */
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { expect } from "chai";
import { chromium, type Browser, type BrowserContext } from "playwright-core";
import { systemActor } from "../../server/domain/permissions.js";
import { routeTable } from "../../server/routes/routeTable.js";
import { testApp } from "../helpers/app.js";
import { useTestDatabase } from "../helpers/database.js";
import { TEST_PASSWORD } from "../helpers/session.js";
import { projectDoc } from "../factories/projectFile.js";

const CHROMIUM = "/usr/bin/chromium";
/** Breaks out of text, of double- and single-quoted attributes, of a textarea and of a script; each part would mark the page. */
const PAYLOAD = `Pr<img src=x data-xss onerror="window.__xss=1">"><svg data-xss onload="window.__xss=1"></svg>'><i data-xss onmouseover='window.__xss=1'>x</i></textarea><script data-xss>window.__xss=1</script>`;
const text = (label: string) => `${label} ${PAYLOAD}`;

describe("hostile text in a browser", function () {
  this.timeout(300_000);
  const context = useTestDatabase();
  let server: Server;
  let browser: Browser;
  let admin: BrowserContext;
  let anonymous: BrowserContext;
  let base: string;
  let urls: string[];

  before(async function () {
    if (!fs.existsSync(CHROMIUM)) {
      if (process.env.CI) throw new Error(`${CHROMIUM} is missing: CI must install Debian's chromium`);
      this.skip();
    }
    const app = testApp(context.db);
    const doc = projectDoc({
      title: text("Cím"),
      shortTitle: text("Rövid"),
      summary: text("Összefoglaló"),
      internalNotes: text("Belső"),
      call: { code: "GINOP_PLUSZ-1.2.2-22", title: text("Felhívás") },
      beneficiary: { name: text("Kedvezményezett"), address: text("Cím"), phone: text("Telefon") },
      partners: [{ name: text("Partner"), role: "member" }],
      specificObjective: text("Célkitűzés"),
      interventionType: text("Beavatkozás"),
      location: { settlement: text("Település"), county: text("Megye"), region: text("Régió"), indicator: text("Helyszín") },
      funding: { totalCost: "10 000 000 Ft", grant: "7 000 000 Ft", ownContribution: "2 000 000 Ft", explanation: text("Magyarázat") },
      milestones: [{ title: text("Mérföldkő"), dueDate: "2027-01-31" }],
      deliverables: [{ title: text("Termék"), kind: "study", links: [{ title: text("Link"), url: "https://example.hu/a?b=%22%3E" }] }],
      events: [{ title: text("Esemény"), kind: "conference", date: "2026-05-05", place: text("Helyszín") }],
      procurements: [{ subject: text("Beszerzés"), contractor: text("Nyertes"), method: "open" }],
      indicators: [{ name: text("Mutató"), unit: text("Egység"), target: 10, achieved: 5 }],
      notices: [{ kind: "start", title: text("Közlemény"), body: text("Szöveg"), publishedAt: "2026-01-10" }],
    });
    await app.services.importer.importDocument({ projects: [doc] }, "import:xss");
    const key = doc.identifier as string;
    const keyed = routeTable(app.app)
      .filter((r) => r.method === "GET" && /^\/(kezelo\/)?projektek\/:key(\/[a-z-]+)?$/.test(r.path))
      .map((r) => r.path.replace(":key", encodeURIComponent(key)));
    urls = [...new Set([...keyed, "/", "/kezelo", "/kezelo/projektek", `/kezelo/projektek?q=${encodeURIComponent("Cím")}`])];

    server = app.app.listen(0);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"] });
    admin = await browser.newContext({ locale: "hu-HU", bypassCSP: true });
    anonymous = await browser.newContext({ locale: "hu-HU", bypassCSP: true });
    await app.services.accounts.create(systemActor("test"), { email: "admin@example.hu", name: "Admin", roles: ["admin"], password: TEST_PASSWORD });
    const login = await admin.newPage();
    await login.goto(`${base}/belepes`);
    await login.fill("#email", "admin@example.hu");
    await login.fill("#password", TEST_PASSWORD);
    await login.click("button[type=submit]");
    await login.waitForLoadState();
    await login.close();
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });

  it("runs no payload and adds no element on any page that shows the project", async () => {
    expect(urls.length).to.be.greaterThan(5);
    const problems: string[] = [];
    let shown = 0;
    for (const [who, browserContext] of [["admin", admin], ["névtelen", anonymous]] as const) {
      for (const url of urls) {
        const page = await browserContext.newPage();
        const response = await page.goto(`${base}${url}`);
        // Hover over everything, so that a smuggled event handler would fire.
        await page.evaluate(() => document.querySelectorAll("body *").forEach((e) => e.dispatchEvent(new MouseEvent("mouseover", { bubbles: true }))));
        const found = await page.evaluate(() => ({
          ran: (window as unknown as { __xss?: number }).__xss === 1,
          injected: document.querySelectorAll("[data-xss]").length,
          shown: document.body.innerText.includes("onerror="),
        }));
        if (found.ran || found.injected > 0) problems.push(`${who} ${url} (${response?.status()}): ${found.ran ? "a payload ran" : ""} ${found.injected} injected element(s)`);
        if (found.shown) shown++;
        await page.close();
      }
    }
    expect(problems).to.deep.equal([]);
    // The payloads were on the pages, as text: the pages above did show the project.
    expect(shown).to.be.greaterThan(urls.length / 2);
  });
});
