/**
 * npm test — the whole suite on the embedded engine; then, when
 * TEST_DATABASE_URL is set, the database-backed suites again on that server.
 * Extra arguments go to mocha (e.g. `npm test -- --grep import`).
 */
import { spawnSync } from "node:child_process";

// This runner reads the environment itself, not through server/config.ts: TEST_DATABASE_URL configures the
// test run, not the app.

const extra = process.argv.slice(2);
const ALL = ["test/unit/**/*.test.ts", "test/integration/**/*.test.ts", "test/browser/**/*.test.ts"];
const DATABASE_BACKED = ["test/integration/**/*.test.ts"];

function run(label: string, engine: string, specs: string[]): boolean {
  console.log(`\n=== ${label} ===`);
  const started = Date.now();
  const result = spawnSync("npx", ["mocha", ...specs, ...extra], {
    stdio: "inherit",
    env: { ...process.env, TEST_ENGINE: engine, NODE_ENV: "test" },
  });
  console.log(`=== ${label}: ${result.status === 0 ? "passed" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(1)} s ===`);
  return result.status === 0;
}

let ok = run("embedded PostgreSQL (PGlite)", "embedded", ALL);
if (process.env.TEST_DATABASE_URL) {
  ok = run(`PostgreSQL server (${new URL(process.env.TEST_DATABASE_URL).host})`, "postgres", DATABASE_BACKED) && ok;
} else {
  console.log("\nTEST_DATABASE_URL is not set: the suites ran on the embedded engine only.");
}
process.exit(ok ? 0 : 1);
