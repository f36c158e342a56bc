/**
 * Each role's main job, end to end in a real browser: a project manager records a delivered deliverable and
 * a contract amendment, communication staff edit the public summary, an auditor finds the amendment in the
 * history. Every page visited passes an axe audit; screenshots at desktop and phone width are kept as
 * test artifacts in test/artifacts/screenshots.
 */
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { expect } from "chai";
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { systemActor, type Role } from "../../server/domain/permissions.js";
import { testApp } from "../helpers/app.js";
import { useTestDatabase } from "../helpers/database.js";
import { TEST_PASSWORD } from "../helpers/session.js";
import { expectAccessible, launchOrSkip, screenshots, WIDTHS } from "../helpers/browser.js";
import { fileOf, projectDoc } from "../factories/projectFile.js";

describe("each role's job in a browser", function () {
  this.timeout(180_000);
  const context = useTestDatabase();
  let server: Server;
  let browser: Browser;
  let base: string;
  let app: ReturnType<typeof testApp>;
  const doc = projectDoc({
    title: "Ügyfélbarát közigazgatás a járásokban",
    summary: "A projekt a járási hivatalok ügyintézését egyszerűsíti.",
    deliverables: [{ title: "Helyzetfeltáró tanulmány", kind: "tanulmány", dueDate: "2025-06-30" }],
    milestones: [{ title: "Nyitórendezvény", dueDate: "2025-02-01" }],
  });
  const key = () => encodeURIComponent(doc.identifier as string);

  before(async function () {
    browser = await launchOrSkip(this);
    app = testApp(context.db);
    await app.services.importer.importDocument(fileOf(doc), "import:setup.json");
    const projectId = (await context.db.knex("projects").where({ identifier: doc.identifier }).first("id")).id as number;
    const users: Array<[string, Role]> = [
      ["pm@example.hu", "project_manager"],
      ["kommunikacio@example.hu", "communication"],
      ["ellenor@example.hu", "auditor"],
      ["admin@example.hu", "admin"],
    ];
    for (const [email, role] of users) {
      await app.services.accounts.create(systemActor("test"), { email, name: email.split("@")[0]!, roles: [role], password: TEST_PASSWORD });
    }
    await app.services.accounts.assign(systemActor("test"), "pm@example.hu", String(projectId));
    server = app.app.listen(0);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });

  /** A browser session logged in through the login form, as a person would. */
  async function loggedIn(email: string): Promise<{ session: BrowserContext; page: Page }> {
    // bypassCSP lets the test inject axe-core; the app itself allows no inline script.
    const session = await browser.newContext({ locale: "hu-HU", bypassCSP: true, viewport: WIDTHS.asztali });
    const page = await session.newPage();
    await page.goto(`${base}/belepes`);
    await page.getByLabel("E-mail-cím").fill(email);
    await page.getByLabel("Jelszó").fill(TEST_PASSWORD);
    await page.getByRole("button", { name: "Belépés" }).click();
    await page.waitForURL((url) => url.pathname.startsWith("/kezelo"));
    return { session, page };
  }

  it("a project manager marks a deliverable delivered and records a contract amendment", async () => {
    const { session, page } = await loggedIn("pm@example.hu");
    await expectAccessible(page);
    await screenshots(page, "iranyitopult");

    await page.goto(`${base}/kezelo/projektek/${key()}`);
    const item = page.locator(".progress-items li", { hasText: "Helyzetfeltáró tanulmány" });
    await item.getByLabel("Teljesítés dátuma").fill("2025. május 20.");
    await item.getByRole("button", { name: "Késznek jelölöm" }).click();
    await page.waitForURL(/mentve/);
    expect(await page.locator(".progress-items li", { hasText: "Helyzetfeltáró tanulmány" }).innerText()).to.contain("kész: 2025. május 20.");
    await expectAccessible(page);
    await screenshots(page, "projekt");

    await page.goto(`${base}/kezelo/projektek/${key()}/szerzodesmodositasok/uj`);
    await page.getByLabel("Hatályos ettől").fill("2025. március 1.");
    await page.getByLabel("Hivatkozás (pl. 1. sz. módosítás)").fill("1. sz. szerződésmódosítás");
    await page.getByLabel("Új támogatás").fill("8 000 000 Ft");
    await expectAccessible(page);
    await screenshots(page, "szerzodesmodositas-urlap");
    await page.getByRole("button", { name: "Mentés" }).click();
    await page.waitForURL(/mentve/);
    await page.goto(`${base}/kezelo/projektek/${key()}`);
    expect(await page.locator('[data-field="amendments"]').innerText()).to.contain("1. sz. szerződésmódosítás");
    await session.close();
  });

  it("communication staff edit the public summary, and may not touch the funding", async () => {
    const { session, page } = await loggedIn("kommunikacio@example.hu");
    await page.goto(`${base}/kezelo/projektek/${key()}/szerkesztes`);
    expect(await page.locator("body").innerText()).to.contain("a szerepköre nem módosíthatja");
    await page.getByLabel("A projekt bemutatása (nyilvános)").fill("Közérthetően: gyorsabb ügyintézés a járási hivatalokban.");
    await expectAccessible(page);
    await screenshots(page, "projekt-szerkesztes");
    await page.getByRole("button", { name: "Mentés" }).click();
    await page.waitForURL(/mentve/);
    await page.goto(`${base}/projektek/${key()}`);
    expect(await page.locator("main").innerText()).to.contain("Közérthetően: gyorsabb ügyintézés a járási hivatalokban.");
    await expectAccessible(page);
    await screenshots(page, "nyilvanos-oldal");
    await session.close();
  });

  it("an admin creates a user and is shown the one-time password once", async () => {
    const { session, page } = await loggedIn("admin@example.hu");
    await page.goto(`${base}/kezelo/felhasznalok/uj`);
    await page.getByLabel("E-mail-cím").fill("uj.kolléga@example.hu".replace("é", "e"));
    await page.getByLabel("Név").fill("Új Kolléga");
    await page.getByLabel("projektmenedzser").check();
    await expectAccessible(page);
    await page.getByRole("button", { name: "Létrehozás" }).click();
    expect(await page.locator(".secret-value").innerText()).to.match(/^\S{20,}$/);
    await page.goto(`${base}/kezelo/felhasznalok`);
    expect(await page.locator("main").innerText()).to.contain("uj.kollega@example.hu");
    await expectAccessible(page);
    await screenshots(page, "felhasznalok");
    await session.close();
  });

  it("an auditor opens the history and finds the amendment, with who recorded it", async () => {
    const { session, page } = await loggedIn("ellenor@example.hu");
    await page.goto(`${base}/kezelo/projektek/${key()}/valtozasok`);
    const text = await page.locator("main").innerText();
    expect(text).to.contain("1. sz. szerződésmódosítás").and.to.contain("pm@example.hu");
    await expectAccessible(page);
    await screenshots(page, "valtozasok");
    await session.close();
  });
});
