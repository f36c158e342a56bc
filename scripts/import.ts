/**
 * npm run import -- FILE [FILE …] — imports project files (JSON) and spreadsheets (XLSX or CSV: the portfolio
 * layout, or the national list's), each all or nothing, in the order given. A project file streams
 * through with bounded memory, whatever its size; a spreadsheet is read whole.
 */
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { ValidationError, ValidationErrors } from "../server/errors.js";
import type { ActorLike } from "../server/domain/permissions.js";
import { jsonProblem, streamProjects } from "../server/projectFile/stream.js";
import type { Services } from "../server/services/index.js";
import { isXlsx } from "../server/spreadsheets/sheet.js";
import { reportAndFail, runWithServices } from "./cli.js";
import { progressBar } from "./progress.js";

const USAGE = `Használat: npm run import -- [--as E-MAIL] FÁJL.json|FÁJL.xlsx|FÁJL.csv [FÁJL2 …]
  --as E-MAIL: a felhasználó nevében és jogaival importál (a szerepköre szerint tilos mezőt nem írhat át);
               nélküle a parancs futtatója, a szerver gazdája importál, minden joggal.`;
const args = process.argv.slice(2);
let asEmail: string | null = null;
if (args[0] === "--as") {
  asEmail = args[1] ?? null;
  args.splice(0, 2);
}
const files = args;
if (files.length === 0 || files.some((f) => f.startsWith("-")) || (asEmail !== null && asEmail.trim() === "")) {
  console.error(USAGE);
  process.exit(2);
}

/** A spreadsheet goes by its name, or by its content for an XLSX file named otherwise. */
const isSpreadsheet = (file: string, start: Buffer) => /\.(xlsx|csv)$/i.test(file) || isXlsx(start);

/** A file's text in chunks, as it is read: never the whole file at once. */
const textOf = (stream: fs.ReadStream): AsyncIterable<string> => stream.setEncoding("utf8");

type Read = { file: string; bytes: number } | { file: string; spreadsheet: Buffer };

/**
 * Every file opened and a JSON one checked for JSON (streamed, not kept) before the database is
 * opened: a typo in a name or a broken file costs nothing.
 */
async function checkAll(): Promise<Read[]> {
  const read: Read[] = [];
  const errors: ValidationError[] = [];
  for (const file of files) {
    let start: Buffer;
    let bytes: number;
    try {
      const handle = await fsp.open(file, "r");
      try {
        const stat = await handle.stat();
        if (stat.isDirectory()) throw Object.assign(new Error(), { code: "EISDIR" });
        bytes = stat.size;
        start = Buffer.alloc(4);
        await handle.read(start, 0, 4, 0);
      } finally {
        await handle.close();
      }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === "ENOENT" ? "nincs ilyen fájl" : code === "EISDIR" ? "ez egy mappa, nem fájl" : code === "EACCES" ? "nincs olvasási jog" : "nem olvasható";
      errors.push(new ValidationError(why, file));
      continue;
    }
    if (isSpreadsheet(file, start)) {
      read.push({ file, spreadsheet: await fsp.readFile(file) });
      continue;
    }
    const problem = await jsonProblem(textOf(fs.createReadStream(file)));
    if (problem === "empty") errors.push(new ValidationError("üres fájl", file));
    else if (problem) errors.push(new ValidationError(`nem érvényes JSON a(z) ${problem.line}. sor ${problem.column}. karakterénél`, file));
    else read.push({ file, bytes });
  }
  if (errors.length > 0) throw new ValidationErrors(errors);
  return read;
}

let documents: Read[];
try {
  documents = await checkAll();
} catch (error) {
  reportAndFail(error);
  process.exit(1);
}

/** Streams a project file through the importer, with a progress bar on a terminal. */
function importProjectFile(importer: Services["importer"], actor: ActorLike, file: string, bytes: number) {
  const stream = fs.createReadStream(file, { highWaterMark: 1 << 16 });
  const progress = progressBar(path.basename(file), bytes);
  return importer
    .importProjects(streamProjects(textOf(stream)), actor, { onProgress: (projects) => progress.update(stream.bytesRead, projects) })
    .finally(() => {
      progress.stop();
      stream.destroy();
    });
}

await runWithServices(async ({ importer, spreadsheets, accounts }) => {
  const user = asEmail === null ? null : await accounts.actorForEmail(asEmail);
  for (const [index, read] of documents.entries()) {
    const { file } = read;
    const label = `import:${path.basename(file)}`;
    const actor = user ? { ...user, label: `${user.label} (${label})` } : label;
    const started = performance.now();
    const importing =
      "spreadsheet" in read ? spreadsheets.importFile(actor, path.basename(file), read.spreadsheet) : importProjectFile(importer, actor, file, read.bytes);
    const summary = await importing.catch((error: unknown) => {
      if (error instanceof ValidationErrors) console.error(`${file}:`);
      const skipped = documents.slice(index + 1).map((d) => d.file);
      // Said after the errors, when the process ends.
      if (skipped.length > 0) process.on("exit", () => console.error(`A további fájlok nem kerültek importálásra: ${skipped.join(", ")}`));
      throw error;
    });
    console.log(
      `${file}: ${summary.created} új, ${summary.updated} módosított, ${summary.unchanged} változatlan projekt ` +
        `(szervezetek: ${summary.organisations.created} új, ${summary.organisations.updated} módosított; ` +
        `felhívások: ${summary.calls.created} új, ${summary.calls.updated} módosított)`,
    );
    if ("programmesCreated" in summary) {
      const seconds = ((performance.now() - started) / 1000).toLocaleString("hu-HU", { maximumFractionDigits: 1 });
      console.log(`  ${summary.rows} sor, ${seconds} s`);
      if (summary.programmesCreated.length > 0) {
        console.log(`  új operatív program a lista oszlopaiból, admin megerősítésére vár: ${summary.programmesCreated.join(", ")} (/kezelo/programok)`);
      }
    }
    if (summary.publishedOnWrite > 0) {
      console.log(`  ${summary.publishedOnWrite} új projekt közzétéve ma, mert a fájl nem adta meg a közzétételét (publishedFrom)`);
    }
    for (const warning of "warnings" in summary ? summary.warnings : []) console.warn(`  figyelmeztetés: ${warning}`);
  }
});
