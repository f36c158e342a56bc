/**
 * The public-content version a cached page is keyed on (services/publicContentService.ts): while the app listens for
 * announcements of a raise, it reads the version without a query, and still never gives a version older than a
 * committed write — its own at once, another process's as soon as the announcement arrives, and every read looks
 * the version up while the listener is down. Totals of public lists and searches are kept under it.
 */
import { expect } from "chai";
import { openServer, type Database } from "../../server/data/database.js";
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

/** Statements of any kind, counted while `task` runs. */
async function statements(db: Database, task: () => Promise<unknown>): Promise<number> {
  let count = 0;
  const count1 = () => count++;
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

  it("answers without a query once it listens, and sees a write of its own process at once", async () => {
    const versions = createPublicContentService(context.db);
    const first = await versions.current();
    await eventually(async () => (await versionQueries(context.db, () => versions.current())) === 0, "the version is kept");
    expect(await versionQueries(context.db, async () => {
      for (let i = 0; i < 20; i++) expect((await versions.current()).version).to.equal(first.version);
    })).to.equal(0);

    await importOne(context.db);
    expect((await versions.current()).version).to.be.greaterThan(first.version);
  });

  it("reads again when its due moment passes (a scheduled notice, midnight) without any write", async () => {
    let clock = new Date();
    const versions = createPublicContentService(context.db, () => clock);
    const kept = await versions.current();
    await eventually(async () => (await versionQueries(context.db, () => versions.current())) === 0, "the version is kept");
    clock = new Date(kept.dueAt.getTime() + 1);
    expect((await versions.current()).version).to.be.greaterThan(kept.version);
  });

  it("reads the version again 30 s after it last did, though no announcement came (a connection lost silently)", async () => {
    let clock = new Date();
    const versions = createPublicContentService(context.db, () => clock);
    await versions.current();
    await eventually(async () => (await versionQueries(context.db, () => versions.current())) === 0, "the version is kept");
    clock = new Date(clock.getTime() + 29_000);
    expect(await versionQueries(context.db, () => versions.current())).to.equal(0);
    clock = new Date(clock.getTime() + 2_000);
    expect(await versionQueries(context.db, () => versions.current())).to.be.greaterThan(0);
    expect(await versionQueries(context.db, () => versions.current())).to.equal(0);
  });

  it("keeps the total of a public list and of a search until the public content changes", async () => {
    const services = buildServices(context.db, { publicBaseUrl: "http://localhost" });
    const page = { limit: 5, offset: 0 };
    const listed = await services.projects.listPublic({}, page);
    const searched = await services.projects.searchPublic({ filter: {}, text: "Hirdetett projekt", limit: 5 });
    await eventually(async () => (await versionQueries(context.db, () => services.publicContent.current())) === 0, "the version is kept");
    expect(await statements(context.db, () => services.projects.listPublic({}, page)), "the page's own query only").to.equal(1);
    expect((await services.projects.listPublic({}, page)).total).to.deep.equal(listed.total);
    expect((await services.projects.searchPublic({ filter: {}, text: "Hirdetett projekt", limit: 5 })).count).to.equal(searched.count);

    await importOne(context.db);
    expect((await services.projects.listPublic({}, page)).total.count).to.equal(listed.total.count + 1);
    expect((await services.projects.searchPublic({ filter: {}, text: "Hirdetett projekt", limit: 5 })).count).to.equal(searched.count + 1);
  });

  if (engine === "postgres") {
    it("sees a write of another process once it is announced, and reads every time while its listener is down", async () => {
      const url = (context.db.knex.client.config.connection as { connectionString: string }).connectionString;
      const other = await openServer(url, { min: 0, max: 1 });
      try {
        const versions = createPublicContentService(context.db);
        await versions.current();
        await eventually(async () => (await versionQueries(context.db, () => versions.current())) === 0, "the version is kept");
        const before = (await versions.current()).version;
        await importOne(other);
        await eventually(async () => (await versions.current()).version > before, "another process's write is seen");

        // The server ends the listener's connection (as a restart would): until it listens again, nothing is kept.
        const ended = await other.knex.raw(
          "select pg_terminate_backend(pid) as ended from pg_stat_activity where datname = current_database() and query like 'LISTEN%'",
        );
        expect(ended.rows.map((r: { ended: boolean }) => r.ended)).to.include(true);
        await eventually(async () => (await versionQueries(context.db, () => versions.current())) > 0, "the version is read again");
        await eventually(async () => (await versionQueries(context.db, () => versions.current())) === 0, "the listener is back", 10_000);
        const after = (await versions.current()).version;
        await importOne(other);
        await eventually(async () => (await versions.current()).version > after, "announcements arrive again");
      } finally {
        await other.close();
      }
    });
  }
});
