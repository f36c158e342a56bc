/**
 * What browser tests share: Debian's Chromium, logging in as a person would, an axe audit of a page,
 * and screenshots at desktop and phone width.
 */
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { expect } from "chai";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { TEST_PASSWORD } from "./session.js";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
export const SCREENSHOTS = path.join(import.meta.dirname, "..", "artifacts", "screenshots");
export const WIDTHS = { asztali: { width: 1280, height: 900 }, telefon: { width: 390, height: 844 } };
const CHROMIUM = "/usr/bin/chromium";

/** Headless Chromium for a suite's `before`; without it the suite is skipped, except on CI, where it must be there. */
export async function startChromium(suite: Mocha.Context): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    // CI (set by .ci/run) configures the test run, not the app.
    if (process.env.CI) throw new Error(`${CHROMIUM} is missing: CI must install Debian's chromium`);
    suite.skip();
  }
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"] });
}

/** Signs the browser context in as `email` (password TEST_PASSWORD), starting at `start`, which asks for a login first. */
export async function logIn(context: BrowserContext, start: string, email: string): Promise<void> {
  const login = await context.newPage();
  await login.goto(start);
  await login.getByLabel("E-mail-cím").fill(email);
  await login.getByLabel("Jelszó").fill(TEST_PASSWORD);
  await login.getByRole("button", { name: "Belépés" }).click();
  await login.waitForURL(start);
  await login.close();
}

/** A new browser session logged in through the login form, as a person would, on the page staff land on. */
export async function loggedIn(browser: Browser, base: string, email: string): Promise<{ session: BrowserContext; page: Page }> {
  // bypassCSP lets the test inject axe-core; the app itself allows no inline script.
  const session = await browser.newContext({ locale: "hu-HU", bypassCSP: true, viewport: WIDTHS.asztali });
  await logIn(session, `${base}/kezelo`, email);
  const page = await session.newPage();
  await page.goto(`${base}/kezelo`);
  return { session, page };
}

/** No WCAG 2.1 A/AA violation that axe-core finds (the browser context must bypass CSP to inject it). */
export async function expectAccessible(page: Page): Promise<void> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    // @ts-expect-error axe is injected above
    const { violations } = await window.axe.run(document, { runOnly: ["wcag2a", "wcag2aa"] });
    return violations.map((v: { id: string; nodes: unknown[] }) => `${v.id} (${v.nodes.length})`);
  });
  expect(violations, page.url()).to.deep.equal([]);
}

/** Full-page screenshots at each width, as `<name>-asztali.png` and `<name>-telefon.png`. */
export async function screenshots(page: Page, name: string): Promise<void> {
  for (const [label, size] of Object.entries(WIDTHS)) {
    await page.setViewportSize(size);
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${label}.png`), fullPage: true });
  }
  await page.setViewportSize(WIDTHS.asztali);
}
