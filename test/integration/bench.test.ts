/**
 * `npm run bench` end to end at a tiny size: it runs, prints its table and, last, one JSON line with the expected
 * figures, and leaves no database behind. Behaviour only: no timing is checked.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect } from "chai";
import knexFactory from "knex";
import { engine } from "../helpers/database.js";

const ROOT = path.join(import.meta.dirname, "..", "..");

async function benchDatabases(): Promise<string[]> {
  const admin = knexFactory({ client: "pg", connection: process.env.TEST_DATABASE_URL, pool: { min: 0, max: 1 } });
  try {
    const { rows } = await admin.raw<{ rows: Array<{ datname: string }> }>("select datname from pg_database where datname like ?", ["projekttar_bench_%"]);
    return rows.map((r) => r.datname);
  } finally {
    await admin.destroy();
  }
}

describe("npm run bench", function () {
  this.timeout(600_000);

  it("runs api-list at 50 projects for 3 s and ends with one JSON line of its figures", async () => {
    const env = { ...process.env };
    delete env.DATABASE_URL;
    if (engine === "postgres") env.BENCH_DATABASE_URL = process.env.TEST_DATABASE_URL;
    const before = engine === "postgres" ? await benchDatabases() : [];
    const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/bench.ts", "api-list", "--projects", "50", "--duration", "3"], {
      cwd: ROOT,
      env,
      encoding: "utf8",
    });
    expect(result.status, result.stderr).to.equal(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines.some((l) => /^\| measure +\| +app \| baseline \| ratio \|/.test(l))).to.equal(true);
    const report = JSON.parse(lines.at(-1)!) as Record<string, unknown> & { results: Array<Record<string, unknown>> };
    expect(report).to.include({ bench: "api-list", projects: 50, durationSeconds: 3, connections: 50, workers: 1, failed: false });
    expect(report.engine).to.equal(engine === "postgres" ? "server" : "embedded");
    expect(report.results.map((r) => r.measure)).to.deep.equal(["zipf keys", "uniform keys"]);
    for (const row of report.results) {
      expect(row).to.have.keys("benchmark", "measure", "unit", "app", "baseline", "ratio", "p50Ms", "p99Ms", "errors", "non2xx");
      expect(row).to.include({ benchmark: "api-list", unit: "req/s", errors: 0, non2xx: 0 });
      expect(row.ratio).to.be.a("number");
    }
    if (engine === "postgres") expect(await benchDatabases()).to.deep.equal(before);
  });
});
