/**
 * Each test suite gets a database of its own, migrated, that no other run sees:
 * - embedded (default): an in-memory PGlite loaded from a migrated snapshot;
 * - postgres (TEST_ENGINE=postgres): a database created on TEST_DATABASE_URL's
 *   server from a migrated template, dropped afterwards.
 */
import { randomBytes } from "node:crypto";
import knexFactory, { type Knex } from "knex";
import { dumpEmbedded, openEmbedded, openServer, type Database } from "../../server/data/database.js";
import { migrateToLatest } from "../../server/data/migrations.js";

// TEST_ENGINE and TEST_DATABASE_URL configure the test run, not the app, so they are read here and not in
// server/config.ts.
export const engine = process.env.TEST_ENGINE === "postgres" ? "postgres" : "embedded";

let snapshot: Promise<Blob> | undefined;
let template: Promise<string> | undefined;
/**
 * The databases this run created, to drop at its end. Kept on globalThis because this module can be loaded
 * twice in one run (once a suite loads helpers/app.ts, the root hooks' copy is not the suites'): with a list per
 * copy, the hooks' list stayed empty and every database of the run was left on the server (testCleanup.test.ts).
 */
const created: string[] = ((globalThis as Record<symbol, unknown>)[Symbol.for("projekttar.test.createdDatabases")] ??= []) as string[];

function serverUrl(database: string): string {
  const url = new URL(process.env.TEST_DATABASE_URL ?? "");
  url.pathname = `/${database}`;
  return url.toString();
}

async function withAdmin<T>(task: (admin: Knex) => Promise<T>): Promise<T> {
  const admin = knexFactory({ client: "pg", connection: process.env.TEST_DATABASE_URL, pool: { min: 0, max: 1 } });
  try {
    return await task(admin);
  } finally {
    await admin.destroy();
  }
}

export const uniqueName = (prefix: string) => `${prefix}_${process.pid}_${randomBytes(4).toString("hex")}`;

/** True when the pid a database name carries (see uniqueName) is no process on this machine. */
function ownerIsGone(name: string): boolean {
  const pid = Number(/_(\d+)_[0-9a-f]{8}$/.exec(name)?.[1]);
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/**
 * Databases of runs that were killed before their cleanup (an interrupted `npm test`) pile up on a shared server and
 * slow every later CREATE DATABASE: a run on the server starts by dropping those whose creating process is gone.
 */
export async function dropAbandonedDatabases(): Promise<void> {
  await withAdmin(async (admin) => {
    const { rows } = await admin.raw<{ rows: Array<{ datname: string }> }>(
      "select datname from pg_database where datname ~ '^projekttar_test_[0-9]+_[0-9a-f]{8}$'",
    );
    for (const { datname } of rows.filter((r) => ownerIsGone(r.datname))) {
      await admin.raw(`drop database if exists ${datname} with (force)`);
    }
  });
}

/** A new empty (unmigrated) database on the test server; dropped at the end of the run. */
export async function createServerDatabase(options: { template?: string } = {}): Promise<string> {
  const name = uniqueName("projekttar_test");
  await withAdmin((admin) =>
    admin.raw(`create database ${name}${options.template ? ` template ${options.template}` : ""}`),
  );
  created.push(name);
  return name;
}

async function makeTemplate(): Promise<string> {
  const name = await createServerDatabase();
  const db = await openServer(serverUrl(name), { min: 0, max: 1 });
  await migrateToLatest(db);
  await db.close();
  return name;
}

async function makeSnapshot(): Promise<Blob> {
  const db = await openEmbedded({ dataDir: null });
  await migrateToLatest(db);
  const dump = await dumpEmbedded(db);
  await db.close();
  return dump;
}

/** A fresh migrated database for one suite. */
export async function openTestDatabase(): Promise<Database> {
  if (engine === "embedded") {
    snapshot ??= makeSnapshot();
    return openEmbedded({ dataDir: null, snapshot: await snapshot });
  }
  template ??= makeTemplate();
  const name = await createServerDatabase({ template: await template });
  return openServer(serverUrl(name), { min: 0, max: 4 });
}

export function testServerUrl(database: string): string {
  return serverUrl(database);
}

/** Drops every database this run created on the server. */
export async function dropServerDatabases(): Promise<void> {
  if (created.length === 0) return;
  await withAdmin(async (admin) => {
    for (const name of created.reverse()) await admin.raw(`drop database if exists ${name} with (force)`);
  });
}

/** Registers before/after hooks giving the suite its own database. */
export function useTestDatabase(): { readonly db: Database } {
  const context = {} as { db: Database };
  before(async function () {
    this.timeout(120_000);
    context.db = await openTestDatabase();
  });
  after(async () => {
    await context.db?.close();
  });
  return context;
}
