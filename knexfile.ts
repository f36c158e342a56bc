/**
 * Settings for knex's migration tooling. The application opens its database in
 * server/data/database.ts; this file only says where migrations are and what
 * they are called.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Knex } from "knex";
import { loadConfig } from "./server/config.js";

interface MigrationFile {
  file: string;
}

const DIRECTORY = path.join(import.meta.dirname, "db", "migrations");
/** `.ts` from source (tsx), `.js` when compiled into dist/. */
const EXTENSION = path.extname(import.meta.filename);

/**
 * A migration is recorded under its source file's name (`….ts`) whether it ran from source or compiled, so that a
 * database migrated by the tests or the command-line tools (source) is current for the server (compiled), and back.
 */
const migrationFiles: Knex.MigrationSource<MigrationFile> = {
  async getMigrations() {
    const files = await fs.readdir(DIRECTORY);
    return files.filter((file) => path.extname(file) === EXTENSION && !file.endsWith(".d.ts")).sort().map((file) => ({ file }));
  },
  getMigrationName: ({ file }) => `${path.basename(file, EXTENSION)}.ts`,
  getMigration: ({ file }) => import(pathToFileURL(path.join(DIRECTORY, file)).href) as Promise<Knex.Migration>,
};

export const migrations: Knex.MigratorConfig = { migrationSource: migrationFiles, tableName: "knex_migrations" };

/** A function, so that the settings are read (and checked) only when knex's own tooling asks for them. */
export default function knexConfig(): Knex.Config {
  return { client: "pg", connection: loadConfig().databaseUrl ?? undefined, migrations };
}
