/**
 * npm run fault -- pg-restart [--clients N (8)] [--before S (10)] [--after S (20)] [--restart-command "…"]
 *
 * A real restart of the PostgreSQL server under load (test/integration/databaseOutage.test.ts simulates an outage
 * with a proxy; this is the real thing, so it is a script run on purpose, never a test: it restarts the whole
 * server, and every other user of it sees the restart too). The built app runs as production does on a fresh
 * database of its own (the benchmarks' code) and serves the soak's mix with N closed-loop clients; after --before
 * seconds the restart command runs (default `pg_ctlcluster --skip-systemctl-redirect 15 main restart`; a private
 * cluster made with initdb can be restarted instead with `--restart-command "runuser -u postgres -- pg_ctl -D DIR
 * restart -m fast"`). Reports the requests during the outage
 * (each must be a 503 answered quickly; a reset connection or any other status is a failure), the slowest of them,
 * and the time from PostgreSQL accepting connections again to the app's first and steady successes (goal ≤ 5 s).
 * Exits 1 on a violation; the last line is JSON.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { parseArgs } from "node:util";
import { createBenchDatabase } from "./bench/database.js";
import { buildApp, startApp } from "./bench/processes.js";
import { openPool } from "./soak/driver.js";
import { parsedOrExit } from "./cli.js";
import { generatedMix, requestDrawer } from "./soak/mix.js";
import { logIn } from "./soak/login.js";

const DEFAULT_RESTART = "pg_ctlcluster --skip-systemctl-redirect 15 main restart";
const USAGE = `Usage: npm run fault -- pg-restart [--clients N (8)] [--before S (10)] [--after S (20)] [--restart-command "${DEFAULT_RESTART}"]
Uses BENCH_DATABASE_URL, else DATABASE_URL: a PostgreSQL server on this machine that the command restarts.`;
/** A request slower than this during the outage counts as hanging. */
const HANG_MS = 10_000;
const RECOVERY_GOAL_MS = 5_000;

interface Outcome {
  kind: string;
  start: number;
  end: number;
  status: number;
  error?: string;
}

function options() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      clients: { type: "string", default: "8" },
      before: { type: "string", default: "10" },
      after: { type: "string", default: "20" },
      "restart-command": { type: "string", default: DEFAULT_RESTART },
    },
  });
  if (positionals.length !== 1 || positionals[0] !== "pg-restart") throw new Error("name the fault: pg-restart");
  const url = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL;
  if (!url) throw new Error("set BENCH_DATABASE_URL or DATABASE_URL");
  const positive = (name: "clients" | "before" | "after") => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive whole number`);
    return n;
  };
  return { url, clients: positive("clients"), before: positive("before"), after: positive("after"), restartCommand: values["restart-command"] };
}

/** Run asynchronously: the load must go on while PostgreSQL restarts (a synchronous spawn would stop it). */
const run = promisify(execFile);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function accepting(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return run("pg_isready", ["-h", hostname, "-p", port || "5432", "-t", "1"]).then(() => true, () => false);
}

/**
 * Restarts the cluster while watching it: when it stopped accepting connections, when it accepted them again and
 * when pg_ctlcluster returned, in performance.now() time.
 */
async function restartWatched(url: string, command: string): Promise<{ downAt: number | null; upAt: number; doneAt: number }> {
  let doneAt: number | null = null;
  const restart = run("sh", ["-c", command]).then(
    () => (doneAt = performance.now()),
    (error: Error & { stderr?: string }) => {
      throw new Error(`the restart command failed: ${error.stderr ?? error.message}`);
    },
  );
  let downAt: number | null = null;
  while (downAt === null && doneAt === null) {
    if (!(await accepting(url))) downAt = performance.now();
    else await sleep(20);
  }
  while (!(await accepting(url))) await sleep(20);
  const upAt = performance.now();
  await restart;
  return { downAt, upAt, doneAt: doneAt! };
}

const opts = parsedOrExit(options, USAGE);

buildApp();
const db = await createBenchDatabase(opts.url, "fault");
const violations: string[] = [];
let report: Record<string, unknown> = {};
try {
  const data = await generatedMix(db, 500, 1);
  const app = await startApp(db.env, 1);
  try {
    const next = requestDrawer(data, await logIn(app.url, data), 1);
    const pool = openPool(app.url, opts.clients);
    const outcomes: Outcome[] = [];
    const started = performance.now();
    const until = started + (opts.before + opts.after) * 1000;
    const clients = Array.from({ length: opts.clients }, async () => {
      while (performance.now() < until) {
        const request = next();
        const start = performance.now();
        try {
          const response = await pool.request({ method: request.method, path: request.path, headers: request.headers, body: request.body, headersTimeout: 60_000, bodyTimeout: 60_000 });
          const body = await response.body.text();
          outcomes.push({ kind: request.kind, start, end: performance.now(), status: response.statusCode });
          request.done(response.statusCode, body);
        } catch (error) {
          outcomes.push({ kind: request.kind, start, end: performance.now(), status: 0, error: (error as Error).message });
          request.done(0, "");
        }
      }
    });
    await new Promise((resolve) => setTimeout(resolve, opts.before * 1000));
    console.error(`pg-restart: restarting PostgreSQL (${opts.restartCommand}) under ${opts.clients} clients…`);
    const restartAt = performance.now();
    const { downAt, upAt: acceptingAt, doneAt: restartDone } = await restartWatched(opts.url, opts.restartCommand);
    await Promise.all(clients);
    await pool.close();

    const failed = outcomes.filter((o) => o.status < 200 || o.status > 299);
    const during = failed.filter((o) => o.start >= restartAt - 1000);
    const others = failed.filter((o) => o.status !== 503);
    const slowest = Math.max(0, ...during.map((o) => o.end - o.start));
    // Service is back at the first success after PostgreSQL accepts again, steady at the end of the last failure.
    const firstSuccess = outcomes.filter((o) => o.status >= 200 && o.status < 300 && o.end > acceptingAt).sort((a, b) => a.end - b.end)[0];
    const lastFailure = Math.max(acceptingAt, ...failed.map((o) => o.end));
    const backMs = firstSuccess ? firstSuccess.end - acceptingAt : Infinity;
    const steadyMs = lastFailure - acceptingAt;
    const ok = outcomes.length - failed.length;
    if (others.length > 0) violations.push(`${others.length} requests failed otherwise than with a 503: ${others.slice(0, 5).map((o) => `${o.kind} ${o.status || o.error}`).join("; ")}`);
    if (slowest > HANG_MS) violations.push(`a request during the outage took ${(slowest / 1000).toFixed(1)} s`);
    if (backMs > RECOVERY_GOAL_MS) violations.push(`service back ${(backMs / 1000).toFixed(1)} s after PostgreSQL accepted connections (goal ≤ 5 s)`);
    console.error(`requests: ${outcomes.length} (${ok} 2xx, ${failed.length - others.length} 503, ${others.length} other failures)`);
    console.error(`the restart command took ${((restartDone - restartAt) / 1000).toFixed(2)} s; PostgreSQL refused connections from ${downAt === null ? "—" : ((downAt - restartAt) / 1000).toFixed(2)} s and accepted them again ${((acceptingAt - restartAt) / 1000).toFixed(2)} s after it began`);
    console.error(`failures from ${failed.length ? ((Math.min(...failed.map((o) => o.start)) - restartAt) / 1000).toFixed(2) : "—"} s to ${failed.length ? ((lastFailure - restartAt) / 1000).toFixed(2) : "—"} s after the restart began; slowest during the outage ${slowest.toFixed(0)} ms`);
    console.error(`first success ${(backMs / 1000).toFixed(2)} s after PostgreSQL accepted again; last failure ${(steadyMs / 1000).toFixed(2)} s after it`);
    report = {
      clients: opts.clients,
      requests: outcomes.length,
      ok,
      answered503: failed.length - others.length,
      otherFailures: others.length,
      restartCommandMs: Math.round(restartDone - restartAt),
      refusingAfterMs: downAt === null ? null : Math.round(downAt - restartAt),
      acceptingAfterMs: Math.round(acceptingAt - restartAt),
      slowestDuringOutageMs: Math.round(slowest),
      firstSuccessAfterAcceptingMs: Math.round(backMs),
      lastFailureAfterAcceptingMs: Math.round(steadyMs),
    };
  } finally {
    await app.stop();
  }
} catch (error) {
  violations.push(`the fault run could not complete: ${(error as Error).message}`);
} finally {
  await db.drop();
}
for (const v of violations) console.error(`FAIL: ${v}`);
console.log(JSON.stringify({ fault: "pg-restart", date: new Date().toISOString(), ...report, violations, failed: violations.length > 0 }));
if (violations.length > 0) process.exitCode = 1;
