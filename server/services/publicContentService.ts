/**
 * Which version of the public content is current: what a cached public page is keyed on. A write the public can
 * see raises the version in its own transaction (data/auditRepository.ts); a moment that changes what is public
 * without a write — a scheduled notice going public, the day turning (projects are public from a day, and pages
 * follow the rules of the day) — raises it when the first reader after it asks.
 */
import { nextDayStartInBudapest } from "../domain/dates.js";
import type { Database } from "../data/database.js";
import {
  advancePublicContentVersion,
  nextNoticePublication,
  readPublicContentVersion,
  type PublicContentVersion,
} from "../data/publicContentVersion.js";

export type { PublicContentVersion };

interface Waiting {
  resolve(version: PublicContentVersion): void;
  reject(error: unknown): void;
}

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
        const version = await lookUp();
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
      return new Promise((resolve, reject) => {
        waiting.push({ resolve, reject });
        if (!running) void serveRounds();
      });
    },
  };
}

export type PublicContentService = ReturnType<typeof createPublicContentService>;
