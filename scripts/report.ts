/** npm run report -- closure KEY --format pdf|html --out FILE — a project's closure report, as staff download it. */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { closureReportView } from "../server/presenters/closureReportPresenter.js";
import { reportHtml } from "../server/rendering/reportHtml.js";
import { reportPdf } from "../server/rendering/reportPdf.js";
import { runWithServices } from "./cli.js";

const USAGE = "Használat: npm run report -- closure PROJEKTAZONOSÍTÓ|ID --format pdf|html --out FÁJL";

function usage(message?: string): never {
  if (message) console.error(message);
  console.error(USAGE);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({ allowPositionals: true, options: { format: { type: "string", short: "f" }, out: { type: "string", short: "o" } } });
} catch (error) {
  usage((error as Error).message);
}
const [kind, key, ...rest] = parsed.positionals;
const { format, out } = parsed.values;
if (kind !== "closure") usage(kind ? `Ismeretlen jelentés: ${kind} (ismert: closure)` : undefined);
if (!key || rest.length > 0) usage("Egy projekt azonosítóját vagy számát kell megadni.");
if (format !== "pdf" && format !== "html") usage("A --format pdf vagy html lehet.");
if (!out) usage("A --out FÁJL kötelező.");
if (!fs.statSync(path.dirname(path.resolve(out)), { throwIfNoEntry: false })?.isDirectory()) usage(`${out}: a mappája nem létezik`);

await runWithServices(async ({ closureReports }) => {
  const view = closureReportView(await closureReports.report(key));
  const content = format === "pdf" ? await reportPdf(view) : reportHtml(view, { standalone: true });
  // Written beside the target first, so a failure never leaves a half-written report under its name.
  const temporary = path.join(path.dirname(out), `.${path.basename(out)}.${process.pid}.tmp`);
  fs.writeFileSync(temporary, content);
  fs.renameSync(temporary, out);
  console.error(`Zárási jelentés (${format}) elkészült: ${out}`);
});
