/**
 * npm run export -- [--format json|xlsx|csv] --out FILE — writes every project as a project file (JSON), or
 * the portfolio spreadsheet (XLSX or CSV); stdout without --out.
 */
import fs from "node:fs";
import path from "node:path";
import { once } from "node:events";
import { parseArgs } from "node:util";
import { projectFileText } from "../server/projectFile/document.js";
import { SPREADSHEET_FORMATS, type SpreadsheetFormat } from "../server/services/spreadsheetService.js";
import { runWithServices } from "./cli.js";
import { progressBar } from "./progress.js";

const USAGE =
  "Használat: npm run export -- [--format json|xlsx|csv] [--out FÁJL]   (--out nélkül a szabványos kimenetre: npm run -s export > FÁJL.json)";

let values: { out?: string; format?: string };
try {
  ({ values } = parseArgs({ options: { out: { type: "string", short: "o" }, format: { type: "string", short: "f" } } }));
} catch {
  console.error(USAGE);
  process.exit(2);
}
const format = values.format ?? "json";
if (format !== "json" && !(SPREADSHEET_FORMATS as readonly string[]).includes(format)) {
  console.error(USAGE);
  process.exit(2);
}

/**
 * The output goes to a temporary file beside the one asked for, opened before the database is (a path
 * that cannot be written costs nothing), and takes its name only when the export is complete: a failed
 * export never leaves an existing file empty or half written.
 */
async function openOut(file: string): Promise<{ stream: fs.WriteStream; temporary: string }> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  const stream = fs.createWriteStream(temporary);
  try {
    await once(stream, "open");
    if (fs.statSync(file, { throwIfNoEntry: false })?.isDirectory()) throw Object.assign(new Error(), { code: "EISDIR" });
    return { stream, temporary };
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "a mappája nem létezik" : code === "EISDIR" ? "ez egy mappa, nem fájl" : code === "EACCES" ? "nincs írási jog" : "nem írható";
    console.error(`${file}: ${why}`);
    process.exit(1);
  }
}

const target = values.out ? await openOut(values.out) : null;
const out = target?.stream ?? process.stdout;

/** Writes `{ "projects": [ … ] }` as JSON.stringify(document, null, 2) would, one batch at a time. */
await runWithServices(async ({ exporter, spreadsheets }) => {
  if (format !== "json") {
    // The spreadsheet writer ends the stream itself, once the last row is out.
    const count = await spreadsheets.exportPortfolio(format as SpreadsheetFormat, out);
    if (target && values.out) {
      if (!target.stream.writableFinished) await once(target.stream, "finish");
      fs.renameSync(target.temporary, values.out);
      console.error(`${count} projekt exportálva: ${values.out}`);
    }
    return;
  }
  const total = await exporter.count();
  const progress = progressBar("Export", total);
  let count = 0;
  async function* counted() {
    for await (const batch of exporter.projectDocuments()) {
      count += batch.length;
      progress.update(count, count);
      yield batch;
    }
  }
  try {
    for await (const text of projectFileText(counted())) {
      if (!out.write(text)) await once(out, "drain");
    }
  } finally {
    progress.stop();
  }
  if (target && values.out) {
    target.stream.end();
    await once(target.stream, "finish");
    fs.renameSync(target.temporary, values.out);
    console.error(`${count} projekt exportálva: ${values.out}`);
  }
});
if (target && process.exitCode) fs.rmSync(target.temporary, { force: true });
