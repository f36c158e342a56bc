/**
 * npm run fuzz -- [--runs 5000] [--seed N] [--only TEXT]
 *
 * The hostile-input properties of the test suite (test/properties/), with thousands of cases each instead
 * of about a hundred, against a fresh in-memory embedded database (or, with TEST_ENGINE=postgres and
 * TEST_DATABASE_URL, a database it creates on that server and drops). Violations are counted, not stopped
 * at. Prints per property: runs, accepted, 4xx, 5xx (must be 0), partial writes (must be 0), rejections not
 * naming the field (must be 0), time; the last line is the same as JSON. Exits 1 on any violation.
 */
import { parseArgs } from "node:util";
import fc from "fast-check";
import { dropServerDatabases, engine, openTestDatabase } from "../test/helpers/database.js";
import { checkAuditChain, emptyStats, writeProperty, type PropertyStats } from "../test/properties/check.js";
import { importProperty } from "../test/properties/importProperty.js";
import { WRITE_TARGETS } from "../test/properties/targets.js";
import { makeWorld } from "../test/properties/world.js";

const { values } = parseArgs({
  options: { runs: { type: "string", default: "1000" }, seed: { type: "string" }, only: { type: "string" } },
});
const runs = Number(values.runs);
const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed)) {
  console.error("Használat: npm run fuzz -- [--runs 5000] [--seed N] [--only SZÖVEG]");
  process.exit(2);
}

const db = await openTestDatabase();
const world = await makeWorld(db);
const options = { seed, numRuns: runs };
const properties: Array<{ name: string; check: (stats: PropertyStats) => Promise<unknown> }> = [
  ...WRITE_TARGETS.map((target) => ({ name: target.route, check: (stats: PropertyStats) => fc.check(writeProperty(world, target, stats, false), options) })),
  { name: "project-file import", check: (stats: PropertyStats) => fc.check(importProperty(world, stats, false), options) },
].filter((p) => values.only === undefined || p.name.includes(values.only));

console.log(`fuzz: ${properties.length} properties × ${runs} cases, seed ${seed}, ${engine} engine`);
const pad = (text: string | number, width: number) => String(text).padStart(width);
console.log(`${"property".padEnd(52)} ${pad("runs", 6)} ${pad("2xx/3xx", 7)} ${pad("4xx", 6)} ${pad("5xx", 4)} ${pad("partial", 7)} ${pad("unnamed", 7)} ${pad("s", 7)}`);

const results: Array<{ property: string } & Omit<PropertyStats, "examples">> = [];
const examples: string[] = [];
for (const { name, check } of properties) {
  const stats = emptyStats();
  const started = Date.now();
  await check(stats);
  await checkAuditChain(world, stats);
  stats.ms = Date.now() - started;
  const { examples: found, ...figures } = stats;
  results.push({ property: name, ...figures });
  examples.push(...found);
  console.log(
    `${name.padEnd(52)} ${pad(stats.runs, 6)} ${pad(stats.accepted, 7)} ${pad(stats.rejected4xx, 6)} ${pad(stats.serverErrors5xx, 4)} ${pad(stats.partialWrites, 7)} ${pad(stats.unnamedRejections, 7)} ${pad((stats.ms / 1000).toFixed(1), 7)}`,
  );
}
await db.close();
await dropServerDatabases();

const sum = (key: "runs" | "accepted" | "rejected4xx" | "serverErrors5xx" | "partialWrites" | "unnamedRejections" | "auditChainBroken" | "ms") =>
  results.reduce((total, r) => total + r[key], 0);
const totals = {
  runs: sum("runs"), accepted: sum("accepted"), rejected4xx: sum("rejected4xx"), serverErrors5xx: sum("serverErrors5xx"),
  partialWrites: sum("partialWrites"), unnamedRejections: sum("unnamedRejections"), auditChainBroken: sum("auditChainBroken"), ms: sum("ms"),
};
const ok = totals.serverErrors5xx === 0 && totals.partialWrites === 0 && totals.unnamedRejections === 0 && totals.auditChainBroken === 0;
for (const example of examples.slice(0, 20)) console.error(`\n${example}`);
console.log(JSON.stringify({ seed, runsPerProperty: runs, engine, ok, totals, properties: results }));
process.exitCode = ok ? 0 : 1;
