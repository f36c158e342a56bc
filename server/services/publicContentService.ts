/**
 * Which version of the public content is current: what a cached public page is keyed on. A write the public can
 * see raises the version in its own transaction (data/auditRepository.ts); a moment that changes what is public
 * without a write — a scheduled notice going public, the day turning (projects are public from a day, and pages
 * follow the rules of the day) — raises it when the first reader after it asks.
 *
 * Every raise is announced when it commits (LISTEN/NOTIFY, data/notifications.ts). While this process listens, the
 * version it last read stays current until an announcement or its due moment, and is given without a query; a
 * write of this process drops it right after its commit, before the writer is answered. While the listener is
 * down (a server restarting), every reader looks the version up, as if nothing were kept. A kept version is read
 * again after KEEP_AT_MOST_MS all the same: a listening connection lost without a word (a firewall dropping it
 * while idle) is noticed only by TCP keepalive, and until then no announcement arrives.
 */
import { nextDayStartInBudapest } from "../domain/dates.js";
import type { Database } from "../data/database.js";
import {
  advancePublicContentVersion,
  nextNoticePublication,
  onRaisedHere,
  PUBLIC_CONTENT_CHANNEL,
  readPublicContentVersion,
  type PublicContentVersion,
} from "../data/publicContentVersion.js";

export type { PublicContentVersion };

interface Waiting {
  resolve(version: PublicContentVersion): void;
  reject(error: unknown): void;
}

/** The longest a version is kept without being read again, whatever the listener says. */
const KEEP_AT_MOST_MS = 30_000;

export function createPublicContentService(db: Database, now: () => Date = () => new Date()) {
  async function lookUp(): Promise<PublicContentVersion> {
    const seen = await readPublicContentVersion(db.knex);
    const at = now();
    if (seen.dueAt > at) return seen;
    const notice = await nextNoticePublication(db.knex, at);
    const midnight = nextDayStartInBudapest(at);
    const dueAt = notice && notice < midnight ? notice : midnight;
    // After a write the due moment is the epoch: the content last changed at the write, not then.
    const changedAt = seen.dueAt > seen.changedAt ? seen.dueAt : seen.changedAt;
    await advancePublicContentVersion(db.knex, seen.version, changedAt, dueAt);
    return readPublicContentVersion(db.knex);
  }

  /** The version last read, while no announcement can have been missed since; null when it must be read again. */
  let kept: PublicContentVersion | null = null;
  /** When `kept` must be read again: its due moment, or KEEP_AT_MOST_MS after it was read if sooner. */
  let keptUntil = 0;
  /** Announcements (and listener starts and stops) so far: a read that saw one arrive meanwhile is not kept. */
  let changes = 0;
  let listening = false;
  const changed = () => {
    kept = null;
    changes++;
  };
  let listener: Promise<unknown> | null = null;
  /** Starts listening at the first read: services made for a task that never reads pages open no listener. */
  function listen(): void {
    listener ??= Promise.all([
      db.listen(PUBLIC_CONTENT_CHANNEL, {
        notify: changed,
        listening(on) {
          listening = on;
          changed();
        },
      }),
      onRaisedHere(db.knex, changed),
    ]).catch(() => undefined); // Not listening is not an error: every read then looks the version up.
  }

  // Requests that ask while a lookup runs share the next one, which starts after they asked: one query serves many
  // requests under load, and none is answered with a version read before it arrived (that could predate a write
  // whose response its sender has already seen).
  let running = false;
  let waiting: Waiting[] = [];
  async function serveRounds(): Promise<void> {
    running = true;
    while (waiting.length > 0) {
      const round = waiting;
      waiting = [];
      try {
        const before = changes;
        const version = await lookUp();
        if (listening && changes === before) {
          kept = version;
          keptUntil = Math.min(version.dueAt.getTime(), now().getTime() + KEEP_AT_MOST_MS);
        }
        for (const w of round) w.resolve(version);
      } catch (error) {
        for (const w of round) w.reject(error);
      }
    }
    running = false;
  }

  return {
    /** The current version, read after the call (see above). */
    current(): Promise<PublicContentVersion> {
      listen();
      if (kept && keptUntil > now().getTime()) return Promise.resolve(kept);
      return new Promise((resolve, reject) => {
        waiting.push({ resolve, reject });
        if (!running) void serveRounds();
      });
    },
  };
}

export type PublicContentService = ReturnType<typeof createPublicContentService>;
