/**
 * npm run bench -- <public-page|api-list|search|import|export|startup|all> [--projects N] [--duration S] [--workers N]
 * [--engine embedded|server] — each benchmark on a database of its own, against its baseline in the same run; prints
 * one table and, last, one JSON line with every figure. See docs/benchmarks.md.
 */
import { apiList } from "./bench/apiList.js";
import { exportBench, importBench } from "./bench/fileTransfer.js";
import { parseBenchArgs, USAGE, type BenchmarkName, type BenchOptions } from "./bench/options.js";
import { parsedOrExit } from "./cli.js";
import { buildApp } from "./bench/processes.js";
import { dropPortfolios } from "./bench/portfolio.js";
import { publicPage } from "./bench/publicPage.js";
import { printTable, type Row } from "./bench/report.js";
import { search } from "./bench/search.js";
import { startup } from "./bench/startup.js";

const RUNS: Record<BenchmarkName, (options: BenchOptions) => Promise<Row[]>> = {
  "public-page": publicPage,
  "api-list": apiList,
  search,
  import: importBench,
  export: exportBench,
  startup,
};

const options = parsedOrExit(() => parseBenchArgs(process.argv.slice(2), process.env), USAGE);

const needsApp = options.names.some((n) => !["import", "export"].includes(n));
if (needsApp) buildApp();
const rows: Row[] = [];
try {
  for (const name of options.names) rows.push(...(await RUNS[name](options)));
} finally {
  await dropPortfolios();
}

printTable(rows);
const failed = rows.some((r) => r.errors > 0 || r.non2xx > 0);
console.log(
  JSON.stringify({
    bench: options.names.length === 1 ? options.names[0] : "all",
    date: new Date().toISOString(),
    engine: options.serverUrl ? "server" : "embedded",
    projects: options.projects,
    durationSeconds: options.duration,
    connections: options.connections,
    workers: options.workers,
    failed,
    results: rows,
  }, (_key, value: unknown) => (typeof value === "number" && !Number.isInteger(value) ? Number(value.toFixed(3)) : value)),
);
if (failed) process.exitCode = 1;
