/** Mocha root hooks: clean up what the run created on a database server. */
import { dropServerDatabases } from "./database.js";

// A test run is NODE_ENV=test also when mocha is started without scripts/test.ts.
process.env.NODE_ENV ??= "test";

export const mochaHooks = {
  async afterAll(this: Mocha.Context) {
    this.timeout(60_000);
    await dropServerDatabases();
  },
};
