/**
 * The processes a benchmark starts: the app as production runs it (built, `npm start`'s own node command), the bare
 * Express baseline, and the project's npm scripts (generate, import, export), whose peak memory is read from /proc.
 * Every process is started here in its own process group and stopped by its id.
 */
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { once } from "node:events";

export const ROOT = path.join(import.meta.dirname, "..", "..");

/** The environment of a child: ours, less every database and server setting, plus those given. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ["BENCH_DATABASE_URL", "DATABASE_URL", "DATA_DIR", "WEB_CONCURRENCY", "PORT", "NODE_ENV", "PUBLIC_BASE_URL", "LOG_LEVEL", "PAGE_CACHE_MB"]) delete env[name];
  return { ...env, ...extra };
}

export async function freePort(): Promise<number> {
  const probe = net.createServer().listen(0, "127.0.0.1");
  await once(probe, "listening");
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

export function buildApp(): void {
  const result = spawnSync("npm", ["run", "-s", "build"], { cwd: ROOT, stdio: "inherit" });
  if (result.status !== 0) throw new Error("npm run build failed");
}

/** The highest peak RSS (VmHWM) among a process and its descendants, in bytes; 0 once they are gone. */
export function peakRssOfTree(rootPid: number): number {
  const parents = new Map<number, number>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      // The fourth field after the parenthesised name is the parent's pid.
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // Gone between the listing and the read.
    }
  }
  const inTree = (pid: number): boolean => pid === rootPid || (parents.has(pid) && pid !== 1 && inTree(parents.get(pid)!));
  let peak = 0;
  for (const pid of parents.keys()) {
    if (!inTree(pid)) continue;
    try {
      const kb = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
      peak = Math.max(peak, Number(kb ?? 0) * 1024);
    } catch {
      // Gone.
    }
  }
  return peak;
}

export interface ScriptRun {
  seconds: number;
  peakRssBytes: number;
  output: string;
}

/** `npm run -s <script> -- …args`, timed, with the peak RSS of its processes sampled every 50 ms. */
export async function runNpmScript(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<ScriptRun> {
  const started = process.hrtime.bigint();
  const child = spawn("npm", ["run", "-s", script, "--", ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, peakRssOfTree(child.pid!))), 50);
  const [code] = (await once(child, "exit")) as [number | null];
  clearInterval(sampler);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (code !== 0) throw new Error(`npm run ${script} failed (exit ${code}):\n${output.slice(-2000)}`);
  return { seconds, peakRssBytes: peak, output };
}

export interface Running {
  url: string;
  /** The process started (the app's only process unless it runs WEB_CONCURRENCY workers). */
  pid: number;
  /** Milliseconds from spawning the process to its first 200 on /healthz. */
  readyMs: number;
  stop(): Promise<void>;
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  child.once("exit", () => (exited = true));
  while (Date.now() < deadline && !exited) {
    try {
      const response = await fetch(`${url}/healthz`);
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(exited ? `${url}: the process exited before serving /healthz` : `${url}: no 200 on /healthz within ${timeoutMs / 1000} s`);
}

async function startProcess(command: string, args: string[], env: NodeJS.ProcessEnv, port: number): Promise<Running> {
  const started = performance.now();
  // BENCH_APP_LOG=FILE keeps the started process's log (its stdout) for a look at what went wrong.
  const log = process.env.BENCH_APP_LOG ? fs.openSync(process.env.BENCH_APP_LOG, "a") : "ignore";
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ["ignore", log, "inherit"], detached: true });
  if (typeof log === "number") fs.closeSync(log);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, "exit");
    process.kill(-child.pid!, "SIGTERM");
    const timer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 15_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitForHealth(url, child, 120_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, pid: child.pid!, readyMs: performance.now() - started, stop };
}

/**
 * The arguments `npm start` gives node (package.json), so that what is measured is what runs: its source maps,
 * for one, cost a start about 300 ms. Not `npm start` itself, whose npm process would be measured too.
 */
function startArguments(): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: { start: string } };
  const [command, ...args] = manifest.scripts.start.trim().split(/\s+/);
  if (command !== "node") throw new Error(`npm start runs ${command}, not node: the benchmark does not know how to start it`);
  return args;
}

/** The app as production starts it (after buildApp), with WEB_CONCURRENCY workers on a server database. */
export async function startApp(databaseEnv: Record<string, string>, workers: number): Promise<Running> {
  const port = await freePort();
  const env = childEnv({
    ...databaseEnv,
    NODE_ENV: "production",
    PORT: String(port),
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: "warn",
    ...(workers > 1 ? { WEB_CONCURRENCY: String(workers) } : {}),
  });
  return startProcess("node", startArguments(), env, port);
}

/**
 * The baseline: a bare Express app serving a folder of files, in as many processes as the app runs. Plain
 * JavaScript run by node itself (no TypeScript loader), so that its start-up time is Express's and Node's only;
 * written to a file because node:cluster forks workers from a module file.
 */
const STATIC_SERVER = `
import cluster from "node:cluster";
import express from ${JSON.stringify(import.meta.resolve("express"))};
const workers = Number(process.env.BENCH_WORKERS);
if (cluster.isPrimary && workers > 1) {
  for (let i = 0; i < workers; i++) cluster.fork();
  process.on("SIGTERM", () => { for (const w of Object.values(cluster.workers)) w.kill(); process.exit(0); });
} else {
  const app = express();
  app.get("/healthz", (_req, res) => res.json({ status: "ok" }));
  app.use(express.static(process.env.BENCH_STATIC_DIR));
  app.listen(Number(process.env.PORT), "127.0.0.1");
}`;

export async function startStatic(dir: string, workers: number): Promise<Running> {
  const port = await freePort();
  const env = childEnv({ PORT: String(port), BENCH_STATIC_DIR: dir, BENCH_WORKERS: String(workers), NODE_ENV: "production" });
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "projekttar-bench-server-"));
  const script = path.join(folder, "static-server.mjs");
  fs.writeFileSync(script, STATIC_SERVER);
  try {
    const running = await startProcess("node", [script], env, port);
    return { ...running, stop: () => running.stop().finally(() => fs.rmSync(folder, { recursive: true, force: true })) };
  } catch (error) {
    fs.rmSync(folder, { recursive: true, force: true });
    throw error;
  }
}
