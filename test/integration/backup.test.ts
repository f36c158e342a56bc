/**
 * `npm run backup` and `npm run restore` as an operator runs them: a backup taken while the server serves (on the
 * embedded engine, through the running server), restored into an empty database, gives back every project and an
 * audit chain that verifies; a backup is never restored over data or into the other engine.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { buildApp, ROOT, startBuilt } from "../helpers/builtServer.js";
import { createServerDatabase, engine, testServerUrl } from "../helpers/database.js";


describe("backup and restore", function () {
  this.timeout(300_000);
  let workDir: string;
  let source: NodeJS.ProcessEnv;
  let target: NodeJS.ProcessEnv;

  const run = (env: NodeJS.ProcessEnv, script: string, ...args: string[]) =>
    spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts", script), ...args], { cwd: ROOT, env, encoding: "utf8" });

  before(async () => {
    workDir = await fs.mkdtemp(path.join(os.tmpdir(), "projekttar-backup-"));
    const { DATABASE_URL: _ignored, ...inherited } = process.env;
    source = { ...inherited, DATA_DIR: path.join(workDir, "data"), NODE_ENV: "test" };
    target = { ...inherited, DATA_DIR: path.join(workDir, "restored"), NODE_ENV: "test" };
    if (engine === "postgres") {
      source.DATABASE_URL = testServerUrl(await createServerDatabase());
      target.DATABASE_URL = testServerUrl(await createServerDatabase());
      expect(run(source, "migrate.ts").status).to.equal(0);
    }
    const demo = run(source, "demo.ts");
    expect(demo.status, demo.stderr).to.equal(0);
  });

  after(async () => {
    await fs.rm(workDir, { recursive: true, force: true });
  });

  it("backs up while the server serves, and restores every project with a verified audit chain", async () => {
    buildApp();
    const { child: server, port } = await startBuilt({ ...source, PORT: "0" });
    const backup = path.join(workDir, engine === "postgres" ? "projekttar.dump" : "projekttar.tar.gz");
    let serving = true;
    let answered = 0;
    // Readers keep the server busy while the backup is taken.
    const readers = Array.from({ length: 4 }, async () => {
      while (serving) {
        await new Promise<void>((resolve, reject) =>
          http.get({ host: "127.0.0.1", port, path: "/" }, (res) => res.resume().on("end", resolve)).on("error", reject),
        );
        answered++;
      }
    });
    const taken = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts", "backup.ts"), "--out", backup], { cwd: ROOT, env: source });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk) => (stdout += chunk));
      child.stderr.on("data", (chunk) => (stderr += chunk));
      child.on("close", (status) => resolve({ status, stdout, stderr }));
    });
    serving = false;
    await Promise.all(readers);
    const stopped = new Promise((resolve) => server.on("exit", resolve));
    server.kill("SIGTERM");
    await stopped;

    expect(taken.status, taken.stderr).to.equal(0);
    expect(taken.stdout).to.contain(engine === "postgres" ? "(pg_dump," : "(a futó szervertől,");
    expect(answered).to.be.greaterThan(0);

    const restored = run(target, "restore.ts", backup);
    expect(restored.status, restored.stderr).to.equal(0);
    expect(restored.stdout).to.match(/Visszaállítva: 13 projekt, az auditnapló ép \(\d+ bejegyzés\)/);
    const original = run(source, "export.ts");
    const copy = run(target, "export.ts");
    expect(copy.status, copy.stderr).to.equal(0);
    expect(copy.stdout).to.equal(original.stdout);

    // Never over data that is there.
    const again = run(target, "restore.ts", backup);
    expect(again.status).to.equal(1);
    expect(again.stderr).to.match(/nem üres/);
  });

  it("refuses a backup of the other engine, and a file that is not there", async () => {
    const other = path.join(workDir, "other");
    await fs.writeFile(other, engine === "postgres" ? Buffer.from([0x1f, 0x8b, 0, 0, 0]) : "PGDMP...");
    const fresh: NodeJS.ProcessEnv = { ...target, DATA_DIR: path.join(workDir, "fresh") };
    if (engine === "postgres") fresh.DATABASE_URL = testServerUrl(await createServerDatabase());
    const refused = run(fresh, "restore.ts", other);
    expect(refused.status).to.equal(1);
    expect(refused.stderr).to.contain(engine === "postgres" ? "nem PostgreSQL-szerver mentése" : "nem beágyazott adatbázis mentése");
    const missing = run(fresh, "restore.ts", path.join(workDir, "nincs.dump"));
    expect(missing.stderr).to.contain("nincs ilyen fájl");
  });
});
