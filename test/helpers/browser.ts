/** What the browser tests share: Debian's Chromium, the accessibility audit, screenshots at two widths. */
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { expect } from "chai";
import { chromium, type Browser, type Page } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const SCREENSHOTS = path.join(import.meta.dirname, "..", "artifacts", "screenshots");
export const WIDTHS = { asztali: { width: 1280, height: 900 }, telefon: { width: 390, height: 844 } };

/** Chromium, or skips the suite where it is missing (a failure under CI, which must install it). */
export async function launchOrSkip(suite: Mocha.Context): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    if (process.env.CI) throw new Error(`${CHROMIUM} is missing: CI must install Debian's chromium`);
    suite.skip();
  }
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"] });
}

/** The page passes axe-core's WCAG 2 A and AA rules (the context must bypass CSP to inject it). */
export async function expectAccessible(page: Page): Promise<void> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    // @ts-expect-error axe is injected above
    const { violations } = await window.axe.run(document, { runOnly: ["wcag2a", "wcag2aa"] });
    return violations.map((v: { id: string; nodes: unknown[] }) => `${v.id} (${v.nodes.length})`);
  });
  expect(violations, page.url()).to.deep.equal([]);
}

/** Full-page screenshots at desktop and phone width, as test artifacts. */
export async function screenshots(page: Page, name: string): Promise<void> {
  for (const [label, size] of Object.entries(WIDTHS)) {
    await page.setViewportSize(size);
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${label}.png`), fullPage: true });
  }
  await page.setViewportSize(WIDTHS.asztali);
}
