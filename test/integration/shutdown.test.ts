/**
 * SIGTERM under load, against the server as production runs it (plain node on the compiled JavaScript): every
 * request the server accepted before the signal completes, later connections are refused, none is reset.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import fs from "node:fs/promises";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { buildApp, ROOT, startBuilt } from "../helpers/builtServer.js";
import { createServerDatabase, engine, testServerUrl } from "../helpers/database.js";

const CLIENTS = 16;
const REQUESTS_BEFORE_SIGNAL = 150;

interface Outcome {
  statuses: number[];
  errors: string[];
}

function get(agent: http.Agent, port: number, urlPath: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: "127.0.0.1", port, path: urlPath, agent }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
      response.on("error", reject);
    });
    request.on("error", reject);
  });
}

/** The server's own process and, under a cluster, its workers: what systemd signals when it stops a service. */
function processTree(child: ChildProcessWithoutNullStreams): number[] {
  const workers = spawnSync("pgrep", ["-P", String(child.pid)], { encoding: "utf8" }).stdout.split("\n").filter(Boolean);
  return [child.pid!, ...workers.map(Number)];
}

/** Keep-alive clients that request until the server refuses them; SIGTERM after the first requests. */
async function loadAcrossSigterm(child: ChildProcessWithoutNullStreams, port: number, signalEveryProcess: boolean): Promise<Outcome> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  const outcome: Outcome = { statuses: [], errors: [] };
  let signalled = false;
  const client = async () => {
    for (;;) {
      try {
        outcome.statuses.push(await get(agent, port, "/"));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? String(error);
        if (code === "ECONNREFUSED") return;
        outcome.errors.push(code);
        if (!signalled) return;
      }
      if (!signalled && outcome.statuses.length >= REQUESTS_BEFORE_SIGNAL) {
        signalled = true;
        for (const pid of signalEveryProcess ? processTree(child) : [child.pid!]) process.kill(pid, "SIGTERM");
      }
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
  agent.destroy();
  return outcome;
}

describe("shutdown under load", function () {
  this.timeout(180_000);
  let workDir: string;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    buildApp();
    workDir = await fs.mkdtemp(path.join(os.tmpdir(), "projekttar-shutdown-"));
    const { DATABASE_URL: _ignored, ...inherited } = process.env;
    env = { ...inherited, DATA_DIR: path.join(workDir, "data"), PORT: "0", NODE_ENV: "test", LOG_LEVEL: "info" };
    if (engine === "postgres") {
      env.DATABASE_URL = testServerUrl(await createServerDatabase());
      const migrated = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts", "migrate.ts")], { cwd: ROOT, env, encoding: "utf8" });
      expect(migrated.status, migrated.stderr).to.equal(0);
    }
  });

  after(async () => {
    await fs.rm(workDir, { recursive: true, force: true });
  });

  async function sigtermUnderLoad(processes: number, signalEveryProcess = false) {
    const server = await startBuilt({ ...env, WEB_CONCURRENCY: String(processes) });
    const { child, port } = server;
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));

    const outcome = await loadAcrossSigterm(child, port, signalEveryProcess);
    const code = await exited;

    const output = server.output();
    expect(outcome.errors, output).to.deep.equal([]);
    expect(outcome.statuses.length).to.be.greaterThan(REQUESTS_BEFORE_SIGNAL);
    expect(new Set(outcome.statuses)).to.deep.equal(new Set([200]));
    expect(code, output).to.equal(0);
    expect(output).to.contain("SIGTERM: finishing in-flight requests").and.contain("stopped");
    return output;
  }

  it("finishes every accepted request, refuses later ones cleanly, and logs its stop", async () => {
    await sigtermUnderLoad(1);
  });

  /** A second signal while a request is still in flight (here one whose headers never end) stops at once. */
  async function secondSignalStopsNow(processes: number) {
    const server = await startBuilt({ ...env, WEB_CONCURRENCY: String(processes) });
    const { child, port } = server;
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const socket = net.connect(port, "127.0.0.1");
    try {
      await new Promise((resolve) => socket.once("connect", resolve));
      socket.write("GET / HTTP/1.1\r\nHost: localhost\r\n");
      child.kill("SIGTERM");
      // The first signal waits for that request (up to 10 s).
      const first = await Promise.race([exited.then(() => "exited"), new Promise((resolve) => setTimeout(() => resolve("waiting"), 1_500))]);
      expect(first, server.output()).to.equal("waiting");
      child.kill("SIGTERM");
      const started = Date.now();
      const code = await exited;
      expect(Date.now() - started, server.output()).to.be.below(3_000);
      expect(code).to.equal(1);
      expect(server.output()).to.contain("SIGTERM again: stopping");
    } finally {
      socket.destroy();
      if (child.exitCode === null && child.signalCode === null) for (const pid of processTree(child)) process.kill(pid, "SIGKILL");
    }
  }

  it("stops at once on a second signal, without waiting for the requests in flight", async () => {
    await secondSignalStopsNow(1);
  });

  if (engine === "postgres") {
    it("does the same with several server processes (WEB_CONCURRENCY), each finishing its own requests", async () => {
      const output = await sigtermUnderLoad(2);
      expect(output).to.contain("(PostgreSQL server, 2 processes)");
      expect(output.match(/SIGTERM: finishing in-flight requests/g)).to.have.length(2);
    });

    it("stops at once when signalled while its processes are still starting, leaving none behind", async () => {
      const child = spawn(process.execPath, [path.join(ROOT, "dist", "main.js")], { cwd: ROOT, env: { ...env, WEB_CONCURRENCY: "2" } });
      let output = "";
      child.stdout.on("data", (chunk) => (output += chunk));
      child.stderr.on("data", (chunk) => (output += chunk));
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      try {
        // Signalled as soon as both workers are forked: each takes about a second to load the app.
        let workers: number[] = [];
        while (workers.length < 2) {
          await new Promise((resolve) => setTimeout(resolve, 20));
          workers = processTree(child).slice(1);
        }
        child.kill("SIGTERM");
        const started = Date.now();
        await exited;
        expect(Date.now() - started, output).to.be.below(5_000);
        expect(output).to.not.contain("running at");
        for (const pid of workers) expect(() => process.kill(pid, 0), `worker ${pid} is gone`).to.throw();
      } finally {
        if (child.exitCode === null && child.signalCode === null) {
          for (const pid of processTree(child)) process.kill(pid, "SIGKILL");
        }
      }
    });

    it("stops every process at once on a second signal to the first", async () => {
      await secondSignalStopsNow(2);
    });

    it("does the same when every process gets the signal at once (as systemd stops a service)", async () => {
      const output = await sigtermUnderLoad(2, true);
      expect(output.match(/SIGTERM: finishing in-flight requests/g)).to.have.length(2);
      expect(output.match(/"msg":"stopped"/g)).to.have.length(3);
    });
  }
});
