/** The spreadsheet import as staff use it, in a real browser: upload, preview with its cells, confirm. */
import fs from "node:fs";
import path from "node:path";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import ExcelJS from "exceljs";
import { expect } from "chai";
import { chromium, type Browser, type Page } from "playwright-core";
import { systemActor } from "../../server/domain/permissions.js";
import { loadTestPortfolio, testApp } from "../helpers/app.js";
import { useTestDatabase } from "../helpers/database.js";
import { TEST_PASSWORD } from "../helpers/session.js";

const CHROMIUM = "/usr/bin/chromium";
const SCREENSHOTS = path.join(import.meta.dirname, "..", "artifacts", "screenshots");

describe("spreadsheet import in a browser", function () {
  this.timeout(300_000);
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
    await app.services.accounts.create(systemActor("test"), { email: "admin@example.hu", name: "Admin Anna", roles: ["admin"], password: TEST_PASSWORD });
    server = app.app.listen(0);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"] });
    const staff = await browser.newContext({ locale: "hu-HU", acceptDownloads: true, viewport: { width: 1280, height: 900 } });
    page = await staff.newPage();
    await page.goto(`${base}/belepes`);
    await page.fill("#email", "admin@example.hu");
    await page.fill("#password", TEST_PASSWORD);
    await page.click("button[type=submit]");
    await page.waitForURL(/\/kezelo/);
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });

  it("downloads the portfolio, uploads it with one bad cell and one edited cell, shows the cells, then imports the fixed file", async () => {
    await page.goto(`${base}/kezelo/projektek`);
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("a[href='/kezelo/export/projektek.xlsx']")]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await download.path())!);
    const sheet = workbook.worksheets[0]!;
    const grantColumn = (sheet.getRow(1).values as unknown[]).indexOf("Támogatás");
    sheet.getRow(2).getCell(grantColumn).value = "rengeteg";
    sheet.getRow(3).getCell(grantColumn).value = 123_456_789;
    const file = path.join(fs.mkdtempSync(path.join(SCREENSHOTS, "..", "upload-")), "projektek.xlsx");
    await workbook.xlsx.writeFile(file);

    await page.goto(`${base}/kezelo/import`);
    await page.setInputFiles("#file", file);
    await page.click("form[enctype] button[type=submit]");
    await page.waitForSelector("table.import-preview");
    await page.screenshot({ path: path.join(SCREENSHOTS, "import-preview-rejected.png"), fullPage: true });
    const problem = await page.locator("tr.outcome-rejected").first().innerText();
    expect(problem).to.contain(`M2`).and.contain("rengeteg");
    expect(await page.locator("form[action^='/kezelo/import/']").count()).to.equal(0);

    sheet.getRow(2).getCell(grantColumn).value = 1_000_000;
    await workbook.xlsx.writeFile(file);
    await page.goto(`${base}/kezelo/import`);
    await page.setInputFiles("#file", file);
    await page.click("form[enctype] button[type=submit]");
    await page.waitForSelector("form[action^='/kezelo/import/']");
    await page.screenshot({ path: path.join(SCREENSHOTS, "import-preview.png"), fullPage: true });
    expect(await page.locator("tr.outcome-updated").count()).to.equal(2);
    await page.click("form[action^='/kezelo/import/'] button");
    await page.waitForURL(/\/kezelo\/import\?uj=0&modositott=2/);
    expect(await page.locator("[role=status]").innerText()).to.contain("0 új, 2 módosított");
    await page.screenshot({ path: path.join(SCREENSHOTS, "import-done.png"), fullPage: true });
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });
});
