/**
 * Transaction-scoped advisory locks: writers that may create the same thing
 * (an organisation known only by name has no unique key to conflict on) take
 * a lock on its key first, so the second one finds what the first created.
 * Locks are taken in one statement, in the order of their hashes, so two
 * writers never wait on each other in a circle within one call.
 */
import type { Knex } from "knex";

export async function lockKeys(db: Knex, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await db.raw(
    `select pg_advisory_xact_lock(h) from (
       select distinct hashtextextended(k, 0) as h from unnest(?::text[]) as k order by 1
     ) as ordered`,
    [[...new Set(keys)]],
  );
}
