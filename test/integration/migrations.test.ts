/**
 * Every start of the app migrates (embedded) or checks (server) its database: a current one is told by one
 * comparison, and a database migrated by a newer version is still refused by knex's checks.
 */
import { expect } from "chai";
import { migrateToLatest, pendingMigrations } from "../../server/data/migrations.js";
import { openTestDatabase } from "../helpers/database.js";

describe("migrations at start", () => {
  it("finds a current database current with two queries, taking no lock", async () => {
    const db = await openTestDatabase();
    try {
      const statements: string[] = [];
      db.knex.on("query", (query: { sql: string }) => statements.push(query.sql));
      expect(await migrateToLatest(db)).to.deep.equal([]);
      expect(await pendingMigrations(db)).to.deep.equal([]);
      expect(statements).to.have.length(4);
      expect(statements.join("\n")).not.to.match(/knex_migrations_lock/);
    } finally {
      await db.close();
    }
  });

  it("names the pending migrations, and applies them", async () => {
    const db = await openTestDatabase();
    try {
      const [last] = await db.knex("knex_migrations").orderBy("id", "desc").limit(1).pluck("name");
      await db.knex("knex_migrations").where({ name: last }).del();
      expect(await pendingMigrations(db)).to.deep.equal([last]);
      // The migration's own statements are not idempotent everywhere, so only the record is put back here.
      await db.knex("knex_migrations").insert({ name: last, batch: 99, migration_time: new Date() });
      expect(await pendingMigrations(db)).to.deep.equal([]);
    } finally {
      await db.close();
    }
  });

  it("leaves a database migrated by a newer version to knex's check, which refuses it", async () => {
    const db = await openTestDatabase();
    try {
      await db.knex("knex_migrations").insert({ name: "29990101000000_from_the_future.ts", batch: 99, migration_time: new Date() });
      const refused = await migrateToLatest(db).then(() => null, (error: Error) => error);
      expect(refused?.message).to.match(/29990101000000_from_the_future/);
    } finally {
      await db.close();
    }
  });
});
