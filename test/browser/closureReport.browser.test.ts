/**
 * The closure report as people see it: the HTML page in Chromium, on screen and as it prints on A4, and
 * the PDF's first page rendered by pdftoppm. Both first pages are kept as test artifacts in
 * test/artifacts/screenshots.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { expect } from "chai";
import { type Browser, type BrowserContext } from "playwright-core";
import { systemActor } from "../../server/domain/permissions.js";
import { testApp } from "../helpers/app.js";
import { logIn, startChromium } from "../helpers/browser.js";
import { poppler } from "../helpers/poppler.js";
import { useTestDatabase } from "../helpers/database.js";
import { TEST_PASSWORD } from "../helpers/session.js";
import { reportedProject } from "../factories/closureProject.js";
import { fileOf } from "../factories/projectFile.js";

const SCREENSHOTS = path.join(import.meta.dirname, "..", "artifacts", "screenshots");
/** A4 at CSS pixels (96 per inch): 210 × 297 mm. */
const A4 = { width: 794, height: 1123 };
/** The printed width of A4 inside report.css's 14 mm side margins, in CSS pixels. */
const PRINTED_WIDTH = Math.floor(((210 - 2 * 14) / 25.4) * 96);

/** Width and height of a PNG, from its IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const header = fs.readFileSync(file).subarray(0, 24);
  expect(header.subarray(1, 4).toString()).to.equal("PNG");
  return { width: header.readUInt32BE(16), height: header.readUInt32BE(20) };
}

/** A4 at 60 dpi is 8.27 × 11.69 inches: 496 × 701 pixels, give or take the rounding of the page size in points. */
function expectA4At60Dpi({ width, height }: { width: number; height: number }): void {
  expect(width).to.be.within(496, 497);
  expect(height).to.be.within(701, 702);
}

describe("the closure report in a browser", function () {
  this.timeout(120_000);
  const context = useTestDatabase();
  let server: Server;
  let browser: Browser;
  let staff: BrowserContext;
  let reportUrl: string;
  let workDir: string;

  before(async function () {
    browser = await startChromium(this);
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), "projekttar-report-browser-"));
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    const app = testApp(context.db);
    const doc = reportedProject();
    await app.services.importer.importDocument(fileOf(doc), "import:setup.json");
    await app.services.editing.recordAmendment(systemActor("kovacs.anna@pest.gov.hu"), doc.identifier as string, {
      effectiveDate: "2024-03-01",
      reference: "1. számú szerződésmódosítás",
      grant: "90 000 000 Ft",
      totalCost: "105 000 000 Ft",
    });
    server = app.app.listen(0);
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    reportUrl = `${base}/kezelo/projektek/${encodeURIComponent(doc.identifier as string)}/zarasi-jelentes`;
    staff = await browser.newContext({ locale: "hu-HU", viewport: A4 });
    await app.services.accounts.create(systemActor("test"), { email: "ellenor@example.hu", name: "Ellenőr Edit", roles: ["auditor"], password: TEST_PASSWORD });
    await logIn(staff, reportUrl, "ellenor@example.hu");
  });

  /** Renders a PDF's first page with pdftoppm at 60 dpi into the screenshots as `name`; returns the picture's size. */
  function firstPagePng(pdf: string, name: string) {
    const prefix = path.join(workDir, path.basename(name, ".png"));
    poppler("pdftoppm", ["-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", pdf, prefix]);
    const file = path.join(SCREENSHOTS, name);
    fs.copyFileSync(`${prefix}.png`, file);
    return pngSize(file);
  }

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  it("prints the HTML page on A4 without the page's own links, and keeps a picture of its first page", async () => {
    const page = await staff.newPage();
    await page.goto(reportUrl);
    expect(await page.locator("h1").textContent()).to.equal("Közösségi műhelyek fejlesztése Győrben");
    expect(await page.locator(".report-actions").isVisible()).to.equal(true);
    await page.emulateMedia({ media: "print" });
    expect(await page.locator(".report-actions").isVisible()).to.equal(false);
    const file = path.join(SCREENSHOTS, "zarasi-jelentes-html-1-oldal.png");
    await page.screenshot({ path: file });
    expect(pngSize(file)).to.deep.equal(A4);
    // Nothing wider than the paper between its margins (@page: 14 mm each side): what overflowed would be cut off.
    await page.setViewportSize({ width: PRINTED_WIDTH, height: A4.height });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).to.be.at.most(0);
    // The same page as Chromium prints it on A4, with report.css's page margins: its first page too.
    const printed = path.join(workDir, "printed.pdf");
    await page.pdf({ path: printed, preferCSSPageSize: true, printBackground: true });
    await page.close();
    expectA4At60Dpi(firstPagePng(printed, "zarasi-jelentes-html-nyomtatva-1-oldal.png"));
  });

  it("renders the PDF's first page to a picture with pdftoppm", async () => {
    const page = await staff.newPage();
    const response = await page.request.get(`${reportUrl}.pdf`);
    expect(response.status()).to.equal(200);
    const pdf = path.join(workDir, "report.pdf");
    fs.writeFileSync(pdf, await response.body());
    await page.close();
    expectA4At60Dpi(firstPagePng(pdf, "zarasi-jelentes-pdf-1-oldal.png"));
  });
});
