/** A benchmark's own database, filled by `npm run generate` with the portfolio size asked for, dropped at the end. */
import type { Database } from "../../server/data/database.js";
import { createBenchDatabase, type BenchDatabase } from "./database.js";
import type { BenchOptions } from "./options.js";
import { childEnv, runNpmScript } from "./processes.js";

export async function withPortfolio<T>(label: string, options: BenchOptions, task: (db: BenchDatabase) => Promise<T>): Promise<T> {
  const db = await createBenchDatabase(options.serverUrl, label);
  try {
    console.error(`${label}: generating ${options.projects} projects (${db.engine} engine)…`);
    const run = await runNpmScript("generate", ["--projects", String(options.projects), "--seed", String(options.seed)], childEnv(db.env));
    console.error(`${label}: generated in ${run.seconds.toFixed(1)} s`);
    return await task(db);
  } finally {
    await db.drop();
  }
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
