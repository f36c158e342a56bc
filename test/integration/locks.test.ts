/** Creation locks stay within the database's small shared lock table, however large the write. */
import { expect } from "chai";
import { lockKeys } from "../../server/data/locks.js";
import { useTestDatabase } from "../helpers/database.js";

describe("creation locks", () => {
  const context = useTestDatabase();

  it("hold a bounded number of locks for 30,000 keys in one transaction", async () => {
    const keys = Array.from({ length: 30_000 }, (_, i) => `project:${i}`);
    const held = await context.db.knex.transaction(async (trx) => {
      await lockKeys(trx, keys);
      const { rows } = await trx.raw("select count(*)::int as n from pg_locks where locktype = 'advisory' and pid = pg_backend_pid()");
      return rows[0].n as number;
    });
    expect(held).to.be.at.most(256).and.at.least(200);
  });
});
