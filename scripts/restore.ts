/**
 * npm run restore -- FILE — restores a backup into an empty database (a new DATA_DIR, or an empty server database
 * named by DATABASE_URL), then checks it: the projects are counted and the audit chain verified.
 */
import { loadConfig } from "../server/config.js";
import { restore } from "../server/data/backup.js";
import { reportAndFail, runWithServices } from "./cli.js";

const [file, ...rest] = process.argv.slice(2);
if (!file || rest.length > 0) {
  console.error("Használat: npm run restore -- FÁJL   (üres adatbázisba: új DATA_DIR, vagy üres adatbázis a DATABASE_URL-ben)");
  process.exit(2);
}

try {
  const config = loadConfig();
  await restore(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir }, file);
  await runWithServices(async ({ projects, audit }) => {
    const total = await projects.count();
    const chain = await audit.verify(() => undefined);
    if (chain.firstBreak) {
      console.error(`Visszaállítva, de az auditnapló sérült a(z) ${chain.firstBreak.seq}. bejegyzésnél.`);
      process.exitCode = 1;
      return;
    }
    console.log(`Visszaállítva: ${total} projekt, az auditnapló ép (${chain.entries} bejegyzés).`);
  });
} catch (error) {
  reportAndFail(error);
}
