/**
 * Each benchmark's own database, made empty at its start and gone at its end: a fresh database on the server
 * named by BENCH_DATABASE_URL/DATABASE_URL, or a fresh temporary data folder for the embedded engine.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import knexFactory from "knex";
import { openServer, type Database } from "../../server/data/database.js";
import { migrateToLatest } from "../../server/data/migrations.js";
import { openReadyDatabase } from "../../server/data/startup.js";

export interface BenchDatabase {
  engine: "server" | "embedded";
  /** What a child process (generate, import, the app) needs in its environment to use this database. */
  env: Record<string, string>;
  /** The database's URL on a server (for psql); null on the embedded engine. */
  url: string | null;
  /** Opens it in this process; close it before the app starts (the embedded folder has one user at a time). */
  open(): Promise<Database>;
  drop(): Promise<void>;
}

/** Runs one statement on the server's maintenance connection (create, drop, rename databases); returns its rows. */
export async function onAdmin(serverUrl: string, sql: string, bindings: readonly string[] = []): Promise<unknown[]> {
  const admin = knexFactory({ client: "pg", connection: serverUrl, pool: { min: 0, max: 1 } });
  try {
    const result = (await admin.raw(sql, bindings)) as { rows: unknown[] };
    return result.rows;
  } finally {
    await admin.destroy();
  }
}

/** The URL of another database on the same server. */
export function serverDatabaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function createBenchDatabase(serverUrl: string | null, label: string): Promise<BenchDatabase> {
  if (serverUrl === null) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `projekttar-bench-${label}-`));
    return {
      engine: "embedded",
      env: { DATA_DIR: dataDir },
      url: null,
      open: () => openReadyDatabase({ databaseUrl: null, dataDir }),
      drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  return createServerDatabase(serverUrl, `projekttar_bench_${process.pid}_${randomBytes(4).toString("hex")}`, { migrate: true });
}

/** A database on the server named `name`: created (and migrated), or, without `migrate`, one already there. */
export async function createServerDatabase(serverUrl: string, name: string, { migrate }: { migrate: boolean }): Promise<BenchDatabase> {
  const databaseUrl = serverDatabaseUrl(serverUrl, name);
  if (migrate) {
    await onAdmin(serverUrl, `create database ${name}`);
    const migrating = await openServer(databaseUrl, { min: 0, max: 1 });
    await migrateToLatest(migrating);
    await migrating.close();
  }
  return {
    engine: "server",
    env: { DATABASE_URL: databaseUrl },
    url: databaseUrl,
    open: () => openReadyDatabase({ databaseUrl, dataDir: "" }),
    drop: () => onAdmin(serverUrl, `drop database if exists ${name} with (force)`).then(() => undefined),
  };
}
