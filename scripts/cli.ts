/** What every command-line script shares: configuration, a ready database, services, clean exits. */
import { loadConfig } from "../server/config.js";
import { StartupError, ValidationErrors } from "../server/errors.js";
import type { Database } from "../server/data/database.js";
import { openReadyDatabase } from "../server/data/startup.js";
import { buildServices, type Services } from "../server/services/index.js";

export async function runWithServices(task: (services: Services, db: Database) => Promise<void>): Promise<void> {
  let db: Database | undefined;
  try {
    const config = loadConfig();
    db = await openReadyDatabase(config);
    await task(buildServices(db, { publicBaseUrl: config.publicBaseUrl }), db);
  } catch (error) {
    reportAndFail(error);
  } finally {
    await db?.close();
  }
}

export function reportAndFail(error: unknown): void {
  if (error instanceof ValidationErrors) {
    console.error(`Hibás adat, ebből semmi sem íródott az adatbázisba (${error.total} hiba):`);
    for (const e of error.errors) console.error(`  ${e.message}`);
  } else if (error instanceof StartupError) {
    console.error(error.message);
  } else if (error instanceof Error && Number((error as { status?: unknown }).status) < 500) {
    // A refusal (not found, forbidden, conflict) is a message for the user, not a crash.
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exitCode = 1;
}

/** Parses a script's command line, or prints what was wrong and its usage and exits with 2. */
export function parsedOrExit<T>(parse: () => T, usage: string): T {
  try {
    return parse();
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    process.exit(2);
  }
}
