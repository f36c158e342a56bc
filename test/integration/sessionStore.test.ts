/**
 * The session store while its database is gone (a PostgreSQL restart): every failure reaches express-session's
 * callback, none escapes as an unhandled rejection (which would stop the server), and touch() calls back instead of
 * leaving the response waiting.
 */
import { expect } from "chai";
import type { SessionData } from "express-session";
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
