/**
 * npm run import -- FILE [FILE …] — imports project files (JSON) and spreadsheets (XLSX or CSV: the portfolio
 * layout, or the national list's), each all or nothing, in the order given.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { ValidationError, ValidationErrors } from "../server/errors.js";
import { isXlsx } from "../server/spreadsheets/sheet.js";
import { reportAndFail, runWithServices } from "./cli.js";

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

/** Where in the text a JSON parser stopped, as line and column. */
function place(text: string, error: Error): string {
  const position = /position (\d+)/.exec(error.message);
  if (!position) return "";
  const before = text.slice(0, Number(position[1]));
  const line = before.split("\n").length;
  const column = before.length - before.lastIndexOf("\n");
  return ` a(z) ${line}. sor ${column}. karakterénél`;
}

/** A spreadsheet goes by its name, or by its content for an XLSX file named otherwise. */
const isSpreadsheet = (file: string, content: Buffer) => /\.(xlsx|csv)$/i.test(file) || isXlsx(content);

type Read = { file: string; document: unknown } | { file: string; spreadsheet: Buffer };

/** Every file read (and a JSON one parsed) before the database is opened: a typo in a name costs nothing. */
async function readAll(): Promise<Read[]> {
  const read = [];
  const errors: ValidationError[] = [];
  for (const file of files) {
    let content: Buffer;
    try {
      content = await fs.readFile(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === "ENOENT" ? "nincs ilyen fájl" : code === "EISDIR" ? "ez egy mappa, nem fájl" : code === "EACCES" ? "nincs olvasási jog" : "nem olvasható";
      errors.push(new ValidationError(why, file));
      continue;
    }
    if (isSpreadsheet(file, content)) {
      read.push({ file, spreadsheet: content });
      continue;
    }
    const text = content.toString("utf8");
    try {
      read.push({ file, document: JSON.parse(text) as unknown });
    } catch (error) {
      errors.push(new ValidationError(text.trim() === "" ? "üres fájl" : `nem érvényes JSON${place(text, error as Error)}`, file));
    }
  }
  if (errors.length > 0) throw new ValidationErrors(errors);
  return read;
}

let documents: Awaited<ReturnType<typeof readAll>>;
try {
  documents = await readAll();
} catch (error) {
  reportAndFail(error);
  process.exit(1);
}

await runWithServices(async ({ importer, spreadsheets, accounts }) => {
  const user = asEmail === null ? null : await accounts.actorForEmail(asEmail);
  for (const [index, read] of documents.entries()) {
    const { file } = read;
    const label = `import:${path.basename(file)}`;
    const actor = user ? { ...user, label: `${user.label} (${label})` } : label;
    const started = performance.now();
    const importing =
      "spreadsheet" in read ? spreadsheets.importFile(actor, path.basename(file), read.spreadsheet) : importer.importDocument(read.document, actor);
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
