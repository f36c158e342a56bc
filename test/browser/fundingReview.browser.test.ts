/**
 * The auditor's funding review in a real browser: the table, recording a review through the form, and the
 * review page after the figures changed. Each page passes an axe audit; screenshots at desktop and phone
 * width are kept in test/artifacts/screenshots.
 */
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { expect } from "chai";
import { type Browser, type Page } from "playwright-core";
import { systemActor } from "../../server/domain/permissions.js";
import { loadTestPortfolio, testApp } from "../helpers/app.js";
import { useTestDatabase } from "../helpers/database.js";
import { TEST_PASSWORD } from "../helpers/session.js";
import { expectAccessible, screenshots, startChromium, WIDTHS } from "../helpers/browser.js";
import { fileOf, projectDoc } from "../factories/projectFile.js";

describe("the funding review in a browser", function () {
  this.timeout(180_000);
  const context = useTestDatabase();
  let server: Server;
  let browser: Browser;
  let base: string;
  let app: ReturnType<typeof testApp>;
  let page: Page;
  const doc = projectDoc({
    title: "Járási ügyintézés egyszerűsítése",
    beneficiary: { name: "Pest Megyei Kormányhivatal" },
    partners: [
      { name: "Pest Megyei Kormányhivatal", role: "lead", grantShare: "5 000 000 Ft" },
      { name: "Bács-Kiskun Megyei Kormányhivatal", role: "member", grantShare: "2 000 000 Ft" },
    ],
  });
  const key = encodeURIComponent(doc.identifier as string);

  before(async function () {
    browser = await startChromium(this);
    app = testApp(context.db);
    await loadTestPortfolio(app.services);
    await app.services.importer.importDocument(fileOf(doc), "import:setup.json");
    await app.services.accounts.create(systemActor("test"), { email: "ellenor@example.hu", name: "Ellenőr Edit", roles: ["auditor"], password: TEST_PASSWORD });
    server = app.app.listen(0);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const session = await browser.newContext({ locale: "hu-HU", bypassCSP: true, viewport: WIDTHS.asztali });
    page = await session.newPage();
    await page.goto(`${base}/belepes`);
    await page.getByLabel("E-mail-cím").fill("ellenor@example.hu");
    await page.getByLabel("Jelszó").fill(TEST_PASSWORD);
    await page.getByRole("button", { name: "Belépés" }).click();
    await page.waitForURL((url) => url.pathname.startsWith("/kezelo"));
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });

  it("shows the table with its totals, sorted by grant, from the navigation", async () => {
    await page.getByRole("link", { name: "Felülvizsgálat" }).click();
    await page.getByRole("link", { name: "Szerződött támogatás" }).click();
    await page.waitForURL(/sort=grant/);
    expect(await page.locator("tfoot th").innerText()).to.match(/^Összesen \(14 projekt\)$/);
    await expectAccessible(page);
    await screenshots(page, "felulvizsgalat-tabla");
  });

  it("records a review through the form, then shows what changed in the figures since", async () => {
    await page.goto(`${base}/kezelo/felulvizsgalat/${key}`);
    await page.getByLabel("elfogadva").check();
    await page.getByLabel("Megjegyzés").fill("A számok egyeznek a támogatási szerződéssel.");
    await page.getByRole("button", { name: "Felülvizsgálat rögzítése" }).click();
    await page.waitForURL(/mentve=1/);
    expect(await page.locator("table.reviews tbody tr").first().innerText()).to.contain("elfogadva");

    const changed = { ...doc, funding: { ...(doc.funding as object), grant: "7 500 000 Ft", grantPaid: "3 000 000 Ft" } };
    await app.services.importer.importDocument(fileOf(changed), "import:modositas.json");
    await page.goto(`${base}/kezelo/felulvizsgalat?review=changed`);
    expect(await page.locator("tbody tr[data-project]").count()).to.equal(1);
    await page.getByRole("link", { name: doc.identifier as string }).click();
    expect(await page.locator("[data-state=changed]").innerText()).to.contain("megváltoztak");
    const grantLine = (await page.locator('.change tr[data-field="contracted_grant"]').innerText()).replace(/\s+/g, " ");
    expect(grantLine).to.equal("szerződött támogatás 7 000 000 Ft 7 500 000 Ft");
    await expectAccessible(page);
    await screenshots(page, "felulvizsgalat-projekt");
  });
});
