/**
 * Several processes writing at once against one PostgreSQL server (app
 * instances, imports) keep one valid audit chain: the chain head is
 * serialised in the database, not in a process.
 */
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { openServer, type Database } from "../../server/data/database.js";
import { migrateToLatest } from "../../server/data/migrations.js";
import { buildServices } from "../../server/services/index.js";
import { createServerDatabase, engine, testServerUrl } from "../helpers/database.js";
import { fileOf, projectDoc } from "../factories/projectFile.js";

const ROOT = path.join(import.meta.dirname, "..", "..");

function importInChild(env: NodeJS.ProcessEnv, files: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts", "import.ts"), ...files], { cwd: ROOT, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/** A migrated database of its own on the test server, a scratch folder, and the environment for child processes. */
async function onFreshServer(task: (context: { db: Database; workDir: string; env: NodeJS.ProcessEnv }) => Promise<void>): Promise<void> {
  const url = testServerUrl(await createServerDatabase());
  const db = await openServer(url, { min: 0, max: 2 });
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), "projekttar-concurrent-"));
  try {
    await migrateToLatest(db);
    const { DATABASE_URL: _, ...inherited } = process.env;
    await task({ db, workDir, env: { ...inherited, DATABASE_URL: url } });
  } finally {
    await db.close();
    await fs.rm(workDir, { recursive: true, force: true });
  }
}

(engine === "postgres" ? describe : describe.skip)("two processes writing at once against the server", function () {
  this.timeout(240_000);

  it("keep one valid audit chain", async () => {
    await onFreshServer(async ({ db, workDir, env }) => {
      // Both processes mention the same ministry, so they also race to create and update one organisation.
      const ministry = { name: "Közös Minisztérium", taxNumber: "15000099-2-41" };
      const files: string[][] = [[], []];
      for (const [writer, list] of files.entries()) {
        for (let n = 0; n < 4; n++) {
          const file = path.join(workDir, `writer${writer}-${n}.json`);
          const projects = Array.from({ length: 15 }, () =>
            projectDoc({ partners: [{ ...ministry, role: "member" }], milestones: [{ title: "Indulás", dueDate: "2024-01" }] }),
          );
          await fs.writeFile(file, JSON.stringify(fileOf(...projects)));
          list.push(file);
        }
      }
      const results = await Promise.all(files.map((list) => importInChild(env, list)));
      for (const result of results) expect(result.status, result.stderr).to.equal(0);

      const report = await buildServices(db, { publicBaseUrl: "http://localhost" }).audit.verify();
      expect(report.firstBreak).to.equal(null);
      const actors = await db.knex("audit_log").distinct("actor").pluck("actor");
      expect(actors).to.include.members(["import:writer0-0.json", "import:writer1-0.json"]);
      const projects = await db.knex("audit_log").where({ entity: "project", action: "create" }).count({ n: "*" });
      expect(Number(projects[0]!.n)).to.equal(120);
      expect(report.entries).to.equal(Number((await db.knex("audit_log").count({ n: "*" }))[0]!.n));
      expect(await db.knex("organisations").where({ tax_number: ministry.taxNumber }).count({ n: "*" })).to.deep.equal([{ n: 1 }]);
    });
  });

  it("create a project without identifier once, however many import it at the same moment", async () => {
    await onFreshServer(async ({ db, workDir, env }) => {
      // Enough projects that the two imports' transactions overlap.
      const projects = Array.from({ length: 1500 }, (_, i) =>
        projectDoc({ identifier: null, call: { code: "TOP_PLUSZ-1.2.1-21-PT1" }, title: `Járdafelújítás ${i}`, beneficiary: { name: `Járdafalva ${i}` } }),
      );
      const services = buildServices(db, { publicBaseUrl: "http://localhost" });
      // The beneficiaries and the call exist already, so nothing but the projects themselves is raced for.
      await services.importer.importDocument(fileOf(projectDoc({ identifier: null, call: { code: "TOP_PLUSZ-1.2.1-21-PT1" }, title: "Előzmény" })), "test");
      await services.importer.importDocument(fileOf(...projects.map((p) => ({ ...p, title: `${p.title as string} (előzmény)` }))), "test");
      const file = path.join(workDir, "same.json");
      await fs.writeFile(file, JSON.stringify(fileOf(...projects)));
      const results = await Promise.all([0, 1].map(() => importInChild(env, [file])));
      for (const result of results) expect(result.status, result.stderr).to.equal(0);
      const stored = await db.knex("projects").where("title", "like", "Járdafelújítás %").whereNot("title", "like", "%(előzmény)").count({ n: "*" });
      expect(Number(stored[0]!.n)).to.equal(1500);
      expect((await services.audit.verify()).firstBreak).to.equal(null);
    });
  });

  it("settle on one organisation per name, whatever order and whichever gives the tax number", async () => {
    await onFreshServer(async ({ db, workDir, env }) => {
      const names = Array.from({ length: 300 }, (_, i) => `Kft. ${String(i).padStart(3, "0")}`);
      const taxNumber = (i: number) => `${String(20000000 + i)}-2-41`;
      // One writer names them with tax numbers in one order, the other without, in the opposite order.
      const withTax = names.map((name, i) => projectDoc({ beneficiary: { name, taxNumber: taxNumber(i) } }));
      const nameOnly = [...names].reverse().map((name) => projectDoc({ beneficiary: { name } }));
      const files = [path.join(workDir, "with-tax.json"), path.join(workDir, "name-only.json")];
      await fs.writeFile(files[0]!, JSON.stringify(fileOf(...withTax)));
      await fs.writeFile(files[1]!, JSON.stringify(fileOf(...nameOnly)));
      const results = await Promise.all(files.map((file) => importInChild(env, [file])));
      for (const result of results) expect(result.status, result.stderr).to.equal(0);
      const perName = await db.knex("organisations").whereIn("name", names).groupBy("name").select("name").count({ n: "*" });
      expect(perName).to.have.length(300);
      expect(perName.every((r) => Number(r.n) === 1)).to.equal(true);
      expect(await db.knex("organisations").whereIn("name", names).whereNull("tax_number").count({ n: "*" })).to.deep.equal([{ n: 0 }]);
    });
  });
});
