/**
 * The embedded engine's data folder on a disk that refuses writes: a read-only folder is refused at start with one
 * clear line and left as it was; a disk that fills up while the server saves answers a clear error (no hang, no
 * crash), and after space is freed and the server restarted every acknowledged write is there and the audit chain
 * verifies. Both need a file system of their own (a read-only bind mount, a small tmpfs), so they run as root
 * (as here and in CI); without the rights to mount they say they are skipped and why.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { systemActor } from "../../server/domain/permissions.js";
import { openReadyDatabase } from "../../server/data/startup.js";
import { buildServices } from "../../server/services/index.js";
import { engine } from "../helpers/database.js";
import { projectDoc } from "../factories/projectFile.js";

const ROOT = path.join(import.meta.dirname, "..", "..");
const MAIN = path.join(ROOT, "dist", "main.js");

function run(command: string, args: string[]): { ok: boolean; output: string } {
  const result = spawnSync(command, args, { encoding: "utf8" });
  return { ok: result.status === 0, output: `${result.stderr ?? ""}${result.stdout ?? ""}`.trim() || String(result.error ?? "") };
}

/** Why this machine cannot run the test (not root, or mounting refused); null when it can. */
function cannotMount(dir: string): string | null {
  if (process.getuid?.() !== 0) return "mounting a file system needs root, and this run is not root";
  const probe = run("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", dir]);
  if (!probe.ok) return `mount refused: ${probe.output}`;
  run("umount", [dir]);
  return null;
}

/** Every file's path and content hash under a folder: equal before and after means nothing changed. */
async function fingerprint(dir: string): Promise<string> {
  const hash = createHash("sha256");
  for (const entry of (await fs.readdir(dir, { recursive: true, withFileTypes: true })).sort((a, b) => `${a.parentPath}/${a.name}`.localeCompare(`${b.parentPath}/${b.name}`))) {
    const file = path.join(entry.parentPath, entry.name);
    hash.update(file);
    if (entry.isFile()) hash.update(await fs.readFile(file));
  }
  return hash.digest("hex");
}

async function withServices<T>(dataDir: string, task: (services: ReturnType<typeof buildServices>) => Promise<T>): Promise<T> {
  const db = await openReadyDatabase({ databaseUrl: null, dataDir });
  try {
    return await task(buildServices(db, { publicBaseUrl: "http://localhost" }));
  } finally {
    await db.close();
  }
}

/** The built server on a data folder; resolves with its port once it listens, rejects with its output if it exits. */
function startServer(env: NodeJS.ProcessEnv): { child: ChildProcess; port: Promise<number>; output: () => string } {
  const child = spawn(process.execPath, [MAIN], { cwd: ROOT, env: { ...env, PORT: "0" } });
  let output = "";
  const port = new Promise<number>((resolve, reject) => {
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at http:\/\/localhost:(\d+)\//.exec(output);
      if (match) resolve(Number(match[1]));
    };
    child.stdout!.on("data", collect);
    child.stderr!.on("data", collect);
    child.on("exit", (code) => reject(new Error(`the server exited (${code}): ${output}`)));
  });
  return { child, port, output: () => output };
}

(engine === "embedded" ? describe : describe.skip)("disk faults on the embedded engine's data folder", function () {
  this.timeout(600_000);
  let workDir: string;
  let env: NodeJS.ProcessEnv;
  let skipReason: string | null;

  before(async function () {
    workDir = await fs.mkdtemp(path.join(os.tmpdir(), "projekttar-disk-"));
    skipReason = cannotMount(workDir);
    if (skipReason) {
      console.log(`      SKIPPED: disk-fault tests need their own file system: ${skipReason}`);
      return;
    }
    const { DATABASE_URL: _ignored, ...inherited } = process.env;
    env = { ...inherited, NODE_ENV: "test" };
    const build = spawnSync("npm", ["run", "-s", "build"], { cwd: ROOT, encoding: "utf8" });
    expect(build.status, build.stderr).to.equal(0);
  });

  after(async () => {
    await fs.rm(workDir, { recursive: true, force: true });
  });

  it("refuses a read-only data folder at start with one clear line and exit code 1, changing nothing", async function () {
    if (skipReason) this.skip();
    const source = path.join(workDir, "ro-source");
    const mounted = path.join(workDir, "ro");
    const dataDir = path.join(mounted, "data");
    await fs.mkdir(mounted);
    await withServices(path.join(source, "data"), async () => undefined);
    expect(run("mount", ["--bind", source, mounted]).ok).to.equal(true);
    try {
      expect(run("mount", ["-o", "remount,ro,bind", mounted]).ok).to.equal(true);
      const before = await fingerprint(mounted);
      for (const folder of [dataDir, path.join(mounted, "new", "data")]) {
        const start = spawnSync(process.execPath, [MAIN], { cwd: ROOT, env: { ...env, DATA_DIR: folder, PORT: "0" }, encoding: "utf8", timeout: 60_000 });
        expect(start.status, start.stderr).to.equal(1);
        expect(start.stderr.trim()).to.equal(
          `The data folder ${folder} cannot be written: it is on a read-only file system. Make it writable for this user, or set DATA_DIR to another folder.`,
        );
        expect(start.stdout).to.equal("");
      }
      expect(await fingerprint(mounted)).to.equal(before);
    } finally {
      run("umount", [mounted]);
    }
  });

  it("answers a full disk with a clear error, then after space is freed and a restart every acknowledged write is there", async function () {
    if (skipReason) this.skip();
    const disk = path.join(workDir, "disk");
    const dataDir = path.join(disk, "data");
    await fs.mkdir(disk);
    expect(run("mount", ["-t", "tmpfs", "-o", "size=160m", "tmpfs", disk]).ok).to.equal(true);
    let server: ReturnType<typeof startServer> | undefined;
    try {
      const { token, key } = await withServices(dataDir, async ({ accounts, editing }) => {
        const { user } = await accounts.create(systemActor("test"), { email: "iro@example.hu", name: "Író", roles: ["admin"] });
        const created = await editing.createProject(systemActor("test"), projectDoc({ title: "Lemezpróba" }) as never);
        return { token: await accounts.createToken(user.id, "disk"), key: String(created.projectId) };
      });
      server = startServer({ ...env, DATA_DIR: dataDir });
      const port = await server.port;

      // Leave the server a little room, then write until the disk refuses.
      const ballast = path.join(disk, "ballast");
      const free = async () => {
        const s = await fs.statfs(disk);
        return s.bavail * s.bsize;
      };
      await fs.writeFile(ballast, Buffer.alloc(Math.max(0, (await free()) - 768 * 1024)));
      const post = (title: string) =>
        new Promise<{ status: number; body: string; ms: number }>((resolve, reject) => {
          const started = Date.now();
          const body = JSON.stringify({ record: { title, dueDate: "2027-01-31" } });
          const request = http.request(
            { host: "127.0.0.1", port, method: "POST", path: `/api/v1/projects/${encodeURIComponent(key)}/records/milestones`, timeout: 60_000, headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) } },
            (response) => {
              let text = "";
              response.on("data", (chunk) => (text += chunk));
              response.on("end", () => resolve({ status: response.statusCode ?? 0, body: text, ms: Date.now() - started }));
            },
          );
          request.on("timeout", () => request.destroy(new Error(`no answer within 60 s: ${title}`)));
          request.on("error", reject);
          request.end(body);
        });
      const acknowledged: string[] = [];
      const refusals: Array<{ status: number; body: string; ms: number }> = [];
      for (let n = 0; n < 2_000 && refusals.length < 3; n++) {
        // Long titles fill the disk in fewer saves (each is also kept in the audit entry).
        const title = `Mérföldkő ${n} ${"hosszú cím ".repeat(80)}`.trim();
        const answer = await post(title);
        if (answer.status === 201) acknowledged.push(title);
        else refusals.push(answer);
      }
      console.log(`      ${acknowledged.length} saves acknowledged before the disk filled; refusals: ${refusals.map((r) => `${r.status} in ${r.ms} ms`).join(", ")}`);
      expect(refusals, "the disk never filled").to.have.length(3);
      for (const refusal of refusals) {
        expect(refusal.status).to.equal(507);
        expect(JSON.parse(refusal.body).error.message).to.match(/^Megtelt az adatbázis tárhelye/);
      }
      // Still serving what it has.
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).to.equal(200);

      const exited = new Promise((resolve) => server!.child.on("exit", resolve));
      server.child.kill("SIGTERM");
      await exited;
      server = undefined;
      await fs.rm(ballast);

      const { titles, chain } = await withServices(dataDir, async ({ projects, audit }) => ({
        titles: (await projects.get(key)).record.milestones.map((m) => m.title),
        chain: await audit.verify(() => undefined),
      }));
      for (const title of acknowledged) expect(titles, `acknowledged but lost: ${title}`).to.include(title);
      expect(titles.length - acknowledged.length, "a refused save was kept").to.equal(0);
      expect(chain.firstBreak).to.equal(null);
      const verify = spawnSync("npm", ["run", "-s", "audit:verify"], { cwd: ROOT, env: { ...env, DATA_DIR: dataDir }, encoding: "utf8" });
      expect(verify.status, verify.stderr).to.equal(0);
    } finally {
      if (server) {
        const exited = new Promise((resolve) => server!.child.on("exit", resolve));
        server.child.kill("SIGKILL");
        await exited;
      }
      run("umount", [disk]);
    }
  });
});
