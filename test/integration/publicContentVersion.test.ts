/**
 * The public-content version a cached page is keyed on (services/publicContentService.ts): on the embedded engine,
 * which hears every raise announced as it commits, it is read without a query and never older than a committed
 * write; on a server it is read every time.
 */
import { expect } from "chai";
import type { Database } from "../../server/data/database.js";
import { createPublicContentService } from "../../server/services/publicContentService.js";
import { buildServices } from "../../server/services/index.js";
import { fileOf, projectDoc } from "../factories/projectFile.js";
import { engine, useTestDatabase } from "../helpers/database.js";

/** Statements on the version's table, counted while `task` runs. */
async function versionQueries(db: Database, task: () => Promise<unknown>): Promise<number> {
  let count = 0;
  const count1 = (query: { sql: string }) => {
    if (query.sql.includes("public_content_version")) count++;
  };
  db.knex.on("query", count1);
  try {
    await task();
  } finally {
    db.knex.off("query", count1);
  }
  return count;
}

/** Polls until `check` holds (announcements from another connection arrive a moment after the commit). */
async function eventually(check: () => Promise<boolean>, what: string, ms = 5_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("the public-content version, kept while the app listens", () => {
  const context = useTestDatabase();
  let serial = 0;
  const importOne = (db: Database) =>
    buildServices(db, { publicBaseUrl: "http://localhost" }).importer.importDocument(fileOf(projectDoc({ title: `Hirdetett projekt ${++serial}` })), "import:test");

  const embeddedIt = engine === "embedded" ? it : it.skip;

  embeddedIt("answers without a query once it listens, and sees a write at once", async () => {
    const versions = createPublicContentService(context.db);
    const first = await versions.current();
    await eventually(async () => (await versionQueries(context.db, () => versions.current())) === 0, "the version is kept");
    expect(await versionQueries(context.db, async () => {
      for (let i = 0; i < 20; i++) expect((await versions.current()).version).to.equal(first.version);
    })).to.equal(0);

    await importOne(context.db);
    expect((await versions.current()).version).to.be.greaterThan(first.version);
  });

  embeddedIt("reads again when its due moment passes (a scheduled notice, midnight) without any write", async () => {
    let clock = new Date();
    const versions = createPublicContentService(context.db, () => clock);
    const kept = await versions.current();
    await eventually(async () => (await versionQueries(context.db, () => versions.current())) === 0, "the version is kept");
    clock = new Date(kept.dueAt.getTime() + 1);
    expect((await versions.current()).version).to.be.greaterThan(kept.version);
  });
});
