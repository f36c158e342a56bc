/** Public pages: caches revalidate every time, an unchanged page answers 304, a changed one does not; staff pages are private. */
import { expect } from "chai";
import { usePortfolioApp } from "../helpers/app.js";
import { fileOf, projectDoc } from "../factories/projectFile.js";
import { signedIn } from "../helpers/session.js";

describe("caching of public pages", () => {
  const context = usePortfolioApp();
  const doc = projectDoc({ summary: "Első változat." });
  let page: string;

  before(async () => {
    await context.app.services.importer.importDocument(fileOf(doc), "import:test");
    const moved = await context.request.get(`/projektek/${encodeURIComponent(doc.identifier as string)}`).expect(301);
    page = moved.headers.location!;
  });

  for (const path of ["/", "/hirek", "/nyilt-adatok"]) {
    it(`${path}: public, revalidated, and a 304 while unchanged`, async () => {
      const first = await context.request.get(path).expect(200);
      expect(first.headers["cache-control"]).to.equal("public, no-cache");
      expect(first.headers.vary).to.match(/Cookie/);
      await context.request.get(path).set("If-None-Match", first.headers.etag!).expect(304);
    });
  }

  it("a project page: 304 while unchanged, 200 with the new text after an edit", async () => {
    const first = await context.request.get(page).expect(200);
    expect(first.headers["cache-control"]).to.equal("public, no-cache");
    await context.request.get(page).set("If-None-Match", first.headers.etag!).expect(304);
    await context.app.services.importer.importDocument(fileOf({ ...doc, summary: "Második változat." }), "import:test");
    const after = await context.request.get(page).set("If-None-Match", first.headers.etag!).expect(200);
    expect(after.text).to.contain("Második változat.");
  });

  it("a signed-in person's view of a public page is private; staff pages are never public", async () => {
    const { agent } = await signedIn(context.app, { roles: ["auditor"] });
    expect((await agent.get(page).expect(200)).headers["cache-control"]).to.equal("private, no-cache");
    const staff = await agent.get("/kezelo/projektek").expect(200);
    expect(staff.headers["cache-control"] ?? "").to.not.contain("public");
  });
});
