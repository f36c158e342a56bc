/** Mocha root hooks: clean up what the run created on a database server. */
import { dropAbandonedDatabases, dropServerDatabases, engine } from "./database.js";

// A test run is NODE_ENV=test also when mocha is started without scripts/test.ts.
process.env.NODE_ENV ??= "test";

export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(600_000);
    if (engine === "postgres") await dropAbandonedDatabases();
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(300_000);
    await dropServerDatabases();
  },
};
