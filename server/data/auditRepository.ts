/**
 * The audit log's storage. Entries of a write are collected during its
 * transaction (spilling to a temporary table when there are many, so a large
 * import keeps little in memory) and placed in the chain at the very end: the
 * chain head is locked just before commit, so a long import does not hold up
 * other writers for its whole length, and appends from several processes form
 * one chain.
 */
import type { Knex } from "knex";
import { canonicalChanges, chain, type AuditEntry, type CanonicalPendingEntry, type PendingEntry } from "../domain/audit.js";
import type { HistoryFilter, TrailStep } from "../domain/history.js";
import { changesPublicContent } from "../domain/visibility.js";
import { raisedAndCommitted, raisePublicContentVersion } from "./publicContentVersion.js";

/** Change-sets held in memory before they go to the temporary table: about this many characters of JSON. */
const SPILL_AT = 8 * 1024 * 1024;
const BATCH = 1000;

/** ISO 8601 UTC with microseconds: the text the hash covers, rebuilt the same way on verification. */
const RECORDED_AT_TEXT = `to_char(%s at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const recordedAtText = (expression: string) => RECORDED_AT_TEXT.replace("%s", expression);

interface Column {
  name: string;
  type: string;
}

/** Many rows in one statement, one array parameter per column: far less to bind and parse than a parameter per value. */
async function insertColumns(trx: Knex.Transaction, table: string, columns: readonly Column[], rows: ReadonlyArray<readonly unknown[]>): Promise<void> {
  if (rows.length === 0) return;
  await trx.raw(
    `insert into ${table} (${columns.map((c) => c.name).join(", ")}) select * from unnest(${columns.map((c) => `?::${c.type}[]`).join(", ")})`,
    columns.map((_, i) => rows.map((r) => r[i])) as Knex.RawBinding[],
  );
}

const PENDING_COLUMNS: readonly Column[] = [
  { name: "actor", type: "text" },
  { name: "action", type: "text" },
  { name: "entity", type: "text" },
  { name: "entity_key", type: "text" },
  { name: "project_uid", type: "uuid" },
  { name: "project_version", type: "integer" },
  { name: "changes", type: "text" },
];

const LOG_COLUMNS: readonly Column[] = [
  { name: "seq", type: "bigint" },
  { name: "recorded_at", type: "timestamptz" },
  ...PENDING_COLUMNS.slice(0, 6),
  { name: "changes", type: "jsonb" },
  { name: "prev_hash", type: "text" },
  { name: "hash", type: "text" },
];

const pendingValues = (e: CanonicalPendingEntry) => [e.actor, e.action, e.entity, e.entityKey, e.projectUid, e.projectVersion, e.changes];

function pendingFromRow(r: Record<string, unknown>): CanonicalPendingEntry {
  return {
    actor: r.actor as string,
    action: r.action as CanonicalPendingEntry["action"],
    entity: r.entity as string,
    entityKey: r.entity_key as string,
    projectUid: r.project_uid as string | null,
    projectVersion: r.project_version === null ? null : Number(r.project_version),
    changes: r.changes as string,
  };
}

/** The audit entries of one transaction, not yet in the chain. */
export class AuditBuffer {
  private pending: CanonicalPendingEntry[] = [];
  private pendingSize = 0;
  private spilled = 0;
  /** Whether an entry changes something the public site shows (see domain/visibility.ts). */
  changesPublicContent = false;

  /** `spillAt`: characters of change-sets kept in memory before they go to the temporary table. */
  constructor(
    private readonly trx: Knex.Transaction,
    private readonly spillAt = SPILL_AT,
  ) {}

  get size(): number {
    return this.spilled + this.pending.length;
  }

  /** Records an entry; its change-set is put in canonical form now, once, for both the hash and the stored value. */
  async add(entry: PendingEntry): Promise<void> {
    if (!this.changesPublicContent && changesPublicContent(entry.entity)) this.changesPublicContent = true;
    const changes = canonicalChanges(entry.changes);
    this.pending.push({ ...entry, changes });
    this.pendingSize += changes.length;
    if (this.pendingSize >= this.spillAt) await this.spill();
  }

  private async spill(): Promise<void> {
    if (this.spilled === 0) {
      await this.trx.raw(
        `create temporary table audit_pending (n bigserial primary key, ${PENDING_COLUMNS.map((c) => `${c.name} ${c.type}`).join(", ")}) on commit drop`,
      );
    }
    for (let i = 0; i < this.pending.length; i += BATCH) {
      await insertColumns(this.trx, "audit_pending", PENDING_COLUMNS, this.pending.slice(i, i + BATCH).map(pendingValues));
    }
    this.spilled += this.pending.length;
    this.pending = [];
    this.pendingSize = 0;
  }

  /** Chains every collected entry after the current head; call last, just before commit. */
  async append(): Promise<number> {
    if (this.size === 0) return 0;
    const head = await this.trx.raw(
      `select seq, hash, ${recordedAtText("clock_timestamp()")} as now from audit_head where singleton for update`,
    );
    const { seq, hash, now } = head.rows[0] as { seq: number; hash: string; now: string };
    let last = { seq: Number(seq), hash };
    const place = async (entries: CanonicalPendingEntry[]) => {
      const placed = chain(entries, last, now);
      for (let i = 0; i < placed.length; i += BATCH) {
        const rows = placed.slice(i, i + BATCH).map((e) => [e.seq, e.recordedAt, ...pendingValues(e), e.prevHash, e.hash]);
        await insertColumns(this.trx, "audit_log", LOG_COLUMNS, rows);
      }
      const tail = placed.at(-1);
      if (tail) last = { seq: tail.seq, hash: tail.hash };
    };
    if (this.spilled > 0) {
      await this.spill();
      for (let after = 0; ; ) {
        const rows = await this.trx("audit_pending")
          .where("n", ">", after)
          .orderBy("n")
          .limit(BATCH)
          .select("n", ...PENDING_COLUMNS.map((c) => c.name));
        if (rows.length === 0) break;
        await place(rows.map(pendingFromRow));
        after = Number(rows.at(-1).n);
      }
    } else {
      await place(this.pending);
    }
    await this.trx("audit_head").where({ singleton: true }).update({ seq: last.seq, hash: last.hash });
    const appended = this.size;
    this.pending = [];
    this.pendingSize = 0;
    this.spilled = 0;
    return appended;
  }
}

/**
 * Runs a write in a transaction whose audit entries are chained just before it commits. A write the public can see
 * raises the public-content version there too, so every app instance stops serving the pages it rendered before —
 * at the end, like the chain head, so that the row is locked only until the commit.
 */
export async function auditedTransaction<T>(db: Knex, work: (trx: Knex.Transaction, audit: AuditBuffer) => Promise<T>): Promise<T> {
  let raised = false;
  const result = await db.transaction(async (trx) => {
    const audit = new AuditBuffer(trx);
    const result = await work(trx, audit);
    raised = audit.changesPublicContent;
    if (raised) await raisePublicContentVersion(trx);
    await audit.append();
    return result;
  });
  if (raised) raisedAndCommitted(db);
  return result;
}

function entryFromRow(r: Record<string, unknown>): AuditEntry & { id: number } {
  return {
    id: Number(r.id),
    seq: Number(r.seq),
    recordedAt: r.recorded_at_text as string,
    actor: r.actor as string,
    action: r.action as AuditEntry["action"],
    entity: r.entity as string,
    entityKey: r.entity_key as string,
    projectUid: r.project_uid as string | null,
    projectVersion: r.project_version === null ? null : Number(r.project_version),
    changes: r.changes as AuditEntry["changes"],
    prevHash: r.prev_hash as string,
    hash: r.hash as string,
  };
}

const ENTRY_COLUMNS = (db: Knex) => [
  "id", "seq", "actor", "action", "entity", "entity_key", "project_uid", "project_version", "changes", "prev_hash", "hash",
  db.raw(`${recordedAtText("recorded_at")} as recorded_at_text`),
];

/** Up to `limit` entries after position `afterSeq`, in chain order. */
export async function entriesAfter(db: Knex, afterSeq: number, limit: number): Promise<Array<AuditEntry & { id: number }>> {
  const rows = await db("audit_log").where("seq", ">", afterSeq).orderBy("seq").limit(limit).select(ENTRY_COLUMNS(db));
  return rows.map(entryFromRow);
}

/** A project's entries after the given version of it, oldest first. */
export async function projectEntriesAfterVersion(db: Knex, projectUid: string, version: number): Promise<AuditEntry[]> {
  const rows = await db("audit_log")
    .where({ project_uid: projectUid })
    .where("project_version", ">", version)
    .orderBy("seq")
    .select(ENTRY_COLUMNS(db));
  return rows.map(entryFromRow);
}

/** The last `count` entries of one record outside projects (an organisation, a call...), oldest first. */
export async function latestEntityEntries(db: Knex, entity: string, entityKey: string, count: number): Promise<AuditEntry[]> {
  const rows = await db("audit_log")
    .where({ entity, entity_key: entityKey })
    .orderBy("seq", "desc")
    .limit(count)
    .select(ENTRY_COLUMNS(db));
  return rows.map(entryFromRow).reverse();
}

/** Every entry of a project, oldest first. */
export async function projectEntries(db: Knex, projectUid: string): Promise<AuditEntry[]> {
  const rows = await db("audit_log").where({ project_uid: projectUid }).orderBy("seq").select(ENTRY_COLUMNS(db));
  return rows.map(entryFromRow);
}

export async function chainHead(db: Knex): Promise<{ seq: number; hash: string }> {
  const row = await db("audit_head").where({ singleton: true }).first("seq", "hash");
  return { seq: Number(row.seq), hash: row.hash as string };
}

/** The records of an entry as a set of rows, for filters on them. */
const RECORDS_OF_ENTRY = "jsonb_array_elements(coalesce(changes->'records', '[]'::jsonb))";
/** A field and its date precision, if it has one: how a filter on a field finds it in change-sets. */
const namesOf = (field: string) => [field, `${field}_precision`];

/** Entries with a change to one record (`uid`), to a field or record kind (`field`), or both. */
function recordChangeMatches(query: Knex.QueryBuilder, uid: string | undefined, field: string | undefined) {
  const conditions: string[] = [];
  const bindings: string[] = [];
  if (uid) {
    conditions.push("r->>'uid' = ?");
    bindings.push(uid);
  }
  if (field) {
    conditions.push("(r->>'entity' = ? or exists (select 1 from jsonb_object_keys(r->'fields') k where k in (?, ?)))");
    bindings.push(field, ...namesOf(field));
  }
  return query.whereRaw(`exists (select 1 from ${RECORDS_OF_ENTRY} r where ${conditions.join(" and ")})`, bindings);
}

/**
 * A page of a project's entries, newest first: those before position `beforeSeq` (all when null) that
 * match the filter. The seek runs backwards on the (project_uid, seq) index; filters only thin it out.
 */
export async function projectHistoryPage(
  db: Knex,
  projectUid: string,
  filter: HistoryFilter,
  beforeSeq: number | null,
  limit: number,
): Promise<AuditEntry[]> {
  const query = db("audit_log").where({ project_uid: projectUid });
  if (beforeSeq !== null) query.where("seq", "<", beforeSeq);
  if (filter.actor) query.where("actor", filter.actor);
  if (filter.record) recordChangeMatches(query, filter.record, filter.field);
  else if (filter.field) {
    const field = filter.field;
    query.where((q) => {
      q.whereRaw("exists (select 1 from jsonb_object_keys(changes->'fields') k where k in (?, ?))", namesOf(field));
      q.orWhere((inner) => recordChangeMatches(inner, undefined, field));
    });
  }
  const rows = await query.orderBy("seq", "desc").limit(limit).select(ENTRY_COLUMNS(db));
  return rows.map(entryFromRow);
}

/** Everyone who changed the project, in alphabetical order of their labels. */
export async function projectActors(db: Knex, projectUid: string): Promise<string[]> {
  const rows = await db("audit_log").where({ project_uid: projectUid }).distinct("actor").orderBy("actor");
  return rows.map((r: { actor: string }) => r.actor);
}

/** Every recorded change of the given records of a project, in chain order, by record uid, with the record's kind. */
export async function recordTrails(
  db: Knex,
  projectUid: string,
  uids: readonly string[],
): Promise<Map<string, { entity: string; steps: TrailStep[] }>> {
  const trails = new Map<string, { entity: string; steps: TrailStep[] }>();
  if (uids.length === 0) return trails;
  const rows = await db
    .select("seq", db.raw("r->>'uid' as uid"), db.raw("r->>'entity' as entity"), db.raw("r->>'action' as action"), db.raw("r->'fields' as fields"))
    .from(db.raw(`audit_log cross join lateral ${RECORDS_OF_ENTRY} r`))
    .where({ project_uid: projectUid })
    .whereRaw(`r->>'uid' in (${uids.map(() => "?").join(", ")})`, uids as string[])
    .orderBy("seq");
  for (const row of rows) {
    const trail = trails.get(row.uid) ?? { entity: row.entity as string, steps: [] as TrailStep[] };
    trail.steps.push({ seq: Number(row.seq), action: row.action, fields: row.fields });
    trails.set(row.uid, trail);
  }
  return trails;
}

/** The changes of some of a project's own fields before position `beforeSeq`, in chain order. */
export async function projectFieldTrail(
  db: Knex,
  projectUid: string,
  fields: readonly string[],
  beforeSeq: number,
): Promise<TrailStep[]> {
  const rows = await db("audit_log")
    .where({ project_uid: projectUid })
    .where("seq", "<", beforeSeq)
    .whereRaw(`exists (select 1 from jsonb_object_keys(changes->'fields') k where k in (${fields.map(() => "?").join(", ")}))`, fields)
    .orderBy("seq")
    .select("seq", "action", db.raw("changes->'fields' as fields"));
  const wanted = new Set(fields);
  return rows.map((r: TrailStep) => ({
    seq: Number(r.seq),
    action: r.action,
    fields: Object.fromEntries(Object.entries(r.fields).filter(([f]) => wanted.has(f))),
  }));
}
