/**
 * PostgreSQL's LISTEN/NOTIFY on both engines: a NOTIFY sent in a transaction reaches every listener when that
 * transaction commits (never when it rolls back), in this process and, on a server, in every other app process.
 *
 * On a server the listener has a connection of its own, outside the pool. When it is lost (the server restarts)
 * the listener says so and connects again every second; once it listens again it says so, and its owner must
 * assume it missed notifications meanwhile. The embedded engine runs in this process: it delivers a notification
 * while the commit is being answered, before the committing code goes on.
 */
import type { PGlite } from "@electric-sql/pglite";
import net from "node:net";
import pg from "pg";

export interface NotificationHandlers {
  /** A notification on the channel arrived. */
  notify(): void;
  /** The listener started (true) or stopped (false) listening; after a stop, notifications may have been missed. */
  listening(on: boolean): void;
}

/** Stops listening and closes what the listener opened. */
export type StopListening = () => Promise<void>;

const RECONNECT_MS = 1_000;

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

/** Resolves once the first attempt to listen has succeeded or failed (a failed one is retried in the background). */
export async function listenOnServer(connection: pg.ClientConfig, channel: string, handlers: NotificationHandlers): Promise<StopListening> {
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;
  let stopped = false;

  const lost = (lostClient: pg.Client) => {
    if (client !== lostClient) return;
    client = null;
    handlers.listening(false);
    lostClient.end().catch(() => undefined);
    // Unref'd: a listener nobody stopped must not keep the process alive by trying again.
    if (!stopped) retry = setTimeout(connect, RECONNECT_MS).unref();
  };

  async function connect(): Promise<void> {
    retry = null;
    // Its socket is unref'd: a listener, like its retries, never keeps a process alive that would otherwise end
    // (a script, a test run); a server keeps running on its own.
    // TCP keepalive: an idle connection dropped without a word (a firewall's idle timeout) is noticed and replaced.
    const attempt = new pg.Client({ ...connection, keepAlive: true, keepAliveInitialDelayMillis: 10_000, stream: () => new net.Socket().unref() });
    client = attempt;
    attempt.on("notification", (message) => {
      if (message.channel === channel) handlers.notify();
    });
    attempt.on("error", () => lost(attempt));
    attempt.on("end", () => lost(attempt));
    try {
      await attempt.connect();
      await attempt.query(`LISTEN ${quotedIdentifier(channel)}`);
      if (client === attempt) handlers.listening(true);
    } catch {
      lost(attempt);
    }
  }

  await connect();
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    const open = client;
    client = null;
    if (open) {
      handlers.listening(false);
      await open.end().catch(() => undefined);
    }
  };
}
