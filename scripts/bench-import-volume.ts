/**
 * npm run bench:import-volume -- --from EXPORT.json [--copies N] [--heap MB]
 *
 * The volume proof of the streaming import: writes a project file of N copies of an exported portfolio
 * (copy 1 as exported; the others renumbered: no uids, no identifier or external key, the title marked with
 * the copy's number, so each is a project of its own, known by call code, beneficiary and title), streaming it from the export without holding it,
 * then imports it with `npm run import` into a fresh database, with the JavaScript heap capped at --heap MB
 * (default 96): reading the file whole could not fit. Prints the file's size, the time, projects/s and the
 * peak RSS of the import's processes; the last line is JSON. The database is on BENCH_DATABASE_URL, else
 * DATABASE_URL, else a temporary embedded data folder; it is dropped at the end, and so is the file.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { once } from "node:events";
import { parseArgs } from "node:util";
import { streamProjects } from "../server/projectFile/stream.js";
import { createBenchDatabase } from "./bench/database.js";
import { childEnv, runNpmScript } from "./bench/processes.js";

const { values } = parseArgs({ options: { from: { type: "string" }, copies: { type: "string" }, heap: { type: "string" } } });
const copies = Number(values.copies ?? 3);
const heap = Number(values.heap ?? 96);
if (!values.from || !Number.isInteger(copies) || copies < 1 || !Number.isInteger(heap) || heap < 16) {
  console.error("Használat: npm run bench:import-volume -- --from EXPORT.json [--copies N] [--heap MB]");
  process.exit(2);
}
const from = values.from;

type Doc = Record<string, unknown>;

/**
 * Copy `copy` (1-based) of an exported project: from copy 2 on, a different project. Its title names the copy and
 * the project's place in the file, since a generated portfolio repeats call, beneficiary and title under different
 * identifiers, and without an identifier those three are what make a project.
 */
function renumbered(project: Doc, copy: number, index: number): Doc {
  if (copy === 1) return project;
  const { uid: _uid, identifier: _identifier, externalKeys: _keys, ...rest } = project;
  const withoutUids = Object.fromEntries(
    Object.entries(rest).map(([key, value]) => [
      key,
      Array.isArray(value) ? value.map((item) => (item && typeof item === "object" ? { ...(item as Doc), uid: undefined } : item)) : value,
    ]),
  );
  return { ...withoutUids, identifier: null, title: `${String(project.title)} (${copy}. példány, ${index + 1}.)` };
}

const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "projekttar-volume-")), "volume.json");
const out = fs.createWriteStream(file);
const write = async (text: string) => {
  if (!out.write(text)) await once(out, "drain");
};
let projects = 0;
await write('{\n  "projects": [');
for (let copy = 1; copy <= copies; copy++) {
  for await (const { value, index } of streamProjects(fs.createReadStream(from).setEncoding("utf8"))) {
    await write(`${projects === 0 ? "\n" : ",\n"}    ${JSON.stringify(renumbered(value as Doc, copy, index))}`);
    projects++;
  }
}
await write("\n  ]\n}\n");
out.end();
await once(out, "finish");
const bytes = fs.statSync(file).size;
console.log(`${file}: ${projects} projekt, ${(bytes / 1e6).toFixed(0)} MB`);

const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? null;
const database = await createBenchDatabase(serverUrl, "volume");
try {
  const run = await runNpmScript("import", [file], childEnv({ ...database.env, NODE_OPTIONS: `--max-old-space-size=${heap}` }));
  const perSecond = projects / run.seconds;
  const rssMb = run.peakRssBytes / 2 ** 20;
  console.log(run.output.trim());
  console.log(`import: ${run.seconds.toFixed(1)} s, ${perSecond.toFixed(0)} projekt/s, peak RSS ${rssMb.toFixed(0)} MB, heap cap ${heap} MB (${database.engine})`);
  console.log(JSON.stringify({ projects, bytes, seconds: run.seconds, projectsPerSecond: perSecond, peakRssMb: rssMb, heapMb: heap, engine: database.engine }));
} finally {
  await database.drop();
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
}
