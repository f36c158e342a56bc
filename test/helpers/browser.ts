/** What browser tests share: Debian's Chromium (or a skip, except under CI), and signing in through the login form. */
import fs from "node:fs";
import { chromium, type Browser, type BrowserContext } from "playwright-core";
import { TEST_PASSWORD } from "./session.js";

export const CHROMIUM = "/usr/bin/chromium";

/** Headless Chromium; skips the suite when it is missing, fails it under CI (set by .ci/run), which must have it. */
export async function launchChromium(suite: Mocha.Context): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    if (process.env.CI) throw new Error(`${CHROMIUM} is missing: CI must install Debian's chromium`);
    console.warn(`    (skipped: no ${CHROMIUM}; apt-get install chromium to run the browser tests)`);
    suite.skip();
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
}

/** Signs the browser context in as `email` (password TEST_PASSWORD), starting at `start`, which asks for a login first. */
export async function logIn(context: BrowserContext, start: string, email: string): Promise<void> {
  const login = await context.newPage();
  await login.goto(start);
  await login.fill("#email", email);
  await login.fill("#password", TEST_PASSWORD);
  await login.click("button[type=submit]");
  await login.waitForURL(start);
  await login.close();
}
