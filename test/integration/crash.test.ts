/**
 * `kill -9` of the embedded engine in the middle of work: an import (one transaction) leaves all of its file or
 * none of it, and a server killed while it saves leaves every write it acknowledged, nothing half-written, and an
 * audit chain that verifies.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { systemActor } from "../../server/domain/permissions.js";
import { openReadyDatabase } from "../../server/data/startup.js";
import { buildServices } from "../../server/services/index.js";
import { engine } from "../helpers/database.js";
import { fileOf, projectDoc } from "../factories/projectFile.js";

const ROOT = path.join(import.meta.dirname, "..", "..");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Opens the data folder as the next start would (recovering from the crash), and hands its services over. */
async function afterRestart<T>(dataDir: string, look: (services: ReturnType<typeof buildServices>) => Promise<T>): Promise<T> {
  const db = await openReadyDatabase({ databaseUrl: null, dataDir });
  try {
    return await look(buildServices(db, { publicBaseUrl: "http://localhost" }));
  } finally {
    await db.close();
  }
}

(engine === "embedded" ? describe : describe.skip)("kill -9 of the embedded engine", function () {
  this.timeout(300_000);
  let workDir: string;
  let env: NodeJS.ProcessEnv;
  const dataDir = () => env.DATA_DIR!;

  before(async () => {
    workDir = await fs.mkdtemp(path.join(os.tmpdir(), "projekttar-crash-"));
    const { DATABASE_URL: _ignored, ...inherited } = process.env;
    env = { ...inherited, DATA_DIR: path.join(workDir, "data"), NODE_ENV: "test" };
    const demo = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts", "demo.ts")], { cwd: ROOT, env, encoding: "utf8" });
    expect(demo.status, demo.stderr).to.equal(0);
  });

  after(async () => {
    await fs.rm(workDir, { recursive: true, force: true });
  });

  it("in the middle of an import: the file is all there or not at all, and the audit chain verifies", async () => {
    const file = path.join(workDir, "large.json");
    await fs.writeFile(file, JSON.stringify(fileOf(...Array.from({ length: 3000 }, () => projectDoc()))));
    const before = await afterRestart(dataDir(), ({ projects }) => projects.count());

    const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts", "import.ts"), file], { cwd: ROOT, env });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    // Writing starts once the command holds the data folder; the kill lands well inside the 3,000 projects.
    for (let i = 0; i < 600; i++) {
      if (await fs.stat(`${dataDir()}.lock`).then(() => true, () => false)) break;
      await sleep(50);
    }
    await sleep(2_500);
    child.kill("SIGKILL");
    const code = await exited;

    const { total, chain } = await afterRestart(dataDir(), async ({ projects, audit }) => ({
      total: await projects.count(),
      chain: await audit.verify(() => undefined),
    }));
    expect([before, before + 3000]).to.include(total);
    expect(chain.firstBreak).to.equal(null);
    console.log(`      killed ${code === null ? "mid-import" : "after the import ended"}: ${total - before} of 3000 projects there after restart`);
  });

  it("while the server saves: every acknowledged write is there, nothing half-written, the chain verifies", async () => {
    const { token, key } = await afterRestart(dataDir(), async ({ accounts, projects }) => {
      const { user } = await accounts.create(systemActor("test"), { email: "iro@example.hu", name: "Író", roles: ["admin"] });
      const [project] = (await projects.list({}, { limit: 1, offset: 0 })).items;
      return { token: await accounts.createToken(user.id, "crash"), key: project!.identifier ?? String(project!.id) };
    });
    const build = spawnSync("npm", ["run", "-s", "build"], { cwd: ROOT, encoding: "utf8" });
    expect(build.status, build.stderr).to.equal(0);
    const server = spawn(process.execPath, [path.join(ROOT, "dist", "main.js")], { cwd: ROOT, env: { ...env, PORT: "0" } });
    let output = "";
    const port = await new Promise<number>((resolve, reject) => {
      server.stdout.on("data", (chunk) => {
        output += chunk;
        const match = /running at http:\/\/localhost:(\d+)\//.exec(output);
        if (match) resolve(Number(match[1]));
      });
      server.on("exit", () => reject(new Error(output)));
    });
    const exited = new Promise((resolve) => server.on("exit", resolve));

    const acknowledged: string[] = [];
    let alive = true;
    const post = (title: string) =>
      new Promise<number>((resolve, reject) => {
        const body = JSON.stringify({ record: { title, dueDate: "2027-01-31" } });
        const request = http.request(
          { host: "127.0.0.1", port, method: "POST", path: `/api/v1/projects/${encodeURIComponent(key)}/records/milestones`, headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) } },
          (response) => response.resume().on("end", () => resolve(response.statusCode ?? 0)),
        );
        request.on("error", reject);
        request.end(body);
      });
    const writers = Array.from({ length: 4 }, async (_, writer) => {
      for (let n = 0; alive; n++) {
        const title = `Mérföldkő ${writer}-${n}`;
        try {
          if ((await post(title)) === 201) acknowledged.push(title);
        } catch {
          return;
        }
      }
    });
    while (acknowledged.length < 30) await sleep(20);
    server.kill("SIGKILL");
    alive = false;
    await Promise.all(writers);
    await exited;

    const { titles, chain } = await afterRestart(dataDir(), async ({ projects, audit }) => ({
      titles: (await projects.get(key)).record.milestones.map((m) => m.title).filter((t) => /^Mérföldkő \d+-\d+$/.test(t)),
      chain: await audit.verify(() => undefined),
    }));
    expect(chain.firstBreak).to.equal(null);
    for (const title of acknowledged) expect(titles, `acknowledged but lost: ${title}`).to.include(title);
    // At most the writes in flight at the kill (one per writer) may have committed without their answer arriving.
    expect(titles.length - acknowledged.length).to.be.within(0, 4);
    console.log(`      ${acknowledged.length} acknowledged saves, ${titles.length} of their milestones after restart`);
  });
});
