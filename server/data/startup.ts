import { StartupError } from "../errors.js";
import { openDatabase, redactUrl, type Database } from "./database.js";
import { migrateToLatest, pendingMigrations } from "./migrations.js";
import { backfillFindingCounts } from "./findingCounts.js";
import { backfillSlugs } from "./slugsBackfill.js";
import { backfillTitleKeys } from "./titleKeysBackfill.js";

/**
 * Opens the configured database ready for use. The embedded one is migrated
 * on the spot (a new user just types `npm start`); a server is migrated only
 * on purpose (`npm run db:migrate`), and an unmigrated one is refused.
 * Either way, what migrations leave to the application is then filled in.
 */
export async function openReadyDatabase(config: { databaseUrl: string | null; dataDir: string }): Promise<Database> {
  const db = await openDatabase(config);
  try {
    if (db.engine === "embedded") {
      await migrateToLatest(db);
    } else {
      const pending = await pendingMigrations(db);
      if (pending.length > 0) {
        throw new StartupError(
          `The database at ${redactUrl(config.databaseUrl ?? "")} is not migrated: ${pending.length} migration(s) pending ` +
            `(${pending.join(", ")}). Run \`npm run db:migrate\` first.`,
        );
      }
    }
    await backfillTitleKeys(db.knex);
    await backfillFindingCounts(db.knex);
    await backfillSlugs(db.knex);
    return db;
  } catch (error) {
    await db.close();
    throw error;
  }
}
