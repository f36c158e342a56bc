import { migrations } from "../../knexfile.js";
import type { Database } from "./database.js";

interface MigrationState {
  /** Migrations in the code not yet applied to the database, in order. */
  pending: string[];
  /** Migrations the database has applied that the code does not know (a newer version migrated it). */
  unknown: string[];
}

/** Compares the migration files with the database's record of them: two queries, nothing locked or loaded. */
async function migrationState(db: Database): Promise<MigrationState> {
  const source = migrations.migrationSource!;
  const files = (await source.getMigrations([])).map((m) => source.getMigrationName(m));
  const { rows } = await db.knex.raw<{ rows: Array<{ present: boolean }> }>("select to_regclass(?) is not null as present", [migrations.tableName!]);
  const applied = new Set<string>(rows[0]!.present ? await db.knex(migrations.tableName!).pluck("name") : []);
  const known = new Set(files);
  return { pending: files.filter((name) => !applied.has(name)), unknown: [...applied].filter((name) => !known.has(name)) };
}

/**
 * Applies every pending migration; returns the names applied. A database already current is told by one
 * comparison (every start of the app asks); only otherwise does knex's migrator run, with its lock and its checks.
 */
export async function migrateToLatest(db: Database): Promise<string[]> {
  const state = await migrationState(db);
  if (state.pending.length === 0 && state.unknown.length === 0) return [];
  const [, applied] = (await db.knex.migrate.latest(migrations)) as [number, string[]];
  return applied;
}

/** Names of migrations not yet applied to this database. */
export async function pendingMigrations(db: Database): Promise<string[]> {
  return (await migrationState(db)).pending;
}
