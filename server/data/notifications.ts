/**
 * PostgreSQL's LISTEN/NOTIFY on the embedded engine: a NOTIFY sent in a transaction reaches the listener when that
 * transaction commits (never when it rolls back). The engine runs in this process, so it delivers a notification
 * while the commit is being answered, before the committing code goes on.
 *
 * Not on a server: a listening connection in each of several server processes made the cluster's SIGTERM test
 * reset client connections (test/integration/shutdown.test.ts, 3 runs of 3; the cause is not known), so a server's
 * processes read the version per request instead (services/publicContentService.ts).
 */
import type { PGlite } from "@electric-sql/pglite";

export interface NotificationHandlers {
  /** A notification on the channel arrived. */
  notify(): void;
  /** The listener started (true) or stopped (false) listening; after a stop, notifications may have been missed. */
  listening(on: boolean): void;
}

/** Stops listening and closes what the listener opened. */
export type StopListening = () => Promise<void>;

/**
 * The engine has one session, shared with knex, which sends BEGIN and COMMIT as statements: LISTEN goes through
 * knex (`run`), so that it never lands inside another caller's transaction (and is lost if that one rolls back).
 */
export async function listenEmbedded(pglite: PGlite, run: (sql: string) => Promise<unknown>, channel: string, handlers: NotificationHandlers): Promise<StopListening> {
  const off = pglite.onNotification((name) => {
    if (name === channel) handlers.notify();
  });
  try {
    await run(`LISTEN ${quotedIdentifier(channel)}`);
  } catch (error) {
    off();
    throw error;
  }
  handlers.listening(true);
  return async () => {
    handlers.listening(false);
    off();
    if (!pglite.closed) await run(`UNLISTEN ${quotedIdentifier(channel)}`);
  };
}

const quotedIdentifier = (name: string) => `"${name.replace(/"/g, '""')}"`;
