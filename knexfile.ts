/**
 * Settings for knex's migration tooling. The application opens its database in
 * server/data/database.ts; this file only says where migrations live, so that
 * `npx knex migrate:make <name> -x ts` puts new ones in the right place.
 */
import path from "node:path";
import type { Knex } from "knex";

export const migrations: Knex.MigratorConfig = {
  directory: path.join(import.meta.dirname, "db", "migrations"),
  loadExtensions: [".ts"],
  tableName: "knex_migrations",
};

const config: Knex.Config = {
  client: "pg",
  connection: process.env.DATABASE_URL,
  migrations,
};

export default config;
