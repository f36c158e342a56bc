/**
 * Fills the title's sort key and search text of rows stored before those
 * columns existed (a migration cannot compute them: migrations never import
 * application code). Runs after migrating; a database already filled costs one
 * indexed query that finds nothing.
 */
import type { Knex } from "knex";
import { titleKeys } from "./projectRows.js";

const BATCH = 500;

/** Returns how many projects were filled in. */
export async function backfillTitleKeys(db: Knex, batchSize = BATCH): Promise<number> {
  let filled = 0;
  for (;;) {
    const rows: Array<{ id: number; title: string }> = await db("projects")
      // Both keys are always written together, so the indexed one tells which rows lack them.
      .whereNull("title_sort_key")
      .orderBy("id")
      .limit(batchSize)
      .select("id", "title");
    if (rows.length === 0) return filled;
    const values = rows.map((r) => ({ id: r.id, ...titleKeys(r.title) }));
    await db.raw(
      `update projects p set title_sort_key = v.sort_key, title_search = v.search
       from (values ${values.map(() => "(?::integer, ?, ?)").join(", ")}) as v(id, sort_key, search)
       where p.id = v.id`,
      values.flatMap((v) => [v.id, v.title_sort_key, v.title_search]),
    );
    filled += rows.length;
  }
}
