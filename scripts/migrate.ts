/** npm run db:migrate — applies pending migrations to the configured database. */
import { loadConfig } from "../server/config.js";
import { openDatabase } from "../server/data/database.js";
import { migrateToLatest } from "../server/data/migrations.js";
import { reportAndFail } from "./cli.js";

const config = loadConfig();
try {
  const db = await openDatabase(config);
  try {
    const applied = await migrateToLatest(db);
    console.log(applied.length ? `Applied ${applied.length} migration(s):\n  ${applied.join("\n  ")}` : "Already up to date.");
  } finally {
    await db.close();
  }
} catch (error) {
  reportAndFail(error);
}
