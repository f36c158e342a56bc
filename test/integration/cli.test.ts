/** The command-line tools and start-up rules, run as a user runs them. */
import { spawn, spawnSync } from "node:child_process";
import fsSync from "node:fs";
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { StartupError } from "../../server/errors.js";
import { openEmbedded, openServer } from "../../server/data/database.js";
import { openReadyDatabase } from "../../server/data/startup.js";
import { createServerDatabase, engine, testServerUrl } from "../helpers/database.js";
import { fileOf, projectDoc } from "../factories/projectFile.js";
import { parseProjectIdentifier } from "../../server/domain/identifiers.js";

const ROOT = path.join(import.meta.dirname, "..", "..");

describe("command-line tools", function () {
  this.timeout(180_000);
  let workDir: string;
  let env: NodeJS.ProcessEnv;

  const runIn = (runEnv: NodeJS.ProcessEnv, script: string, ...args: string[]) =>
    spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts", script), ...args], {
      cwd: ROOT,
      env: runEnv,
      encoding: "utf8",
    });
  const run = (script: string, ...args: string[]) => runIn(env, script, ...args);

  before(async () => {
    workDir = await fs.mkdtemp(path.join(os.tmpdir(), "projekttar-cli-"));
    // Never the developer's own database: without DATABASE_URL the scripts use the embedded engine.
    const { DATABASE_URL: _ignored, ...inherited } = process.env;
    env = { ...inherited, DATA_DIR: path.join(workDir, "data") };
    if (engine === "postgres") {
      env.DATABASE_URL = testServerUrl(await createServerDatabase());
      const migrated = run("migrate.ts");
      expect(migrated.status, migrated.stderr).to.equal(0);
    }
  });

  after(async () => {
    await fs.rm(workDir, { recursive: true, force: true });
  });

  it("imports a file, reports what it did, and changes nothing the second time", async () => {
    const file = path.join(workDir, "projects.json");
    await fs.writeFile(file, JSON.stringify(fileOf(projectDoc(), projectDoc())));
    const first = run("import.ts", file);
    expect(first.status, first.stderr).to.equal(0);
    expect(first.stdout).to.contain("2 új, 0 módosított, 0 változatlan projekt");
    const second = run("import.ts", file);
    expect(second.stdout).to.contain("0 új, 0 módosított, 2 változatlan projekt");
  });

  it("rejects a bad file naming the place, and exits non-zero", async () => {
    const file = path.join(workDir, "bad.json");
    await fs.writeFile(file, JSON.stringify(fileOf(projectDoc({ funding: { grant: "29,11 miló Ft" } }))));
    const result = run("import.ts", file);
    expect(result.status).to.equal(1);
    expect(result.stderr).to.contain('projects[0].funding.grant: "29,11 miló Ft" nem értelmezhető összeg');
    expect(result.stderr).to.contain("semmi sem íródott");
    const notJson = path.join(workDir, "not.json");
    await fs.writeFile(notJson, "{ projects: ");
    expect(run("import.ts", notJson).stderr).to.contain(`${notJson}: nem érvényes JSON a(z) 1. sor 3. karakterénél`);
    const missing = run("import.ts", path.join(workDir, "nincs.json"));
    expect(missing.status).to.equal(1);
    expect(missing.stderr).to.contain(`${path.join(workDir, "nincs.json")}: nincs ilyen fájl`);
  });

  it("exports the same format it imports", async () => {
    const out = path.join(workDir, "export.json");
    const result = run("export.ts", "--out", out);
    expect(result.status, result.stderr).to.equal(0);
    const exported = JSON.parse(await fs.readFile(out, "utf8"));
    expect(exported.projects).to.have.length(2);
    expect(exported.projects[0].funding).to.include({ totalCost: 10_000_000, grant: 7_000_000, ownContribution: 3_000_000 });
    const reimport = run("import.ts", out);
    expect(reimport.stdout).to.contain("0 új, 0 módosított, 2 változatlan projekt");
  });

  it("generates synthetic projects through the one write path, and audit:verify finds the chain whole", async () => {
    const generated = run("generate.ts", "--projects", "25", "--seed", "7", "--source", path.join(workDir, "no-such-list.csv"));
    expect(generated.status, generated.stderr).to.equal(0);
    expect(generated.stdout).to.contain("Generated 25 projects");
    const verified = run("audit-verify.ts");
    expect(verified.status, verified.stderr).to.equal(0);
    expect(verified.stdout).to.match(/^Az auditnapló ép: \d+ bejegyzés/);

    // As only the database owner could: switch the guard off and alter entry 3.
    const db = engine === "embedded" ? await openEmbedded({ dataDir: env.DATA_DIR! }) : await openServer(env.DATABASE_URL!, { min: 0, max: 1 });
    try {
      await db.knex.raw("alter table audit_log disable trigger user");
      await db.knex("audit_log").where({ seq: 3 }).update({ actor: "mallory" });
    } finally {
      await db.close();
    }
    const tampered = run("audit-verify.ts");
    expect(tampered.status).to.equal(1);
    expect(tampered.stderr).to.contain("az első hibás bejegyzés a(z) 3.").and.to.contain("módosították");
  });

  it("generates past a full call and year: serials go on in the call's next years, in the identifier's shape", async () => {
    const own: NodeJS.ProcessEnv = { ...env, DATA_DIR: path.join(workDir, "data-serials") };
    if (engine === "postgres") {
      own.DATABASE_URL = testServerUrl(await createServerDatabase());
      expect(runIn(own, "migrate.ts").status).to.equal(0);
    }
    const noList = path.join(workDir, "no-such-list.csv");
    const first = runIn(own, "generate.ts", "--projects", "40", "--seed", "3", "--max-serial", "3", "--source", noList);
    expect(first.status, first.stderr).to.equal(0);
    // A second run reads what is stored and goes on from there, rather than updating the projects it finds.
    const second = runIn(own, "generate.ts", "--projects", "10", "--seed", "3", "--max-serial", "3", "--source", noList);
    expect(second.status, second.stderr).to.equal(0);
    const db = engine === "embedded" ? await openEmbedded({ dataDir: own.DATA_DIR! }) : await openServer(own.DATABASE_URL!, { min: 0, max: 1 });
    let identifiers: string[];
    try {
      identifiers = await db.knex("projects").pluck("identifier");
    } finally {
      await db.close();
    }
    expect(identifiers).to.have.length(50);
    expect(new Set(identifiers).size).to.equal(50);
    for (const identifier of identifiers) {
      expect(parseProjectIdentifier(identifier).identifier).to.equal(identifier);
      expect(Number(identifier.slice(-5))).to.be.within(1, 3);
    }
    const full = runIn(own, "generate.ts", "--projects", "1000", "--seed", "3", "--max-serial", "1", "--source", noList);
    expect(full.status).to.equal(1);
    expect(full.stderr).to.contain("Every call's identifier serials are used up");
  });

  it("creates users, and imports as one of them only what their role may change", async () => {
    const added = run("user.ts", "add", "--email", "kommunikacio@example.hu", "--name", "Kommunikációs Kata", "--role", "kommunikáció");
    expect(added.status, added.stderr).to.equal(0);
    expect(added.stdout).to.match(/Egyszer használatos jelszó \(első belépéskor cserélni kell\): \S{20,}/);
    const unknownRole = run("user.ts", "add", "--email", "x@example.hu", "--name", "X", "--role", "főnök");
    expect(unknownRole.status).to.equal(2);
    expect(unknownRole.stderr).to.contain("ismeretlen szerepkör: „főnök”");
    const doc = projectDoc({ summary: "Eredeti." });
    const file = path.join(workDir, "as-user.json");
    await fs.writeFile(file, JSON.stringify(fileOf(doc)));
    expect(run("import.ts", file).status).to.equal(0);
    await fs.writeFile(file, JSON.stringify(fileOf({ ...doc, summary: "Közérthetőbb leírás." })));
    const allowed = run("import.ts", "--as", "kommunikacio@example.hu", file);
    expect(allowed.status, allowed.stderr).to.equal(0);
    await fs.writeFile(file, JSON.stringify(fileOf({ ...doc, summary: "Közérthetőbb leírás.", funding: { ...(doc.funding as object), grant: "1 Ft" } })));
    const refused = run("import.ts", "--as", "kommunikacio@example.hu", file);
    expect(refused.status).to.equal(1);
    expect(refused.stderr).to.contain("„szerződött támogatás” módosításához adminisztrátor vagy projektmenedzser szerepkör kell");
    expect(refused.stderr).to.not.contain("    at ");
  });

  it("says a database server it cannot reach in one line, without the driver's stack trace or the password", async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, resolve));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const result = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "server", "main.ts")], {
      cwd: ROOT,
      env: { ...env, DATABASE_URL: `postgres://app:titok@127.0.0.1:${port}/projekttar`, PORT: "0" },
      encoding: "utf8",
    });
    expect(result.status).to.equal(1);
    expect(result.stderr.trim()).to.equal(`Cannot reach the PostgreSQL server at postgres://app:***@127.0.0.1:${port}/projekttar: connect ECONNREFUSED 127.0.0.1:${port}`);
  });

  it("refuses to start on a misspelt or missing production setting, saying which, without a stack trace", () => {
    const result = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "server", "main.ts")], {
      cwd: ROOT,
      env: { ...env, NODE_ENV: "production", PORT: "0", DATABSE_URL: "postgres://db/projekttar" },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(result.status, result.stderr).to.equal(1);
    expect(result.stderr).to.contain("DATABSE_URL is not a Projekttár setting: did you mean DATABASE_URL?");
    expect(result.stderr).to.contain("PUBLIC_BASE_URL is required in production");
    expect(result.stderr).to.not.match(/\bat .*:\d+:\d+/);
  });

  if (engine === "embedded") {
    /** Starts the server on a data folder, waits until it serves, stops it with SIGTERM; its whole output. */
    async function startAndStop(dataDir: string): Promise<string> {
      return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "server", "main.ts")], {
          cwd: ROOT,
          env: { ...env, DATA_DIR: dataDir, PORT: "0", NODE_ENV: "test" },
        });
        let output = "";
        const timer = setTimeout(() => child.kill("SIGKILL"), 150_000);
        child.stdout.on("data", (chunk) => {
          output += chunk;
          if (output.includes("Projekttár is running")) setTimeout(() => child.kill("SIGTERM"), 200);
        });
        child.stderr.on("data", (chunk) => (output += chunk));
        child.on("error", reject);
        child.on("close", () => {
          clearTimeout(timer);
          resolve(output);
        });
      });
    }

    it("makes a first admin on a fresh data folder and prints its one-time password once", async () => {
      const dataDir = path.join(workDir, "fresh");
      const first = await startAndStop(dataDir);
      const match = /one-time password: (\S+)/.exec(first);
      expect(match, first).to.not.equal(null);
      expect(first).to.contain("admin@projekttar.local");
      const again = await startAndStop(dataDir);
      expect(again).to.contain("Projekttár is running").and.not.to.contain("one-time password");
    });

    it("says a busy port is taken before making a data folder", async () => {
      const blocker = net.createServer();
      await new Promise<void>((resolve) => blocker.listen(0, resolve));
      const port = (blocker.address() as net.AddressInfo).port;
      const dataDir = path.join(workDir, "never-made");
      try {
        const result = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "server", "main.ts")], {
          cwd: ROOT,
          env: { ...env, DATA_DIR: dataDir, PORT: String(port) },
          encoding: "utf8",
        });
        expect(result.status).to.equal(1);
        expect(result.stderr).to.contain(`Port ${port} is already in use by another program`);
        expect(result.stderr).to.not.contain("TypeError").and.not.contain("    at ");
        expect(fsSync.existsSync(dataDir)).to.equal(false);
      } finally {
        await new Promise((resolve) => blocker.close(resolve));
      }
    });

    it("takes over at once the data-folder lock of a process killed with SIGKILL, never a live one's", async () => {
      const dataDir = path.join(workDir, "killed");
      const holder = spawn(
        process.execPath,
        ["--import", "tsx", "--eval", `const { openEmbedded } = await import(${JSON.stringify(path.join(ROOT, "server", "data", "database.ts"))}); await openEmbedded({ dataDir: ${JSON.stringify(dataDir)} }); console.log("holding"); setInterval(() => {}, 1000);`],
        { cwd: ROOT, env, stdio: ["ignore", "pipe", "inherit"] },
      );
      await new Promise<void>((resolve) => holder.stdout.on("data", (chunk) => String(chunk).includes("holding") && resolve()));
      // Alive: refused.
      let refused: unknown;
      try {
        await (await openEmbedded({ dataDir })).close();
      } catch (error) {
        refused = error;
      }
      expect(refused).to.be.instanceOf(StartupError);
      holder.kill("SIGKILL");
      await new Promise((resolve) => holder.on("close", resolve));
      // Dead, its lock still fresh: taken over without waiting for it to go stale.
      const db = await openEmbedded({ dataDir });
      await db.close();
    });

    it("refuses a second process on the same data folder", async () => {
      const dataDir = path.join(workDir, "locked");
      const holder = await openEmbedded({ dataDir });
      try {
        // Asynchronously: the holder must keep its lock fresh while the other process starts.
        const result = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
          const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts", "demo.ts")], {
            cwd: ROOT,
            env: { ...env, DATA_DIR: dataDir },
          });
          let stderr = "";
          child.stderr.on("data", (chunk) => (stderr += chunk));
          child.on("close", (status) => resolve({ status, stderr }));
        });
        expect(result.status, result.stderr).to.equal(1);
        expect(result.stderr).to.contain(`The data folder ${dataDir} is in use by another Projekttár process`);
        // An export that cannot reach its database leaves an earlier backup as it was.
        const backup = path.join(workDir, "backup.json");
        await fs.writeFile(backup, "korábbi mentés");
        const exported = await new Promise<number | null>((resolve) => {
          const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts", "export.ts"), "--out", backup], {
            cwd: ROOT,
            env: { ...env, DATA_DIR: dataDir },
          });
          child.on("close", resolve);
        });
        expect(exported).to.equal(1);
        expect(await fs.readFile(backup, "utf8")).to.equal("korábbi mentés");
        expect((await fs.readdir(workDir)).filter((f) => f.endsWith(".tmp"))).to.deep.equal([]);
      } finally {
        await holder.close();
      }
    });
  } else {
    it("refuses to start on an unmigrated server, saying what to run", async () => {
      const url = testServerUrl(await createServerDatabase());
      try {
        const db = await openReadyDatabase({ databaseUrl: url, dataDir: "" });
        await db.close();
        expect.fail("an unmigrated server must be refused");
      } catch (error) {
        expect(error).to.be.instanceOf(StartupError);
        expect((error as Error).message).to.match(/is not migrated: \d+ migration\(s\) pending .*npm run db:migrate/);
      }
    });
  }
});
