/**
 * A project's history as people read it: each audit entry turned into lines
 * of one field each, old value beside new. A partial date and its precision
 * are stored as two columns; a line joins them again. An entry records only
 * what changed, so a date whose precision stayed the same takes it from the
 * record's earlier entries (its trail).
 */
import type { AuditAction, AuditEntry, AuditValue, FieldChanges } from "./audit.js";
import type { DatePrecision } from "./dates.js";

/** What a history page is narrowed to: a field (or record kind), a person, a record. */
export interface HistoryFilter {
  field?: string;
  actor?: string;
  record?: string;
}

export interface ChangeLine {
  /** The field as the audit trail names it (a date's precision is folded into its date). */
  field: string;
  before: AuditValue;
  after: AuditValue;
  /** For a partial date: the precision of each side. */
  precision: { before: DatePrecision | null; after: DatePrecision | null } | null;
}

export interface RecordLines {
  entity: string;
  uid: string;
  action: AuditAction;
  lines: ChangeLine[];
}

export interface HistoryEntry {
  seq: number;
  recordedAt: string;
  actor: string;
  action: AuditAction;
  projectVersion: number | null;
  fields: ChangeLine[];
  records: RecordLines[];
}

/** One change of a record or of the project's own fields, in chain order. */
export interface TrailStep {
  seq: number;
  action: AuditAction;
  fields: FieldChanges;
}

export type Values = Record<string, AuditValue>;

const PRECISION = "_precision";
export const baseField = (field: string) => (field.endsWith(PRECISION) ? field.slice(0, -PRECISION.length) : field);

/** The values recorded by the steps before `seq` (a deletion leaves the values the record had). */
export function valuesBefore(trail: readonly TrailStep[], seq: number): Values {
  const values: Values = {};
  for (const step of trail) {
    if (step.seq >= seq) break;
    for (const [field, [before, after]] of Object.entries(step.fields)) values[field] = step.action === "delete" ? before : after;
  }
  return values;
}

/** A change-set's lines, one per field; `earlier` are the values recorded before it, for unchanged precisions. */
export function changeLines(fields: FieldChanges, earlier: Values, isPartialDate: (field: string) => boolean): ChangeLine[] {
  const names = [...new Set(Object.keys(fields).map((f) => (isPartialDate(baseField(f)) ? baseField(f) : f)))];
  return names.map((field) => {
    const [before, after] = fields[field] ?? [earlier[field] ?? null, earlier[field] ?? null];
    if (!isPartialDate(field)) return { field, before, after, precision: null };
    const stored = (earlier[field + PRECISION] ?? null) as DatePrecision | null;
    const [precisionBefore, precisionAfter] = (fields[field + PRECISION] ?? [stored, stored]) as [DatePrecision | null, DatePrecision | null];
    return { field, before, after, precision: { before: precisionBefore, after: precisionAfter } };
  });
}

/** Keeps the lines a filter asks for: a record's own, a field's or a record kind's. */
export function narrow(entry: HistoryEntry, filter: HistoryFilter): HistoryEntry {
  const { field, record } = filter;
  const fields = record ? [] : field ? entry.fields.filter((l) => l.field === field) : entry.fields;
  const records = entry.records
    .filter((r) => !record || r.uid === record)
    .flatMap((r) => {
      if (!field || r.entity === field) return [r];
      const lines = r.lines.filter((l) => l.field === field);
      return lines.length > 0 ? [{ ...r, lines }] : [];
    });
  return { ...entry, fields, records };
}

/** The lines of an audit entry; `projectEarlier` and `recordEarlier(uid)` give the values recorded before it. */
export function historyEntry(
  entry: AuditEntry,
  projectEarlier: Values,
  recordEarlier: (uid: string) => Values,
  isPartialDate: (field: string) => boolean,
): HistoryEntry {
  return {
    seq: entry.seq,
    recordedAt: entry.recordedAt,
    actor: entry.actor,
    action: entry.action,
    projectVersion: entry.projectVersion,
    fields: changeLines(entry.changes.fields, projectEarlier, isPartialDate),
    records: (entry.changes.records ?? []).map((r) => ({
      entity: r.entity,
      uid: r.uid,
      action: r.action,
      lines: changeLines(r.fields, recordEarlier(r.uid), isPartialDate),
    })),
  };
}
