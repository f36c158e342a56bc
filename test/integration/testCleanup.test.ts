/**
 * A test run on a database server drops every database it created (test/helpers/hooks.ts): left there, they pile
 * up on a shared server and slow every later CREATE DATABASE.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect } from "chai";
import knexFactory from "knex";
import { engine } from "../helpers/database.js";

const ROOT = path.join(import.meta.dirname, "..", "..");

describe("a test run on a database server", function () {
  before(function () {
    if (engine !== "postgres") this.skip();
  });

  it("drops the databases it created when it ends", async function () {
    this.timeout(120_000);
    const run = spawnSync("npx", ["mocha", "test/fixtures/specs/oneDatabase.spec.ts"], {
      cwd: ROOT,
      env: { ...process.env, TEST_ENGINE: "postgres" },
      encoding: "utf8",
    });
    expect(run.status, run.stdout + run.stderr).to.equal(0);
    const name = /database: (projekttar_test_\w+)/.exec(run.stdout)?.[1];
    expect(name, run.stdout).to.be.a("string");
    const admin = knexFactory({ client: "pg", connection: process.env.TEST_DATABASE_URL, pool: { min: 0, max: 1 } });
    try {
      const pid = name!.split("_")[2];
      const left: string[] = await admin("pg_database").where("datname", "like", `projekttar_test_${pid}_%`).pluck("datname");
      expect(left, "the run's template and its suite's database").to.deep.equal([]);
    } finally {
      await admin.destroy();
    }
  });
});
