/**
 * The public-content version (table public_content_version, one row): raised by every write the public can see,
 * in that write's transaction, and when a moment passes that changes what is public without a write.
 */
import type { Knex } from "knex";

/** The channel every raise of the version is announced on (LISTEN/NOTIFY), when its transaction commits. */
export const PUBLIC_CONTENT_CHANNEL = "public_content_version";

const announce = (db: Knex) => db.raw("select pg_notify(?, '')", [PUBLIC_CONTENT_CHANNEL]);

/**
 * Code of this process to run right after one of its own writes raised the version and committed: the announcement
 * reaches a server's listeners a moment later, and the writer's next page must not come before it.
 */
const raisedHere = new WeakMap<Knex, Set<() => void>>();

export function onRaisedHere(db: Knex, hook: () => void): () => void {
  const hooks = raisedHere.get(db) ?? new Set();
  raisedHere.set(db, hooks);
  hooks.add(hook);
  return () => hooks.delete(hook);
}

/** Called by the writer after the commit of a transaction that raised the version on `db` (not a transaction). */
export function raisedAndCommitted(db: Knex): void {
  for (const hook of raisedHere.get(db) ?? []) hook();
}

export interface PublicContentVersion {
  version: number;
  /** When the public content last changed (the Last-Modified of every public page). */
  changedAt: Date;
  /** The next moment the public content changes by itself; in the past right after a write. */
  dueAt: Date;
}

export async function readPublicContentVersion(db: Knex): Promise<PublicContentVersion> {
  const row = await db("public_content_version").where({ singleton: true }).first("version", "changed_at", "due_at");
  if (!row) throw new Error("public_content_version has no row: the database is not migrated");
  return { version: Number(row.version), changedAt: new Date(row.changed_at), dueAt: new Date(row.due_at) };
}

/**
 * Raises the version in the writer's transaction: readers see the new version exactly when they see the write.
 * Call it last in the transaction, just before commit: the row stays locked until then.
 */
export async function raisePublicContentVersion(trx: Knex.Transaction): Promise<void> {
  await trx("public_content_version")
    .where({ singleton: true })
    .update({ version: trx.raw("version + 1"), changed_at: trx.raw("clock_timestamp()"), due_at: trx.raw("'epoch'::timestamptz") });
  await announce(trx);
}

/** The first publication moment of a published notice after `after` (whether its project is public or not). */
export async function nextNoticePublication(db: Knex, after: Date): Promise<Date | null> {
  const row = await db("notices").where("status", "published").where("published_at", ">", after.toISOString()).min({ next: "published_at" }).first();
  return row?.next ? new Date(row.next) : null;
}

/**
 * Raises the version for a moment that has passed (`changedAt`) and keeps the next one, unless the version is no
 * longer `seen`: then a write came in between, and the next reader works the moment out again from its data.
 */
export async function advancePublicContentVersion(db: Knex, seen: number, changedAt: Date, dueAt: Date): Promise<void> {
  await db.transaction(async (trx) => {
    await trx("public_content_version")
      .where({ singleton: true, version: seen })
      .update({ version: trx.raw("version + 1"), changed_at: changedAt.toISOString(), due_at: dueAt.toISOString() });
    await announce(trx);
  });
}
