/** Mocha root hooks: clean up what the run created on a database server. */
import { dropServerDatabases } from "./database.js";

process.env.NODE_ENV ??= "test";

export const mochaHooks = {
  async afterAll(this: Mocha.Context) {
    this.timeout(60_000);
    await dropServerDatabases();
  },
};
