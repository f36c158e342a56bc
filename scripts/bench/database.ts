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

async function onAdmin(serverUrl: string, sql: string): Promise<void> {
  const admin = knexFactory({ client: "pg", connection: serverUrl, pool: { min: 0, max: 1 } });
  try {
    await admin.raw(sql);
  } finally {
    await admin.destroy();
  }
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
  const name = `projekttar_bench_${process.pid}_${randomBytes(4).toString("hex")}`;
  await onAdmin(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const migrating = await openServer(databaseUrl, { min: 0, max: 1 });
  await migrateToLatest(migrating);
  await migrating.close();
  return {
    engine: "server",
    env: { DATABASE_URL: databaseUrl },
    url: databaseUrl,
    open: () => openReadyDatabase({ databaseUrl, dataDir: "" }),
    drop: () => onAdmin(serverUrl, `drop database if exists ${name} with (force)`),
  };
}
