/** npm run backup -- --out FILE — a consistent backup of the configured database, also while the server runs. */
import { parseArgs } from "node:util";
import { loadConfig } from "../server/config.js";
import { backUp } from "../server/data/backup.js";
import { reportAndFail } from "./cli.js";

const USAGE = "Használat: npm run backup -- --out FÁJL";

let out: string | undefined;
try {
  ({ values: { out } } = parseArgs({ options: { out: { type: "string", short: "o" } } }));
} catch {
  out = undefined;
}
if (!out) {
  console.error(USAGE);
  process.exit(2);
}

try {
  const config = loadConfig();
  const started = Date.now();
  const how = await backUp(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir }, out);
  const via = { pg_dump: "pg_dump", "running server": "a futó szervertől", "data folder": "az adatmappából" }[how];
  console.log(`Mentés kész: ${out} (${via}, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
} catch (error) {
  reportAndFail(error);
}
