/**
 * export and import: projects/s and the peak RSS of the `npm run export` / `npm run import` child (VmHWM from
 * /proc), against PostgreSQL's COPY of the same rows on a server. Times include the child's own start.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { copySeconds } from "./copyBaseline.js";
import { createBenchDatabase } from "./database.js";
import type { BenchOptions } from "./options.js";
import { withPortfolio } from "./portfolio.js";
import { childEnv, runNpmScript, type ScriptRun } from "./processes.js";
import { ratioOf, type Row } from "./report.js";

function row(benchmark: string, projects: number, run: ScriptRun, copy: number | null): Row {
  const app = projects / run.seconds;
  const baseline = copy === null ? null : projects / copy;
  return {
    benchmark,
    measure: `${projects} projects`,
    unit: "projects/s",
    app,
    baseline,
    ratio: ratioOf(app, baseline, false),
    p50Ms: null,
    p99Ms: null,
    errors: 0,
    non2xx: 0,
    peakRssMb: run.peakRssBytes / 1024 / 1024,
  };
}

/** Exports the generated portfolio into a temporary file, handed to `task` and removed after it. */
async function exported<T>(options: BenchOptions, label: string, task: (file: string, run: ScriptRun, copyOut: number | null) => Promise<T>): Promise<T> {
  return withPortfolio(label, options, async (db) => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "projekttar-bench-file-"));
    try {
      const file = path.join(folder, "projects.json");
      const run = await runNpmScript("export", ["--out", file], childEnv(db.env));
      const copy = await copySeconds(db);
      return await task(file, run, copy?.out ?? null);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
}

export function exportBench(options: BenchOptions): Promise<Row[]> {
  return exported(options, "export", async (_file, run, copyOut) => [row("export", options.projects, run, copyOut)]);
}

export function importBench(options: BenchOptions): Promise<Row[]> {
  return exported(options, "import", async (file) => {
    const target = await createBenchDatabase(options.serverUrl, "import-target");
    try {
      console.error(`import: importing ${options.projects} projects into an empty database…`);
      const run = await runNpmScript("import", [file], childEnv(target.env));
      const copy = await copySeconds(target);
      return [row("import", options.projects, run, copy?.in ?? null)];
    } finally {
      await target.drop();
    }
  });
}
