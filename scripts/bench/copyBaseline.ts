/**
 * The floor for import and export on a server: PostgreSQL's own COPY of the same rows (every table the project file
 * fills), through psql. The embedded engine has no COPY client, so it has no such baseline.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import type { BenchDatabase } from "./database.js";
import { query } from "./portfolio.js";

const NOT_PROJECT_DATA = ["knex_migrations", "knex_migrations_lock", "sessions"];

function psql(url: string, commands: string[]): number {
  const started = performance.now();
  const result = spawnSync("psql", [url, "-X", "-q", "-v", "ON_ERROR_STOP=1", ...commands.flatMap((c) => ["-c", c])], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`psql failed: ${result.stderr}`);
  return (performance.now() - started) / 1000;
}

async function tables(db: BenchDatabase): Promise<string[]> {
  const names = await query(db, (d) =>
    d.knex("information_schema.tables").where({ table_schema: "public", table_type: "BASE TABLE" }).pluck<string[]>("table_name"),
  );
  return names.filter((n) => !NOT_PROJECT_DATA.includes(n) && !n.startsWith("bench_copy_"));
}

/** Seconds to COPY every project-data table out to files, and those files back into empty copies of the tables. */
export async function copySeconds(db: BenchDatabase): Promise<{ out: number; in: number } | null> {
  if (db.url === null) return null;
  const names = await tables(db);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "projekttar-bench-copy-"));
  try {
    const file = (n: string) => path.join(folder, `${n}.copy`);
    const out = psql(db.url, names.map((n) => `\\copy ${n} to '${file(n)}'`));
    psql(db.url, names.map((n) => `create table bench_copy_${n} (like ${n})`));
    const into = psql(db.url, names.map((n) => `\\copy bench_copy_${n} from '${file(n)}'`));
    psql(db.url, names.map((n) => `drop table bench_copy_${n}`));
    return { out, in: into };
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}
