/**
 * npm run audit:dependencies [-- --require-report] — `npm audit --omit=dev`: exits 1 when a package the app runs with
 * has a high or critical advisory. When the registry answers no audit (this project's registry mirror refuses the
 * endpoint with 405), it says so and exits 0, or 1 with --require-report.
 */
import { spawnSync } from "node:child_process";
import { judgeAudit } from "./dependencyAudit.js";

const requireReport = process.argv.includes("--require-report");
const run = spawnSync("npm", ["audit", "--omit=dev", "--json"], { encoding: "utf8", timeout: 120_000 });
const verdict = judgeAudit(run.stdout ?? "");
switch (verdict.kind) {
  case "clean":
    console.log(`Dependency audit: no high or critical advisory (${JSON.stringify(verdict.counts)}).`);
    break;
  case "vulnerable":
    console.error(`Dependency audit: ${verdict.packages.length} package(s) with a high or critical advisory:`);
    for (const p of verdict.packages) console.error(`  ${p.name} (${p.severity})`);
    console.error("Run `npm audit --omit=dev` for the advisories and their fixes.");
    process.exitCode = 1;
    break;
  case "unavailable":
    console.error(`Dependency audit not done: the registry gave no report (${verdict.reason}).`);
    if (requireReport) process.exitCode = 1;
    break;
}
