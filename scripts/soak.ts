/**
 * npm run soak -- [--minutes M (10)] [--projects N (5000)] [--engine embedded|server] [--ramp-seconds S (5)] [--seed S]
 *
 * The built app as production starts it, on a fresh database of its own filled by `npm run generate` (the
 * benchmarks' code), on loopback only. A short closed-loop ramp finds the highest rate the realistic mix
 * (scripts/soak/mix.ts) is served at; then the mix is sent at 80% of it for M minutes. Reports requests, errors,
 * non-2xx answers and p50/p99 per kind; the app's RSS at start, after the ramp, after warm-up (a minute into the soak)
 * and at the end; its open file descriptors and, on a server, its database connections at start, after the ramp and
 * at the end (each after 35 s idle). Exits 1 on any error, non-2xx, memory drift of 10% or more after warm-up (the
 * trend of RSS sampled every second, not two single samples: see rssDrift), or
 * more descriptors or connections at the end than after the ramp; the last line is JSON.
 */
import { parseArgs } from "node:util";
import { createBenchDatabase } from "./bench/database.js";
import { buildApp, startApp } from "./bench/processes.js";
import { closedLoop, emptyStats, openLoop, percentile, totals, type Stats } from "./soak/driver.js";
import { logIn } from "./soak/login.js";
import { parsedOrExit } from "./cli.js";
import { generatedMix, KINDS, requestDrawer } from "./soak/mix.js";
import { probe, rssDrift, rssOf, type Probe } from "./soak/probes.js";

const USAGE = `Usage: npm run soak -- [--minutes M (10)] [--projects N (5000)] [--engine embedded|server] [--ramp-seconds S (5)] [--seed S (1)]
The server engine uses BENCH_DATABASE_URL, else DATABASE_URL; without either, or with --engine embedded, a temporary data folder.`;

const SOAK_SHARE = 0.8;
const RAMP_CONCURRENCY = [1, 2, 4, 8, 16, 32, 64];
const MAX_DRIFT = 0.1;
/** Descriptors the app may hold above its count at the start without it being a leak (a log rotation, a lazy module). */
const FD_SLACK = 5;

function options() {
  const { values } = parseArgs({
    options: {
      minutes: { type: "string", default: "10" },
      projects: { type: "string", default: "5000" },
      engine: { type: "string" },
      "ramp-seconds": { type: "string", default: "5" },
      seed: { type: "string", default: "1" },
    },
  });
  const number = (name: keyof typeof values, min: number) => {
    const n = Number(values[name]);
    if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number, at least ${min}`);
    return n;
  };
  if (values.engine !== undefined && values.engine !== "embedded" && values.engine !== "server") throw new Error("--engine must be embedded or server");
  const url = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || null;
  if (values.engine === "server" && !url) throw new Error("--engine server needs BENCH_DATABASE_URL or DATABASE_URL");
  return {
    minutes: number("minutes", 0.1),
    projects: Math.floor(number("projects", 10)),
    rampSeconds: number("ramp-seconds", 1),
    seed: Math.floor(number("seed", 1)),
    serverUrl: values.engine === "embedded" ? null : url,
  };
}

const mb = (bytes: number) => Math.round(bytes / 1048576);
/** Long enough for keep-alive sockets to close and the server pool's idle connections (30 s) to be let go. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 35_000));

const opts = parsedOrExit(options, USAGE);

buildApp();
const db = await createBenchDatabase(opts.serverUrl, "soak");
const violations: string[] = [];
let report: Record<string, unknown> = {};
try {
  console.error(`soak: generating ${opts.projects} projects (${db.engine} engine)…`);
  const data = await generatedMix(db, opts.projects, opts.seed);
  const app = await startApp(db.env, 1);
  try {
    const atStart: Probe = await probe(app.pid, db.url);
    const cookie = await logIn(app.url, data);
    const next = requestDrawer(data, cookie, opts.seed);

    // Ramp: more concurrent clients until the rate stops growing by 5%; the best rate seen is the maximum.
    const rampStats = emptyStats();
    let maxRate = 0;
    for (const concurrency of RAMP_CONCURRENCY) {
      const rate = await closedLoop(app.url, next, concurrency, opts.rampSeconds, rampStats);
      console.error(`ramp: ${concurrency} clients, ${rate.toFixed(0)} req/s`);
      if (rate < maxRate * 1.05) {
        maxRate = Math.max(maxRate, rate);
        break;
      }
      maxRate = rate;
    }
    await settle();
    const afterRamp: Probe = await probe(app.pid, db.url);

    const rate = Math.max(1, Math.round(maxRate * SOAK_SHARE));
    const seconds = opts.minutes * 60;
    console.error(`soak: ${rate} req/s (${SOAK_SHARE * 100}% of ${maxRate.toFixed(0)}) for ${opts.minutes} min`);
    const stats: Stats = emptyStats();
    const rssSamples: number[] = [];
    // Warm-up ends a minute into the soak (a fifth of a shorter one): the heap has grown to its working size.
    const warmUpSeconds = Math.min(60, Math.round(seconds / 5));
    let warmRss = 0;
    let lastRss = 0;
    const afterWarmUp: Array<{ seconds: number; bytes: number }> = [];
    const { shed } = await openLoop(app.url, next, { rate, seconds, connections: 64, maxInFlight: 2_000 }, stats, (elapsed) => {
      lastRss = rssOf(app.pid);
      if (warmRss === 0 && elapsed >= warmUpSeconds) warmRss = lastRss;
      if (elapsed >= warmUpSeconds) afterWarmUp.push({ seconds: elapsed, bytes: lastRss });
      if (Math.floor(elapsed) % 60 !== 0) return;
      rssSamples.push(rssOf(app.pid));
      const t = totals(stats);
      console.error(`soak: ${Math.round(elapsed / 60)} min, ${t.requests} requests, ${t.errors} errors, ${t.non2xx} non-2xx, RSS ${mb(rssSamples.at(-1)!)} MB`);
    });
    await settle();
    const atEnd: Probe = await probe(app.pid, db.url);

    const all = totals(stats);
    const ramp = totals(rampStats);
    // Drift under load: the trend of the RSS sampled every second after warm-up, over that time.
    const drift = rssDrift(afterWarmUp);
    const sampled = afterWarmUp.map((s) => s.bytes);
    if (all.errors + ramp.errors > 0) violations.push(`${all.errors + ramp.errors} failed requests`);
    if (all.non2xx + ramp.non2xx > 0) violations.push(`${all.non2xx + ramp.non2xx} non-2xx answers`);
    if (shed > 0) violations.push(`${shed} requests not sent: ${2_000} were already waiting`);
    if (Math.abs(drift) >= MAX_DRIFT) violations.push(`RSS drift ${(drift * 100).toFixed(1)}% after warm-up`);
    // Both counted after the same idle wait, after the ramp and after the soak: what the soak left open is a leak.
    if (atEnd.fds > afterRamp.fds + FD_SLACK) violations.push(`open descriptors ${afterRamp.fds} after the ramp → ${atEnd.fds} at the end`);
    if (atEnd.dbConnections !== null && afterRamp.dbConnections !== null && atEnd.dbConnections > afterRamp.dbConnections)
      violations.push(`database connections ${afterRamp.dbConnections} after the ramp → ${atEnd.dbConnections} at the end`);
    for (const kind of KINDS) for (const sample of [...rampStats[kind].samples, ...stats[kind].samples]) console.error(`  ${kind}: ${sample}`);

    const perKind = Object.fromEntries(
      KINDS.map((kind) => {
        const s = stats[kind];
        const sorted = Float64Array.from(s.latencies).sort();
        return [kind, { requests: s.requests, errors: s.errors, non2xx: s.non2xx, p50Ms: +percentile([...sorted], 50).toFixed(1), p99Ms: +percentile([...sorted], 99).toFixed(1) }];
      }),
    );
    console.error("\nkind          requests  errors  non-2xx   p50 ms   p99 ms");
    for (const [kind, k] of Object.entries(perKind)) {
      console.error(`${kind.padEnd(12)} ${String(k.requests).padStart(9)} ${String(k.errors).padStart(7)} ${String(k.non2xx).padStart(8)} ${k.p50Ms.toFixed(1).padStart(8)} ${k.p99Ms.toFixed(1).padStart(8)}`);
    }
    console.error(`RSS ${mb(atStart.rssBytes)} MB at start, ${mb(afterRamp.rssBytes)} MB after the ramp, ${mb(warmRss)} MB after warm-up, ${mb(lastRss)} MB at the end of the load, ${mb(atEnd.rssBytes)} MB idle after it; after warm-up between ${mb(Math.min(...sampled))} and ${mb(Math.max(...sampled))} MB, trend ${(drift * 100).toFixed(1)}% over the run`);
    console.error(`at start / after the ramp / at the end (idle): open descriptors ${atStart.fds} / ${afterRamp.fds} / ${atEnd.fds}; database connections ${atStart.dbConnections ?? "—"} / ${afterRamp.dbConnections ?? "—"} / ${atEnd.dbConnections ?? "—"}`);
    report = {
      engine: db.engine,
      projects: opts.projects,
      minutes: opts.minutes,
      maxRate: Math.round(maxRate),
      rate,
      requests: all.requests,
      achievedRate: Math.round(all.requests / seconds),
      errors: all.errors,
      non2xx: all.non2xx,
      shed,
      ramp: { requests: ramp.requests, errors: ramp.errors, non2xx: ramp.non2xx },
      kinds: perKind,
      rssMb: { start: mb(atStart.rssBytes), afterRamp: mb(afterRamp.rssBytes), warm: mb(warmRss), endOfLoad: mb(lastRss), idleAfter: mb(atEnd.rssBytes), perMinute: rssSamples.map(mb), minAfterWarmUp: mb(Math.min(...sampled)), maxAfterWarmUp: mb(Math.max(...sampled)), drift: +drift.toFixed(3) },
      fds: { start: atStart.fds, afterRamp: afterRamp.fds, end: atEnd.fds },
      dbConnections: { start: atStart.dbConnections, afterRamp: afterRamp.dbConnections, end: atEnd.dbConnections },
    };
  } finally {
    await app.stop();
  }
} catch (error) {
  violations.push(`the soak could not run: ${(error as Error).message}`);
} finally {
  await db.drop();
}
for (const v of violations) console.error(`FAIL: ${v}`);
console.log(JSON.stringify({ soak: new Date().toISOString(), ...report, violations, failed: violations.length > 0 }));
if (violations.length > 0) process.exitCode = 1;
