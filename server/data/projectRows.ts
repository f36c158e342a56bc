/**
 * Row ↔ domain mapping for projects and everything inside them. The same
 * functions feed inserts and change detection, so "unchanged" means exactly
 * "writing it again would store the same values".
 */
import { firstDay, fromStorage, type DatePrecision, type PartialDate } from "../domain/dates.js";
import type {
  Deliverable,
  Indicator,
  Milestone,
  Notice,
  Procurement,
  ProjectEvent,
  ProjectRecord,
} from "../domain/project.js";

export type Row = Record<string, unknown>;

/** Columns of one partial date: `start_date` and `start_date_precision`. */
function dateColumns(column: string, date: PartialDate | null): Row {
  return { [column]: date ? firstDay(date) : null, [`${column}_precision`]: date?.precision ?? null };
}

export function readDate(row: Row, column: string): PartialDate | null {
  const day = row[column] as string | null;
  return day === null ? null : fromStorage(day, row[`${column}_precision`] as DatePrecision);
}

const dateColumnNames = (...columns: string[]) => columns.flatMap((c) => [c, `${c}_precision`]);

/** Ids the project row points at, resolved by the caller. */
export interface ProjectRefs {
  callId: number | null;
  beneficiaryId: number;
}

export const PROJECT_COLUMNS = [
  "identifier", "call_id", "title", "short_title", "summary", "status", "beneficiary_id",
  "settlement", "county", "region", "total_cost", "grant_amount", "own_contribution",
  ...dateColumnNames("decision_date", "start_date", "planned_end_date", "actual_end_date"),
] as const;

export function projectRow(record: ProjectRecord, refs: ProjectRefs): Row {
  return {
    identifier: record.identifier,
    call_id: refs.callId,
    title: record.title,
    short_title: record.shortTitle,
    summary: record.summary,
    status: record.status,
    beneficiary_id: refs.beneficiaryId,
    settlement: record.location.settlement,
    county: record.location.county,
    region: record.location.region,
    total_cost: record.funding.totalCost,
    grant_amount: record.funding.grant,
    own_contribution: record.funding.ownContribution,
    ...dateColumns("decision_date", record.dates.decision),
    ...dateColumns("start_date", record.dates.start),
    ...dateColumns("planned_end_date", record.dates.plannedEnd),
    ...dateColumns("actual_end_date", record.dates.actualEnd),
  };
}

interface ChildTable<T> {
  columns: readonly string[];
  toRow(item: T): Row;
  fromRow(row: Row): T;
}

const milestones: ChildTable<Milestone> = {
  columns: ["title", ...dateColumnNames("due_date", "achieved_date")],
  toRow: (m) => ({ title: m.title, ...dateColumns("due_date", m.dueDate), ...dateColumns("achieved_date", m.achievedDate) }),
  fromRow: (r) => ({
    title: r.title as string,
    dueDate: readDate(r, "due_date"),
    achievedDate: readDate(r, "achieved_date"),
  }),
};

const deliverables: ChildTable<Deliverable> = {
  columns: ["title", "kind", "is_public", ...dateColumnNames("due_date", "delivered_date")],
  toRow: (d) => ({
    title: d.title,
    kind: d.kind,
    is_public: d.public,
    ...dateColumns("due_date", d.dueDate),
    ...dateColumns("delivered_date", d.deliveredDate),
  }),
  fromRow: (r) => ({
    title: r.title as string,
    kind: r.kind as Deliverable["kind"],
    dueDate: readDate(r, "due_date"),
    deliveredDate: readDate(r, "delivered_date"),
    public: r.is_public as boolean,
  }),
};

const events: ChildTable<ProjectEvent> = {
  columns: ["title", "kind", "place", "participants", "occurrences", "international", ...dateColumnNames("event_date", "end_date")],
  toRow: (e) => ({
    title: e.title,
    kind: e.kind,
    place: e.place,
    participants: e.participants,
    occurrences: e.count,
    international: e.international,
    ...dateColumns("event_date", e.date),
    ...dateColumns("end_date", e.endDate),
  }),
  fromRow: (r) => ({
    title: r.title as string,
    kind: r.kind as ProjectEvent["kind"],
    date: readDate(r, "event_date"),
    endDate: readDate(r, "end_date"),
    place: r.place as string | null,
    participants: r.participants as number | null,
    count: r.occurrences as number,
    international: r.international as boolean,
  }),
};

const procurements: ChildTable<Procurement> = {
  columns: ["subject", "contractor", "method", "amount", ...dateColumnNames("contract_date")],
  toRow: (p) => ({
    subject: p.subject,
    contractor: p.contractor,
    method: p.method,
    amount: p.amount,
    ...dateColumns("contract_date", p.contractDate),
  }),
  fromRow: (r) => ({
    subject: r.subject as string,
    contractor: r.contractor as string | null,
    method: r.method as Procurement["method"],
    amount: r.amount as number | null,
    contractDate: readDate(r, "contract_date"),
  }),
};

const indicators: ChildTable<Indicator> = {
  columns: ["name", "unit", "baseline", "target", "achieved"],
  toRow: (i) => ({ name: i.name, unit: i.unit, baseline: i.baseline, target: i.target, achieved: i.achieved }),
  fromRow: (r) => ({
    name: r.name as string,
    unit: r.unit as string,
    baseline: r.baseline as number | null,
    target: r.target as number | null,
    achieved: r.achieved as number | null,
  }),
};

const notices: ChildTable<Notice> = {
  columns: ["kind", "title", "body", "status", "published_at"],
  toRow: (n) => ({
    kind: n.kind,
    title: n.title,
    body: n.body,
    status: n.publishedAt ? "published" : "draft",
    published_at: n.publishedAt,
  }),
  fromRow: (r) => ({
    kind: r.kind as Notice["kind"],
    title: r.title as string,
    body: r.body as string,
    publishedAt: r.published_at ? new Date(r.published_at as string | Date).toISOString() : null,
  }),
};

/** Tables holding a project's activities, keyed by the record field they come from. */
export const CHILD_TABLES = { milestones, deliverables, events, procurements, indicators, notices } as const;
export type ChildField = keyof typeof CHILD_TABLES;
export const CHILD_FIELDS = Object.keys(CHILD_TABLES) as ChildField[];

/** Rows of every child table for one project, each with its position. */
export function childRows(record: ProjectRecord): Record<ChildField, Row[]> {
  const rows = {} as Record<ChildField, Row[]>;
  for (const field of CHILD_FIELDS) {
    const table = CHILD_TABLES[field] as ChildTable<unknown>;
    rows[field] = (record[field] as unknown[]).map((item, position) => ({ position, ...table.toRow(item) }));
  }
  return rows;
}

export function childFromRow<F extends ChildField>(field: F, row: Row): ProjectRecord[F][number] {
  return (CHILD_TABLES[field] as ChildTable<ProjectRecord[F][number]>).fromRow(row);
}
