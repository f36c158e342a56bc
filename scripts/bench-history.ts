/**
 * npm run bench:history -- [--projects 10000,100000] [--entries 1000000] [--engine postgres|embedded]
 *
 * The records-and-history benchmark: imports synthetic project files of each
 * size into a fresh database with the audit trail on (`npm run import`, as a
 * user runs it) and reports projects/s and peak memory; then fills an audit
 * log with the given number of entries through the real append path and times
 * `npm run audit:verify` over it, with its peak memory. Against the server it
 * uses --admin-url (default postgres://postgres@127.0.0.1:5432/postgres) to
 * create and drop its own databases.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import knexFactory from "knex";
import { openServer } from "../server/data/database.js";
import { auditedTransaction } from "../server/data/auditRepository.js";
import { migrateToLatest } from "../server/data/migrations.js";

const ROOT = path.join(import.meta.dirname, "..");
const { values } = parseArgs({
  options: {
    projects: { type: "string", default: "10000,100000" },
    entries: { type: "string", default: "1000000" },
    engine: { type: "string", default: "postgres" },
    "admin-url": { type: "string", default: "postgres://postgres@127.0.0.1:5432/postgres" },
  },
});
const sizes = values.projects.split(",").map(Number).filter((n) => n > 0);
const entries = Number(values.entries);
const adminUrl = values["admin-url"];
const work = fs.mkdtempSync(path.join(os.tmpdir(), "projekttar-bench-"));

function projectFile(n: number): string {
  const file = path.join(work, `projects-${n}.json`);
  const out = fs.openSync(file, "w");
  fs.writeSync(out, '{"projects":[');
  for (let i = 0; i < n; i++) {
    const serial = String(i % 100000).padStart(5, "0");
    const year = 2022 + Math.floor(i / 100000);
    const project = {
      identifier: `TOP_PLUSZ-1.2.1-21-PT1-${year}-${serial}`,
      call: { code: "TOP_PLUSZ-1.2.1-21-PT1", title: "Élhető települések" },
      title: `Belterületi utak felújítása ${i}`,
      status: "in_progress",
      beneficiary: { name: `Mintafalva ${i % 3000} Község Önkormányzata` },
      partners: i % 5 === 0 ? [{ name: `Partner Egyesület ${i % 700}`, role: "tag", grantShare: "5 000 000 Ft" }] : [],
      funds: ["ERFA"],
      funding: { totalCost: "120 000 000 Ft", grant: "100 000 000 Ft", ownContribution: "20 000 000 Ft" },
      dates: { decision: "2022-05-10", start: "2022-07", plannedEnd: "2024-06-30" },
      milestones: [{ title: "Kivitelezés indulása", dueDate: "2022-09" }, { title: "Műszaki átadás", dueDate: "2024-05" }],
      deliverables: [{ title: "Kiviteli terv", kind: "terv", dueDate: "2022-08" }],
      events: [{ title: "Lakossági fórum", kind: "fórum", count: 2, held: 1 }],
      notices: [{ kind: "indító", title: "Elindult a projekt", body: "A felújítás elkezdődött.", publishedAt: "2022-07-15" }],
    };
    fs.writeSync(out, (i === 0 ? "" : ",") + JSON.stringify(project));
  }
  fs.writeSync(out, "]}");
  fs.closeSync(out);
  return file;
}

async function withDatabase<T>(task: (env: NodeJS.ProcessEnv, url: string | null) => Promise<T>): Promise<T> {
  if (values.engine === "embedded") {
    const { DATABASE_URL: _, ...inherited } = process.env;
    const env = { ...inherited, DATA_DIR: fs.mkdtempSync(path.join(work, "data-")) };
    return task(env, null);
  }
  const name = `projekttar_bench_${process.pid}_${Date.now()}`;
  const admin = knexFactory({ client: "pg", connection: adminUrl, pool: { min: 0, max: 1 } });
  await admin.raw(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  try {
    const db = await openServer(url.toString(), { min: 0, max: 2 });
    await migrateToLatest(db);
    await db.close();
    return await task({ ...process.env, DATABASE_URL: url.toString() }, url.toString());
  } finally {
    await admin.raw(`drop database if exists ${name} with (force)`);
    await admin.destroy();
  }
}

/** Runs a command-line script as a user does; returns seconds and peak RSS in MB. */
function timed(env: NodeJS.ProcessEnv, script: string, ...args: string[]): { seconds: number; peakMb: number; output: string } {
  const started = Date.now();
  const result = spawnSync("/usr/bin/time", ["-f", "%M", process.execPath, "--import", "tsx", path.join(ROOT, "scripts", script), ...args], {
    cwd: ROOT,
    env,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`${script} failed: ${result.stderr}`);
  const lines = result.stderr.trim().split("\n");
  return { seconds: (Date.now() - started) / 1000, peakMb: Number(lines.at(-1)) / 1024, output: result.stdout.trim() };
}

console.log(`engine: ${values.engine}; machine: ${os.cpus().length} cores, Node ${process.version}`);
for (const n of sizes) {
  const file = projectFile(n);
  await withDatabase(async (env) => {
    const run = timed(env, "import.ts", file);
    console.log(
      `import ${n.toLocaleString("en")} projects: ${run.seconds.toFixed(1)} s, ${Math.round(n / run.seconds)} projects/s, peak RSS ${Math.round(run.peakMb)} MB`,
    );
    const again = timed(env, "import.ts", file);
    console.log(`  re-import (unchanged, no audit entries): ${again.seconds.toFixed(1)} s, peak RSS ${Math.round(again.peakMb)} MB`);
  });
  fs.rmSync(file);
}

if (entries > 0) {
  await withDatabase(async (env, url) => {
    if (!url) throw new Error("The audit:verify benchmark runs against the server (--engine postgres)");
    const db = await openServer(url, { min: 0, max: 2 });
    const perTransaction = 10_000;
    const started = Date.now();
    for (let done = 0; done < entries; done += perTransaction) {
      await auditedTransaction(db.knex, async (_trx, audit) => {
        for (let i = done; i < Math.min(entries, done + perTransaction); i++) {
          await audit.add({
            actor: "bench",
            action: "update",
            entity: "project",
            entityKey: `00000000-0000-4000-8000-${String(i % 1_000_000).padStart(12, "0")}`,
            projectUid: null,
            projectVersion: 2,
            changes: { fields: { grant_amount: ["100000000", String(100_000_000 + i)], title: ["Régi cím", `Új cím ${i}`] } },
          });
        }
      });
    }
    await db.close();
    console.log(`filled the audit log with ${entries.toLocaleString("en")} entries in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const verify = timed(env, "audit-verify.ts");
    console.log(`audit:verify over ${entries.toLocaleString("en")} entries: ${verify.seconds.toFixed(1)} s, peak RSS ${Math.round(verify.peakMb)} MB (${verify.output})`);
  });
}
fs.rmSync(work, { recursive: true, force: true });
