/**
 * A closing notice from first draft to the public page, in a real browser: communication staff start
 * it from the project's facts, edit it, preview it, publish it; the public finds it under /hirek.
 * Every page passes an axe audit; screenshots (desktop and phone) go to test/artifacts/screenshots.
 */
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { expect } from "chai";
import { slugBase } from "../../server/domain/slugs.js";
import type { Browser } from "playwright-core";
import { systemActor } from "../../server/domain/permissions.js";
import { testApp } from "../helpers/app.js";
import { useTestDatabase } from "../helpers/database.js";
import { TEST_PASSWORD } from "../helpers/session.js";
import { expectAccessible, loggedIn, screenshots, startChromium, WIDTHS } from "../helpers/browser.js";
import { fileOf, projectDoc } from "../factories/projectFile.js";

describe("a notice in a browser", function () {
  this.timeout(180_000);
  const context = useTestDatabase();
  let server: Server;
  let browser: Browser;
  let base: string;
  const doc = projectDoc({
    title: "Egységes ügyfélszolgálat a járási hivatalokban",
    status: "closed",
    publishedFrom: "2024-01-01",
    beneficiary: { name: "Egri Járási Hivatal" },
    partners: [
      { name: "Egri Járási Hivatal", role: "vezető" },
      { name: "Heves Vármegyei Kormányhivatal", role: "tag" },
    ],
    funding: { totalCost: "29 110 000 Ft", grant: "29 110 000 Ft", ownContribution: 0 },
    dates: { start: "2024-03-01", plannedEnd: "2025-06-30", actualEnd: "2025-06-30" },
    summary: "Az ügyfelek egy helyen intézhetik a leggyakoribb ügyeiket.",
    deliverables: [
      { title: "Ügyfélút-elemzés", kind: "tanulmány", deliveredDate: "2024-09", public: true, links: [{ title: "PDF", url: "https://eger.example.hu/elemzes.pdf" }] },
      { title: "Belső munkaanyag", kind: "jelentés", deliveredDate: "2024-10", public: false },
    ],
    events: [{ title: "Lakossági fórumok", kind: "fórum", date: "2024-04-10", endDate: "2024-11-20", count: 6, held: 6, place: "Eger és a járás települései" }],
  });
  const key = () => encodeURIComponent(doc.identifier as string);

  before(async function () {
    browser = await startChromium(this);
    const app = testApp(context.db);
    await app.services.importer.importDocument(fileOf(doc), "import:setup.json");
    await app.services.accounts.create(systemActor("test"), { email: "kommunikacio@example.hu", name: "Kommunikáció", roles: ["communication"], password: TEST_PASSWORD });
    server = app.app.listen(0);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });

  it("communication staff write a closing notice from the facts, preview it and publish it; the public reads it", async () => {
    const { session, page } = await loggedIn(browser, base, "kommunikacio@example.hu");

    await page.goto(`${base}/kezelo/projektek/${key()}/szerkesztes`);
    await page.getByRole("link", { name: "Új záró közlemény" }).click();
    const title = page.getByLabel("Cím", { exact: true });
    expect(await title.inputValue()).to.equal("Lezárult az „Egységes ügyfélszolgálat a járási hivatalokban” projekt");
    const body = page.getByLabel("Szöveg");
    const drafted = await body.inputValue();
    expect(drafted).to.contain("Ügyfélút-elemzés").and.contain("Lakossági fórumok").and.not.contain("Belső munkaanyag");
    await body.fill(`${drafted}\n\nKöszönjük minden résztvevő munkáját!`);
    await page.getByRole("button", { name: "Előnézet" }).click();
    const preview = page.locator(".preview .notice-article");
    expect(await preview.locator("h1").innerText()).to.equal("Lezárult az „Egységes ügyfélszolgálat a járási hivatalokban” projekt");
    expect(await preview.locator(".notice-body").innerText()).to.contain("Köszönjük minden résztvevő munkáját!");
    expect(await preview.locator(".notice-body a", { hasText: "Ügyfélút-elemzés" }).getAttribute("rel")).to.equal("noopener nofollow");
    await expectAccessible(page);
    await screenshots(page, "kozlemeny-elonezet");

    await page.getByLabel("Közzététel időpontja").fill("2025. július 1. 9:00");
    await page.getByRole("button", { name: "Mentés" }).click();
    await page.waitForURL(/mentve/);
    await session.close();

    const visitor = await browser.newContext({ locale: "hu-HU", bypassCSP: true, viewport: WIDTHS.asztali });
    const reader = await visitor.newPage();
    await reader.goto(`${base}/hirek`);
    await expectAccessible(reader);
    await screenshots(reader, "hirek");
    await reader.getByRole("link", { name: "Lezárult az „Egységes ügyfélszolgálat a járási hivatalokban” projekt" }).click();
    expect(await reader.locator(".notice-article time").innerText()).to.equal("2025. július 1.");
    expect(await reader.locator(".notice-body").innerText()).to.contain("Köszönjük minden résztvevő munkáját!");
    await expectAccessible(reader);
    await screenshots(reader, "kozlemeny-nyilvanos");
    await reader.getByRole("link", { name: "Egységes ügyfélszolgálat a járási hivatalokban" }).first().click();
    expect(new URL(reader.url()).pathname).to.equal(`/projektek/${slugBase({ identifier: doc.identifier as string, callCode: null, title: doc.title as string })}`);
    await visitor.close();
  });
});
