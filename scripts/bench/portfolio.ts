/**
 * A benchmark's own database, a copy of a generated portfolio. The portfolio is generated once per run (per size
 * and seed) into a template — a server database copied with `create database … template`, or a closed data folder
 * copied file by file — so `all` does not generate six times. With `--keep-portfolio` the template outlives the run
 * and the next run with the same size, seed and schema reuses it (generating 1.5M projects takes about an hour).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createHash, randomBytes } from "node:crypto";
import type { Database } from "../../server/data/database.js";
import { createBenchDatabase, createServerDatabase, onAdmin, type BenchDatabase } from "./database.js";
import type { BenchOptions } from "./options.js";
import { childEnv, runNpmScript } from "./processes.js";

interface Template {
  /** Makes a benchmark's own copy of the generated portfolio. */
  copy(label: string): Promise<BenchDatabase>;
  drop(): Promise<void>;
}

const templates = new Map<string, Template>();

/** Size, seed and schema (the migrations' file names): a kept template from another schema is never reused. */
function templateName(options: BenchOptions): string {
  const migrations = fs.readdirSync(path.resolve("db/migrations")).sort().join("\n");
  const schema = createHash("sha256").update(migrations).digest("hex").slice(0, 10);
  return `projekttar_bench_tpl_${options.projects}_s${options.seed}_${schema}`;
}

async function generateInto(db: BenchDatabase, options: BenchOptions): Promise<void> {
  console.error(`generating ${options.projects} projects (${db.engine} engine)…`);
  const run = await runNpmScript("generate", ["--projects", String(options.projects), "--seed", String(options.seed)], childEnv(db.env));
  console.error(`generated in ${run.seconds.toFixed(1)} s`);
  // What autovacuum does within minutes of a bulk load, done before measuring: the writes leave a dead version of
  // every project row (inserted, then its slug and finding count set), whose index entries every query would
  // visit, and the planner needs the new tables' statistics.
  const started = Date.now();
  await query(db, (database) => database.knex.raw("vacuum (analyze)"));
  console.error(`vacuumed and analysed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function serverTemplate(serverUrl: string, name: string, options: BenchOptions): Promise<Template> {
  const [version] = (await onAdmin(serverUrl, "select current_setting('server_version_num')::int as v")) as Array<{ v: number }>;
  const fileCopy = version!.v >= 150000;
  const existing = await onAdmin(serverUrl, "select 1 from pg_database where datname = ?", [name]);
  if (existing.length > 0) {
    console.error(`reusing the kept portfolio ${name}`);
  } else {
    const building = `${name}_partial`;
    await onAdmin(serverUrl, `drop database if exists ${building} with (force)`);
    await generateInto(await createServerDatabase(serverUrl, building, { migrate: true }), options);
    // Renamed only once complete, so an interrupted generation is never taken for a portfolio.
    await onAdmin(serverUrl, `alter database ${building} rename to ${name}`);
  }
  return {
    async copy(label) {
      const copyName = `projekttar_bench_${label.replace(/\W/g, "_")}_${randomBytes(4).toString("hex")}`;
      // file_copy: a checkpoint and a copy of the files. The default (PostgreSQL 15+) writes the whole copy
      // through the WAL, which for a 1.5M-project portfolio (≈ 14 GB) takes many minutes.
      await onAdmin(serverUrl, `create database ${copyName} template ${name}${fileCopy ? " strategy file_copy" : ""}`);
      return createServerDatabase(serverUrl, copyName, { migrate: false });
    },
    drop: async () => {
      if (!options.keepPortfolio) await onAdmin(serverUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

async function embeddedTemplate(name: string, options: BenchOptions): Promise<Template> {
  const folder = path.join(os.tmpdir(), name);
  if (fs.existsSync(folder)) {
    console.error(`reusing the kept portfolio ${folder}`);
  } else {
    const building = await createBenchDatabase(null, "template");
    try {
      await generateInto(building, options);
    } catch (error) {
      await building.drop();
      throw error;
    }
    // Renamed only once complete, as on a server.
    fs.renameSync(building.env.DATA_DIR!, folder);
  }
  return {
    async copy(label) {
      const copy = await createBenchDatabase(null, label);
      fs.cpSync(folder, copy.env.DATA_DIR!, { recursive: true });
      return copy;
    },
    drop: async () => {
      if (!options.keepPortfolio) fs.rmSync(folder, { recursive: true, force: true });
    },
  };
}

export async function withPortfolio<T>(label: string, options: BenchOptions, task: (db: BenchDatabase) => Promise<T>): Promise<T> {
  const name = templateName(options);
  let template = templates.get(name);
  if (template === undefined) {
    template = options.serverUrl ? await serverTemplate(options.serverUrl, name, options) : await embeddedTemplate(name, options);
    templates.set(name, template);
  }
  const db = await template.copy(label);
  try {
    return await task(db);
  } finally {
    await db.drop();
  }
}

/** Drops the run's generated portfolios, unless --keep-portfolio asked to keep them. */
export async function dropPortfolios(): Promise<void> {
  for (const template of templates.values()) await template.drop();
  templates.clear();
}

/** Runs a query on the benchmark's database, closed again before the app opens it. */
export async function query<T>(db: BenchDatabase, task: (database: Database) => Promise<T>): Promise<T> {
  const database = await db.open();
  try {
    return await task(database);
  } finally {
    await database.close();
  }
}
