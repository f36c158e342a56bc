/** npm run import -- FILE [FILE …] — imports project files, each all or nothing. */
import fs from "node:fs/promises";
import path from "node:path";
import { ValidationError, ValidationErrors } from "../server/errors.js";
import { runWithServices } from "./cli.js";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("Használat: npm run import -- FÁJL.json [FÁJL2.json …]");
  process.exit(2);
}

await runWithServices(async ({ importer }) => {
  for (const file of files) {
    let document: unknown;
    try {
      document = JSON.parse(await fs.readFile(file, "utf8"));
    } catch (error) {
      throw new ValidationErrors([new ValidationError(`nem olvasható JSON: ${(error as Error).message}`, file)]);
    }
    const summary = await importer.importDocument(document, `import:${path.basename(file)}`).catch((error: unknown) => {
      if (error instanceof ValidationErrors) console.error(`${file}:`);
      throw error;
    });
    console.log(
      `${file}: ${summary.created} új, ${summary.updated} módosított, ${summary.unchanged} változatlan projekt ` +
        `(szervezetek: ${summary.organisations.created} új, ${summary.organisations.updated} módosított; ` +
        `felhívások: ${summary.calls.created} új, ${summary.calls.updated} módosított)`,
    );
    if (summary.publishedOnWrite > 0) {
      console.log(`  ${summary.publishedOnWrite} új projekt közzétéve ma, mert a fájl nem adta meg a közzétételét (publishedFrom)`);
    }
    for (const warning of summary.warnings) console.warn(`  figyelmeztetés: ${warning}`);
  }
});
