/**
 * Gives a slug to rows stored before slugs existed (a migration cannot compute
 * them: migrations never import application code). Runs after migrating; a
 * database already filled costs one indexed query that finds nothing. New and
 * renamed projects get theirs from the project writer.
 */
import type { Knex } from "knex";
import { slugBase } from "../domain/slugs.js";
import { assignSlugs } from "./projectSlugs.js";
import { raisePublicContentVersion } from "./publicContentVersion.js";

const BATCH = 500;

/** Returns how many projects were given a slug. */
export async function backfillSlugs(db: Knex, batchSize = BATCH): Promise<number> {
  let filled = 0;
  for (;;) {
    const rows: Array<{ id: number; identifier: string | null; call_code: string | null; title: string }> = await db("projects as p")
      .leftJoin("calls as c", "c.id", "p.call_id")
      .whereNull("p.slug")
      .orderBy("p.id")
      .limit(batchSize)
      .select("p.id", "p.identifier", "c.code as call_code", "p.title");
    if (rows.length === 0) return filled;
    await db.transaction(async (trx) => {
      await assignSlugs(
        trx,
        rows.map((r) => ({ projectId: r.id, base: slugBase({ identifier: r.identifier, callCode: r.call_code, title: r.title }) })),
      );
      // Pages link projects by their slug.
      await raisePublicContentVersion(trx);
    });
    filled += rows.length;
  }
}
