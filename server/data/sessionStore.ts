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
}

export const sessionStore = (knex: Knex): Store =>
  new SessionStore({ knex, tableName: "sessions", createTable: false, cleanupInterval: 15 * 60_000 });
