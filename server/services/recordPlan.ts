/**
 * Plans the write of one list of records under a project: which incoming
 * record is which stored one, and what to insert, update and delete. A record
 * is matched by its uid, else by its natural key (a deliverable by title and
 * kind...). Records sharing a natural key pair up in order when the file and
 * the database hold the same number of them; otherwise the match is ambiguous
 * and the error names both places. Unchanged records are left untouched.
 */
import { randomUUID } from "node:crypto";
import { ConflictError, ValidationError } from "../errors.js";
import { changedFields, type FieldChanges, type RecordChange } from "../domain/audit.js";
import type { Identity } from "../domain/project.js";
import type { StoredRecordRow } from "../data/projectWrites.js";
import type { OrganisationIds, RecordTable, Row } from "../data/projectRows.js";

export interface IncomingRecord<T> {
  item: T;
  path: string;
}

export interface ListPlan {
  inserts: Row[];
  updates: Array<{ id: number; changes: Row; version: number }>;
  deletes: number[];
  changes: RecordChange[];
}

/** Turns stored column values into what the audit trail records (organisation ids become names). */
export type AuditView = (row: Row) => Row;

export function planList<T extends Identity>(
  table: RecordTable<T>,
  stored: readonly StoredRecordRow[],
  incoming: ReadonlyArray<IncomingRecord<T>>,
  organisations: OrganisationIds,
  auditView: AuditView,
  listPath: string,
): ListPlan {
  const plan: ListPlan = { inserts: [], updates: [], deletes: [], changes: [] };
  const byUid = new Map(stored.map((s) => [s.uid, s]));
  const rows = incoming.map(({ item }) => table.toRow(item, organisations));
  const matched = new Map<number, StoredRecordRow>();
  const taken = new Set<string>();
  const errors: ValidationError[] = [];

  const seenUids = new Map<string, string>();
  incoming.forEach(({ item, path }, index) => {
    if (!item.uid) return;
    const earlier = seenUids.get(item.uid);
    if (earlier) errors.push(new ValidationError(`ugyanez a uid már szerepel: ${earlier}`, `${path}.uid`));
    seenUids.set(item.uid, path);
    const record = byUid.get(item.uid);
    if (record) {
      matched.set(index, record);
      taken.add(record.uid);
    }
  });

  // Without a uid: by natural key, pairing equal keys in order when the counts agree.
  const storedByKey = new Map<string, StoredRecordRow[]>();
  for (const s of stored) {
    if (taken.has(s.uid)) continue;
    const key = table.naturalKey(s.row);
    storedByKey.set(key, [...(storedByKey.get(key) ?? []), s]);
  }
  const incomingByKey = new Map<string, number[]>();
  incoming.forEach(({ item }, index) => {
    if (item.uid) return;
    const key = table.naturalKey(rows[index]!);
    incomingByKey.set(key, [...(incomingByKey.get(key) ?? []), index]);
  });
  for (const [key, indexes] of incomingByKey) {
    const candidates = storedByKey.get(key) ?? [];
    if (candidates.length === 0) continue;
    if (candidates.length === indexes.length) {
      indexes.forEach((index, n) => matched.set(index, candidates[n]!));
      for (const c of candidates) taken.add(c.uid);
      continue;
    }
    const [first, second] = indexes;
    const where =
      indexes.length > 1
        ? `${incoming[first!]!.path} és ${incoming[second!]!.path}`
        : `${listPath}[${candidates[0]!.position}] és ${listPath}[${candidates[1]!.position}] (tárolt)`;
    errors.push(
      new ValidationError(
        `nem egyértelmű, melyik tárolt rekordot jelenti (${where} azonos kulccsal): adja meg a rekord uid-ját`,
        incoming[first!]!.path,
      ),
    );
  }
  if (errors.length > 0) throw errors;

  incoming.forEach(({ item, path }, position) => {
    const row = rows[position]!;
    const record = matched.get(position);
    if (!record) {
      if (item.version !== undefined) {
        // The writer edited a record that someone deleted meanwhile: do not bring it back.
        throw new ConflictError(`${path}: a rekordot közben törölték (a ${item.version}. változatát szerkesztette)`, []);
      }
      const uid = item.uid ?? randomUUID();
      plan.inserts.push({ uid, position, ...row });
      plan.changes.push({ entity: table.entity, uid, action: "create", fields: changedFields(null, auditView({ position, ...row })) });
      return;
    }
    if (item.version !== undefined && item.version !== record.version) {
      throw new ConflictError(`${path}: a rekordot közben módosították (${item.version}. változat helyett már ${record.version}.)`, []);
    }
    const changed = changedFields({ position: record.position, ...record.row }, { position, ...row });
    if (Object.keys(changed).length === 0) return;
    const changes: Row = Object.fromEntries(Object.keys(changed).map((column) => [column, column === "position" ? position : row[column]]));
    plan.updates.push({ id: record.id, changes, version: record.version + 1 });
    plan.changes.push({ entity: table.entity, uid: record.uid, action: "update", fields: auditFields(changed, auditView, record.row, row) });
  });

  const kept = new Set([...matched.values()].map((s) => s.uid));
  for (const s of stored) {
    if (kept.has(s.uid)) continue;
    plan.deletes.push(s.id);
    plan.changes.push({ entity: table.entity, uid: s.uid, action: "delete", fields: changedFields(auditView({ position: s.position, ...s.row }), null) });
  }
  return plan;
}

/** The changed fields as the audit trail shows them. */
export function auditFields(changed: FieldChanges, auditView: AuditView, before: Row, after: Row): FieldChanges {
  const columns = Object.keys(changed);
  const pick = (row: Row) => Object.fromEntries(columns.map((c) => [c, row[c]]));
  const viewBefore = auditView(pick(before));
  const viewAfter = auditView(pick(after));
  const fields = changedFields(viewBefore, viewAfter);
  // A position change has no row value of its own in `before`/`after`: keep it as compared.
  if (changed.position) fields.position = changed.position;
  return fields;
}
