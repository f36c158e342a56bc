/**
 * Writes of projects and the records under them, as rows. Only the project
 * writer (services/projectWriter.ts) calls these: it decides what changed;
 * this module stores exactly that, in place, in as few statements as it can.
 */
import type { Knex } from "knex";
import { RECORD_LISTS, type ExternalKey, type RecordList } from "../domain/project.js";
import { chunks, groupByProject, valueListsOf } from "./batches.js";
import { guarded } from "./dbErrors.js";
import { PROJECT_COLUMNS, RECORD_TABLES, type Row } from "./projectRows.js";

const INSERT_BATCH = 500;

/** jsonb values go to the driver as JSON text, so both engines store them alike. */
function serialised(row: Row): Row {
  const out: Row = {};
  for (const [column, value] of Object.entries(row)) {
    out[column] = value !== null && typeof value === "object" && !(value instanceof Date) ? JSON.stringify(value) : value;
  }
  return out;
}

/** A stored record row as the writer compares it: identity, position and data columns. */
export interface StoredRecordRow {
  id: number;
  uid: string;
  version: number;
  position: number;
  row: Row;
}

export interface StoredForWrite {
  id: number;
  uid: string;
  version: number;
  row: Row;
  callCode: string | null;
  records: Record<RecordList, StoredRecordRow[]>;
  externalKeys: ExternalKey[];
  funds: string[];
}

/** Keys a project may be found by, in the order they are tried. */
export interface ProjectLookup {
  uid: string | null;
  identifier: string | null;
  externalKeys: ExternalKey[];
  callId: number | null;
  beneficiaryId: number;
  title: string;
}

export interface ProjectMatches {
  byUid: Map<string, number>;
  byIdentifier: Map<string, number>;
  byExternalKey: Map<string, number>;
  /** Projects without identifier, by call + beneficiary + title; more than one id means ambiguous. */
  byCallBeneficiaryTitle: Map<string, number[]>;
}

export const externalKeyText = (k: ExternalKey) => JSON.stringify([k.source, k.key]);
export const callBeneficiaryTitle = (callId: number | null, beneficiaryId: number, title: string) =>
  JSON.stringify([callId, beneficiaryId, title]);

/** Stored projects by the keys that name one for good: uid, identifier, external key. */
export async function findByKeys(
  db: Knex,
  lookups: ReadonlyArray<Pick<ProjectLookup, "uid" | "identifier" | "externalKeys">>,
): Promise<Omit<ProjectMatches, "byCallBeneficiaryTitle">> {
  const matches = { byUid: new Map<string, number>(), byIdentifier: new Map<string, number>(), byExternalKey: new Map<string, number>() };
  const uids = lookups.flatMap((l) => (l.uid ? [l.uid] : []));
  for (const chunk of chunks(uids)) {
    for (const r of await db("projects").whereIn("uid", chunk).select("id", "uid")) matches.byUid.set(r.uid, r.id);
  }
  const identifiers = lookups.flatMap((l) => (l.identifier ? [l.identifier] : []));
  for (const chunk of chunks(identifiers)) {
    for (const r of await db("projects").whereIn("identifier", chunk).select("id", "identifier")) {
      matches.byIdentifier.set(r.identifier, r.id);
    }
  }
  // By source, then a plain list of keys: a list of (source, key) pairs costs PostgreSQL far more to plan.
  const keysBySource = new Map<string, Set<string>>();
  for (const k of lookups.flatMap((l) => l.externalKeys)) keysBySource.set(k.source, (keysBySource.get(k.source) ?? new Set()).add(k.key));
  for (const [source, keys] of keysBySource) {
    for (const chunk of chunks([...keys])) {
      for (const r of await db("project_external_keys").where({ source }).whereIn("key", chunk).select("project_id", "source", "key")) {
        matches.byExternalKey.set(externalKeyText(r), r.project_id);
      }
    }
  }
  return matches;
}

/** Every stored project any of the lookups could mean, found with a few batched queries. */
export async function findProjects(db: Knex, lookups: readonly ProjectLookup[]): Promise<ProjectMatches> {
  const matches: ProjectMatches = { ...(await findByKeys(db, lookups)), byCallBeneficiaryTitle: new Map() };
  // Also for lookups with an identifier: a project stored without one may be given it now. Only lookups that
  // no key found need it; they are looked up by beneficiary (an index a list of triples would not use well).
  const found = (l: ProjectLookup) =>
    (l.uid !== null && matches.byUid.has(l.uid)) ||
    (l.identifier !== null && matches.byIdentifier.has(l.identifier)) ||
    l.externalKeys.some((k) => matches.byExternalKey.has(externalKeyText(k)));
  const wanted = new Set(lookups.filter((l) => !found(l)).map((l) => callBeneficiaryTitle(l.callId, l.beneficiaryId, l.title)));
  const beneficiaries = [...new Set(lookups.filter((l) => !found(l)).map((l) => l.beneficiaryId))];
  for (const chunk of chunks(beneficiaries)) {
    const rows = await db("projects")
      .whereNull("identifier")
      .whereIn("beneficiary_id", chunk)
      .orderBy("id")
      .select("id", "call_id", "beneficiary_id", "title");
    for (const r of rows) {
      const key = callBeneficiaryTitle(r.call_id, r.beneficiary_id, r.title);
      if (wanted.has(key)) matches.byCallBeneficiaryTitle.set(key, [...(matches.byCallBeneficiaryTitle.get(key) ?? []), r.id]);
    }
  }
  return matches;
}

/** The stored state of projects about to be written, locked until the transaction ends. */
export async function loadForWrite(db: Knex, ids: readonly number[]): Promise<Map<number, StoredForWrite>> {
  const result = new Map<number, StoredForWrite>();
  for (const chunk of chunks([...new Set(ids)])) {
    const projects = await db("projects as p")
      .leftJoin("calls as c", "c.id", "p.call_id")
      .whereIn("p.id", chunk)
      .forUpdate("p")
      .select("p.id", "p.uid", "p.version", "c.code as call_code", ...PROJECT_COLUMNS.map((c) => `p.${c}`));
    const records = {} as Record<RecordList, Map<number, Row[]>>;
    for (const list of RECORD_LISTS) {
      const table = RECORD_TABLES[list];
      records[list] = groupByProject(
        await db(table.table)
          .whereIn("project_id", chunk)
          .orderBy(["project_id", "position"])
          .select("id", "uid", "version", "position", "project_id", ...table.columns),
      );
    }
    const valueLists = await valueListsOf(db, chunk);
    for (const p of projects) {
      const { id, uid, version, call_code, ...row } = p;
      const storedRecords = {} as Record<RecordList, StoredRecordRow[]>;
      for (const list of RECORD_LISTS) {
        storedRecords[list] = (records[list].get(id) ?? []).map(({ id: recordId, uid: recordUid, version: v, position, project_id: _, ...data }) => ({
          id: recordId as number,
          uid: recordUid as string,
          version: v as number,
          position: position as number,
          row: data,
        }));
      }
      result.set(id, {
        id,
        uid,
        version,
        row,
        callCode: call_code,
        records: storedRecords,
        externalKeys: valueLists.externalKeysOf(id),
        funds: valueLists.fundsOf(id),
      });
    }
  }
  return result;
}

/** Ids for new projects, in ascending order, taken from the projects' sequence before their rows are written. */
export async function allocateProjectIds(db: Knex, count: number): Promise<number[]> {
  if (count === 0) return [];
  const result = await db.raw(`select nextval(pg_get_serial_sequence('projects', 'id'))::integer as id from generate_series(1, ?::integer)`, [count]);
  return (result.rows as Array<{ id: number }>).map((r) => r.id).sort((a, b) => a - b);
}

/** Inserts new projects, each row whole: its id (`allocateProjectIds`), uid and derived columns given by the caller. */
export async function insertProjectRows(db: Knex, rows: readonly Row[]): Promise<void> {
  await guarded(async () => {
    for (const chunk of chunks(rows, INSERT_BATCH)) await db("projects").insert(chunk.map(serialised));
  });
}

export async function updateProjectRow(db: Knex, id: number, changes: Row, version: number): Promise<void> {
  await guarded(() =>
    db("projects")
      .where({ id })
      .update({ ...serialised(changes), version, updated_at: db.fn.now() }),
  );
}

export async function insertRecordRows(db: Knex, list: RecordList, rows: readonly Row[]): Promise<void> {
  await guarded(async () => {
    for (const chunk of chunks(rows, INSERT_BATCH)) await db(RECORD_TABLES[list].table).insert(chunk.map(serialised));
  });
}

export async function updateRecordRow(db: Knex, list: RecordList, id: number, changes: Row, version: number): Promise<void> {
  await guarded(() =>
    db(RECORD_TABLES[list].table)
      .where({ id })
      .update({ ...serialised(changes), version, updated_at: db.fn.now() }),
  );
}

export async function deleteRecordRows(db: Knex, list: RecordList, ids: readonly number[]): Promise<void> {
  await guarded(async () => {
    for (const chunk of chunks(ids)) await db(RECORD_TABLES[list].table).whereIn("id", chunk).del();
  });
}

/** Replaces the external keys of each given project (a new project has none to remove), batched. */
export async function replaceExternalKeys(db: Knex, changes: ReadonlyArray<{ projectId: number; stored: boolean; keys: readonly ExternalKey[] }>): Promise<void> {
  await guarded(async () => {
    for (const chunk of chunks(changes.filter((c) => c.stored).map((c) => c.projectId))) {
      await db("project_external_keys").whereIn("project_id", chunk).del();
    }
    const rows = changes.flatMap((c) => c.keys.map((k) => ({ project_id: c.projectId, source: k.source, key: k.key })));
    for (const chunk of chunks(rows, INSERT_BATCH)) await db("project_external_keys").insert(chunk);
  });
}

/** Replaces the funds of each given project (a new project has none to remove), batched. */
export async function replaceFunds(db: Knex, changes: ReadonlyArray<{ projectId: number; stored: boolean; fundIds: readonly number[] }>): Promise<void> {
  await guarded(async () => {
    for (const chunk of chunks(changes.filter((c) => c.stored).map((c) => c.projectId))) {
      await db("project_funds").whereIn("project_id", chunk).del();
    }
    const rows = changes.flatMap((c) => c.fundIds.map((fundId, position) => ({ project_id: c.projectId, fund_id: fundId, position })));
    for (const chunk of chunks(rows, INSERT_BATCH)) await db("project_funds").insert(chunk);
  });
}

/**
 * Sets what is derived from a stored project after its write, in one statement per batch so that each row is
 * rewritten once: its finding count and, where given, its new slug (claimed with `claimSlugs`).
 */
export async function setDerivedColumns(db: Knex, rows: ReadonlyArray<{ id: number; findingCount: number; slug: string | null }>): Promise<void> {
  for (const chunk of chunks(rows, INSERT_BATCH)) {
    await db.raw(
      `update projects p set finding_count = v.finding_count, slug = coalesce(v.slug, p.slug)
       from (values ${chunk.map(() => "(?::integer, ?::integer, ?::text)").join(", ")}) as v(id, finding_count, slug)
       where p.id = v.id`,
      chunk.flatMap((r) => [r.id, r.findingCount, r.slug]),
    );
  }
}

/** Fund ids by code, for the codes that exist. */
export async function fundIds(db: Knex): Promise<Map<string, number>> {
  const rows = await db("funds").select("id", "code");
  return new Map(rows.map((r: Row) => [r.code as string, r.id as number]));
}

/** "Name (tax number)" of organisations, for the audit trail. */
export async function organisationLabels(db: Knex, ids: readonly number[]): Promise<Map<number, string>> {
  const labels = new Map<number, string>();
  for (const chunk of chunks([...new Set(ids)])) {
    for (const r of await db("organisations").whereIn("id", chunk).select("id", "name", "tax_number")) {
      labels.set(r.id, r.tax_number ? `${r.name} (${r.tax_number})` : r.name);
    }
  }
  return labels;
}
