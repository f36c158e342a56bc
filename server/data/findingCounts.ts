/**
 * How many consistency findings each project has, kept on its row so the
 * review table filters and sorts on it in the database. The findings
 * themselves are the domain's (findingsOf); this only stores their number.
 * The write path recounts the projects it changed, in its transaction; a
 * start-up fills the rows stored before the count existed (a migration cannot
 * compute findings: it never imports application code).
 *
 * What the count cannot follow by itself: a closing notice scheduled for a later
 * moment counts as unpublished until the project is next written. The project's
 * own page always computes its findings afresh.
 */
import type { Knex } from "knex";
import { findingsOf } from "../domain/findings.js";
import { chunks } from "./batches.js";
import { loadProjects } from "./projectReads.js";

const BATCH = 500;

/** The number of findings of each of the given projects, as stored now. */
export async function countFindings(db: Knex, ids: readonly number[]): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  for (const chunk of chunks([...ids], BATCH)) {
    for (const p of await loadProjects(db, chunk)) counts.set(p.id, findingsOf(p).length);
  }
  return counts;
}

/** Recounts the findings of the given projects. */
export async function storeFindingCounts(db: Knex, ids: readonly number[]): Promise<void> {
  for (const chunk of chunks([...ids], BATCH)) {
    const counts = [...(await countFindings(db, chunk))].map(([id, count]) => ({ id, count }));
    if (counts.length === 0) continue;
    await db.raw(
      `update projects p set finding_count = v.count
       from (values ${counts.map(() => "(?::integer, ?::integer)").join(", ")}) as v(id, count)
       where p.id = v.id`,
      counts.flatMap((c) => [c.id, c.count]),
    );
  }
}

/** Counts the findings of projects not yet counted; returns how many. */
export async function backfillFindingCounts(db: Knex): Promise<number> {
  let filled = 0;
  for (;;) {
    const ids = (await db("projects").whereNull("finding_count").orderBy("id").limit(BATCH).pluck("id")) as number[];
    if (ids.length === 0) return filled;
    await storeFindingCounts(db, ids);
    filled += ids.length;
  }
}
