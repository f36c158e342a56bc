import { migrations } from "../../knexfile.js";
import type { Database } from "./database.js";

/** Applies every pending migration; returns the names applied. */
export async function migrateToLatest(db: Database): Promise<string[]> {
  const [, applied] = (await db.knex.migrate.latest(migrations)) as [number, string[]];
  return applied;
}

/** Names of migrations not yet applied to this database. */
export async function pendingMigrations(db: Database): Promise<string[]> {
  const [, pending] = (await db.knex.migrate.list(migrations)) as [unknown, unknown[]];
  return pending.map((m) => migrations.migrationSource!.getMigrationName(m));
}
