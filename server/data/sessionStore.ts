/** Where login sessions live: the sessions table, through knex, on either engine. */
import { ConnectSessionKnexStore } from "connect-session-knex";
import type { SessionData, Store } from "express-session";
import type { Knex } from "knex";

/** The promise's failure is the callback's to report: marked handled, so it cannot end the process. */
function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/**
 * connect-session-knex 5 both calls back with a query's error and rejects its promise, which express-session never
 * awaits: while the database restarts, an unhandled rejection would stop the process. Its touch() also never calls
 * back on failure, so the response waiting for it would hang. Here every failure reaches the callback only.
 */
class SessionStore extends ConnectSessionKnexStore {
  override get(sid: string, callback: (err: unknown, session?: SessionData | null) => void) {
    return handled(super.get(sid, callback));
  }

  override set(sid: string, session: SessionData, callback?: (err?: unknown) => void) {
    return handled(super.set(sid, session, callback));
  }

  override destroy(sid: string, callback?: (err?: unknown) => void) {
    return handled(super.destroy(sid, callback));
  }

  override touch(sid: string, session: SessionData, callback?: (err?: unknown) => void) {
    return handled(super.touch(sid, session).then(() => callback?.(), (error: unknown) => callback?.(error)));
  }

  /** Deletes the sessions past their expiry; a failure (the database restarting, or closed with the app) waits for the next run. */
  async deleteExpired(): Promise<void> {
    await this.options.knex("sessions").where("expired", "<", new Date()).del().catch(() => undefined);
  }
}

const CLEANUP_EVERY_MS = 15 * 60_000;

/**
 * Deletes expired sessions every 15 minutes while the store is in use. The store's own timer held the store, and
 * through it the knex instance and its database, for up to 15 minutes after the app was closed (and ran one query
 * at once, against a database a test may already have closed); this one holds it weakly and stops once it is gone.
 */
function scheduleCleanup(store: WeakRef<SessionStore>): void {
  setTimeout(() => {
    const live = store.deref();
    if (live) void live.deleteExpired().then(() => scheduleCleanup(store));
  }, CLEANUP_EVERY_MS).unref();
}

export function sessionStore(knex: Knex): Store {
  const store = new SessionStore({ knex, tableName: "sessions", createTable: false, cleanupInterval: 0 });
  scheduleCleanup(new WeakRef(store));
  return store;
}
