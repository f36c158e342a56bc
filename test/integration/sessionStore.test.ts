/**
 * The session store while its database is gone (a PostgreSQL restart): every failure reaches express-session's
 * callback, none escapes as an unhandled rejection (which would stop the server), and touch() calls back instead of
 * leaving the response waiting.
 */
import { expect } from "chai";
import type { SessionData } from "express-session";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { sessionStore } from "../../server/data/sessionStore.js";
import { openTestDatabase } from "../helpers/database.js";

describe("session store while the database is unreachable", () => {
  it("reports every failure to its callback, and nothing escapes as an unhandled rejection", async function () {
    this.timeout(60_000);
    const db = await openTestDatabase();
    const store = sessionStore(db.knex);
    await (store as unknown as { ready: Promise<void> }).ready;
    await db.close();

    const escaped: unknown[] = [];
    const onUnhandled = (reason: unknown) => escaped.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      const session = { cookie: { expires: new Date(Date.now() + 60_000), originalMaxAge: 60_000 } } as unknown as SessionData;
      const failures = await Promise.all([
        new Promise((resolve) => store.get("sid-1", (error) => resolve(error))),
        new Promise((resolve) => store.set("sid-1", session, (error) => resolve(error))),
        new Promise((resolve) => store.touch!("sid-1", session, ((error?: unknown) => resolve(error)) as () => void)),
        new Promise((resolve) => store.destroy("sid-1", (error) => resolve(error))),
      ]);
      for (const failure of failures) expect(failure).to.be.instanceOf(Error);
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
    expect(escaped).to.deep.equal([]);
  });
});

describe("session store cleanup", () => {
  it("deletes expired sessions and keeps the others", async function () {
    this.timeout(60_000);
    const db = await openTestDatabase();
    try {
      const now = Date.now();
      await db.knex("sessions").insert([
        { sid: "expired", sess: JSON.stringify({ cookie: {} }), expired: new Date(now - 1_000) },
        { sid: "live", sess: JSON.stringify({ cookie: {} }), expired: new Date(now + 60_000) },
      ]);
      const store = sessionStore(db.knex) as unknown as { deleteExpired(): Promise<void> };
      await store.deleteExpired();
      expect((await db.knex("sessions").select("sid")).map((r: { sid: string }) => r.sid)).to.deep.equal(["live"]);
    } finally {
      await db.close();
    }
  });

  it("does not keep a store (and its database) alive once the app has let it go", async function () {
    this.timeout(60_000);
    setFlagsFromString("--expose-gc");
    const collect = runInNewContext("gc") as () => void;
    const db = await openTestDatabase();
    try {
      const store = await (async () => {
        const made = sessionStore(db.knex);
        await (made as unknown as { ready: Promise<void> }).ready;
        return new WeakRef(made);
      })();
      // A WeakRef's target survives the job that made it; the timers' turn comes after.
      await new Promise((resolve) => setTimeout(resolve, 50));
      collect();
      expect(store.deref()).to.equal(undefined);
    } finally {
      await db.close();
    }
  });
});
