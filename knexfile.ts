/**
 * Settings for knex's migration tooling. The application opens its database in
 * server/data/database.ts; this file only says where migrations live, so that
 * `npx knex migrate:make <name> -x ts` puts new ones in the right place.
 */
import path from "node:path";
import type { Knex } from "knex";
import { loadConfig } from "./server/config.js";

export const migrations: Knex.MigratorConfig = {
  directory: path.join(import.meta.dirname, "db", "migrations"),
  loadExtensions: [".ts"],
  tableName: "knex_migrations",
};

/** A function, so that the settings are read (and checked) only when knex's own tooling asks for them. */
export default function knexConfig(): Knex.Config {
  return { client: "pg", connection: loadConfig().databaseUrl ?? undefined, migrations };
}
