/**
 * Writers that may create the same project at once, where no unique key can
 * decide (a project with neither identifier nor external key), first take a
 * transaction-scoped advisory lock on its key, so the second one finds what the
 * first created. Keys fall into a fixed number of buckets, so a writer holds at
 * most that many locks however large its import (the lock table is shared and
 * small); locks are taken in bucket order, in one statement, so two writers
 * never wait on each other in a circle within one call.
 */
import type { Knex } from "knex";

/** Namespace of these locks among the database's advisory locks ("PT"). */
const NAMESPACE = 0x5054;
const BUCKETS = 256;

export async function lockKeys(db: Knex, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await db.raw(
    `select pg_advisory_xact_lock(?, b) from (
       select distinct (hashtext(k) & ${BUCKETS - 1}) as b from unnest(?::text[]) as k order by 1
     ) as buckets`,
    [NAMESPACE, [...new Set(keys)]],
  );
}

/**
 * Every bucket at once, in order, in one statement: for a writer that writes in several calls (a file
 * imported in batches), which cannot know the keys of its later batches when it takes its first locks.
 * Taking them all first keeps the rule that no writer takes a lock after waiting for another.
 */
export async function lockAllKeys(db: Knex): Promise<void> {
  await db.raw(`select pg_advisory_xact_lock(?, b) from generate_series(0, ${BUCKETS - 1}) as b order by b`, [NAMESPACE]);
}
