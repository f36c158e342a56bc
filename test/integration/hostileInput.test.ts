/**
 * Proof "hostile input": every staff form, every API write and the project-file import, fed hostile input
 * by fast-check with a fixed seed. No answer is 5xx; every rejection is 4xx naming the field; a rejected
 * request writes nothing; the audit chain verifies after each property. `npm run fuzz` runs the same
 * properties (test/properties/) with thousands of cases.
 */
import { expect } from "chai";
import fc from "fast-check";
import { routeTable } from "../../server/routes/routeTable.js";
import { useTestDatabase } from "../helpers/database.js";
import { checkAuditChain, emptyStats, writeProperty } from "../properties/check.js";
import { importProperty } from "../properties/importProperty.js";
import { EXEMPT_ROUTES, WRITE_TARGETS } from "../properties/targets.js";
import { makeWorld, type World } from "../properties/world.js";

const SEED = 20261125;
const RUNS = Number(process.env.HOSTILE_RUNS ?? 100);

describe("hostile input (property-based)", function () {
  this.timeout(300_000);
  const database = useTestDatabase();
  let world: World;

  before(async () => {
    world = await makeWorld(database.db);
  });

  it("aims at every state-changing route of the app, or says why not", () => {
    const writes = routeTable(world.app.app)
      .filter((r) => !["GET", "HEAD"].includes(r.method))
      .map((r) => `${r.method} ${r.path}`);
    const listed = new Set([...WRITE_TARGETS.map((t) => t.route), ...Object.keys(EXEMPT_ROUTES)]);
    expect(writes.filter((r) => !listed.has(r)), "routes missing from test/properties/targets.ts").to.deep.equal([]);
    expect([...listed].filter((r) => !writes.includes(r)), "targets naming no route").to.deep.equal([]);
  });

  for (const target of WRITE_TARGETS) {
    it(`${target.route}: no 5xx, rejections name the field and write nothing`, async () => {
      const stats = emptyStats();
      await fc.assert(writeProperty(world, target, stats, true), { seed: SEED, numRuns: RUNS, endOnFailure: true });
      expect(await checkAuditChain(world, stats)).to.equal(null);
    });
  }

  it("project-file import: refusals name the place and write nothing", async () => {
    const stats = emptyStats();
    await fc.assert(importProperty(world, stats, true), { seed: SEED, numRuns: RUNS, endOnFailure: true });
    expect(await checkAuditChain(world, stats)).to.equal(null);
  });
});
