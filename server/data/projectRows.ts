/**
 * Row ↔ domain mapping for projects and every record under them. The same
 * functions feed writes and change detection, so "unchanged" means exactly
 * "writing it again would store the same values".
 */
import { firstDay, fromStorage, type DatePrecision, type PartialDate } from "../domain/dates.js";
import { hungarianSortKey } from "../domain/hungarianSort.js";
import { foldForSearch } from "../domain/searchText.js";
import type {
  Deliverable,
  ExternalKey,
  FundingAmendment,
  Indicator,
  Link,
  Milestone,
  Notice,
  Obligation,
  Organisation,
  Partner,
  Procurement,
  ProjectEvent,
  ProjectRecord,
  RecordList,
  StatusChange,
} from "../domain/project.js";

export type Row = Record<string, unknown>;

/** Columns of one partial date: `start_date` and `start_date_precision`. */
function dateColumns(column: string, date: PartialDate | null): Row {
  return { [column]: date ? firstDay(date) : null, [`${column}_precision`]: date?.precision ?? null };
}

export function readDate(row: Row, column: string): PartialDate | null {
  const day = row[column] as string | null;
  return day === null || day === undefined ? null : fromStorage(day, row[`${column}_precision`] as DatePrecision);
}

/** A `date` column that always holds a whole day. */
const dayColumn = (date: PartialDate | null) => (date ? firstDay(date) : null);
const readDay = (row: Row, column: string): PartialDate | null => {
  const day = row[column] as string | null;
  return day ? fromStorage(day, "day") : null;
};

const dateColumnNames = (...columns: string[]) => columns.flatMap((c) => [c, `${c}_precision`]);

/** How rows refer to organisations: ids resolved by the writer, details looked up by the reader. */
export interface OrganisationIds {
  idOf(organisation: Organisation): number;
}
export interface OrganisationDetails {
  byId(id: number): Organisation;
}

/** Ids the project row points at, resolved by the caller. */
export interface ProjectRefs {
  callId: number | null;
  beneficiaryId: number;
}

export const PROJECT_COLUMNS = [
  "identifier", "call_id", "title", "short_title", "summary", "internal_notes", "status", "closure_reason", "published_from",
  "beneficiary_id", "settlement", "county", "region", "country", "location_indicator", "specific_objective",
  "intervention_type", "contracted_total_cost", "contracted_grant", "contracted_own_contribution", "total_cost",
  "grant_amount", "own_contribution", "grant_paid", "eu_cofinancing_rate", "funding_explanation", "contact_name",
  "contact_position", "contact_email", "contact_phone",
  ...dateColumnNames("decision_date", "start_date", "planned_end_date", "actual_end_date", "sustainability_end_date"),
  "title_sort_key", "title_search",
] as const;

/** Columns computed from the title for ordering and search: stored with it, never audited on their own. */
export const DERIVED_PROJECT_COLUMNS: ReadonlySet<string> = new Set(["title_sort_key", "title_search"]);

/** What a change to the row means to its audit trail: the row without its derived columns. */
export const auditedProjectColumns = (row: Row): Row =>
  Object.fromEntries(Object.entries(row).filter(([column]) => !DERIVED_PROJECT_COLUMNS.has(column)));

/** The derived columns of a title. */
export const titleKeys = (title: string) => ({ title_sort_key: hungarianSortKey(title), title_search: foldForSearch(title) });

/** The project's own row; `inForce` are the figures after amendments, kept on the row for fast lists. */
export function projectRow(
  record: ProjectRecord,
  refs: ProjectRefs,
  inForce: { totalCost: number | null; grant: number | null; ownContribution: number | null },
): Row {
  return {
    identifier: record.identifier,
    call_id: refs.callId,
    title: record.title,
    ...titleKeys(record.title),
    short_title: record.shortTitle,
    summary: record.summary,
    internal_notes: record.internalNotes,
    status: record.status,
    closure_reason: record.closureReason,
    published_from: dayColumn(record.publishedFrom),
    beneficiary_id: refs.beneficiaryId,
    settlement: record.location.settlement,
    county: record.location.county,
    region: record.location.region,
    country: record.location.country,
    location_indicator: record.location.indicator,
    specific_objective: record.specificObjective,
    intervention_type: record.interventionType,
    contracted_total_cost: record.funding.totalCost,
    contracted_grant: record.funding.grant,
    contracted_own_contribution: record.funding.ownContribution,
    total_cost: inForce.totalCost,
    grant_amount: inForce.grant,
    own_contribution: inForce.ownContribution,
    grant_paid: record.funding.grantPaid,
    eu_cofinancing_rate: record.funding.euCofinancingRate,
    funding_explanation: record.funding.explanation,
    contact_name: record.contact.name,
    contact_position: record.contact.position,
    contact_email: record.contact.email,
    contact_phone: record.contact.phone,
    ...dateColumns("decision_date", record.dates.decision),
    ...dateColumns("start_date", record.dates.start),
    ...dateColumns("planned_end_date", record.dates.plannedEnd),
    ...dateColumns("actual_end_date", record.dates.actualEnd),
    ...dateColumns("sustainability_end_date", record.dates.sustainabilityEnd),
  };
}

/** The project's own fields of a record, read back from its row (lists are filled in by the reader). */
export function projectFieldsFromRow(row: Row) {
  return {
    uid: row.uid as string,
    identifier: row.identifier as string | null,
    title: row.title as string,
    shortTitle: row.short_title as string | null,
    summary: row.summary as string | null,
    internalNotes: row.internal_notes as string | null,
    status: row.status as ProjectRecord["status"],
    closureReason: row.closure_reason as string | null,
    publishedFrom: readDay(row, "published_from"),
    location: {
      settlement: row.settlement as string | null,
      county: row.county as string | null,
      region: row.region as string | null,
      country: row.country as string,
      indicator: row.location_indicator as string | null,
    },
    specificObjective: row.specific_objective as string | null,
    interventionType: row.intervention_type as string | null,
    funding: {
      totalCost: row.contracted_total_cost as number | null,
      grant: row.contracted_grant as number | null,
      ownContribution: row.contracted_own_contribution as number | null,
      grantPaid: row.grant_paid as number | null,
      euCofinancingRate: row.eu_cofinancing_rate as number | null,
      explanation: row.funding_explanation as string | null,
    },
    inForce: {
      totalCost: row.total_cost as number | null,
      grant: row.grant_amount as number | null,
      ownContribution: row.own_contribution as number | null,
    },
    contact: {
      name: row.contact_name as string | null,
      position: row.contact_position as string | null,
      email: row.contact_email as string | null,
      phone: row.contact_phone as string | null,
    },
    dates: projectDates(row),
  };
}

/** What a project's record is made of besides its own row. */
export interface RecordParts {
  /** Each list's rows, in order. */
  lists: (list: RecordList) => readonly Row[];
  organisations: OrganisationDetails;
  beneficiary: Organisation;
  call: ProjectRecord["call"];
  externalKeys: ExternalKey[];
  funds: string[];
}

/**
 * A project's record from its rows, as stored: what a reader loads, and what the writer counts a new
 * project's findings on before storing it (so that both see the same record). `inForce`: the figures in force.
 */
export function recordFromRows(row: Row, parts: RecordParts) {
  const { inForce, ...fields } = projectFieldsFromRow(row);
  const listOf = <L extends RecordList>(list: L) =>
    parts.lists(list).map((r) => RECORD_TABLES[list].fromRow(r, parts.organisations)) as ProjectRecord[L];
  const record: ProjectRecord & { uid: string } = {
    ...fields,
    call: parts.call,
    externalKeys: parts.externalKeys,
    funds: parts.funds,
    beneficiary: parts.beneficiary,
    partners: listOf("partners"),
    amendments: listOf("amendments"),
    milestones: listOf("milestones"),
    deliverables: listOf("deliverables"),
    events: listOf("events"),
    procurements: listOf("procurements"),
    indicators: listOf("indicators"),
    notices: listOf("notices"),
    obligations: listOf("obligations"),
    statusChanges: listOf("statusChanges"),
  };
  return { record, inForce };
}

export function projectDates(row: Row): ProjectRecord["dates"] {
  return {
    decision: readDate(row, "decision_date"),
    start: readDate(row, "start_date"),
    plannedEnd: readDate(row, "planned_end_date"),
    actualEnd: readDate(row, "actual_end_date"),
    sustainabilityEnd: readDate(row, "sustainability_end_date"),
  };
}

/** A table of records under a project, keyed by the record list it stores. */
export interface RecordTable<T> {
  table: string;
  /** Name of one record in the audit trail. */
  entity: string;
  /** Data columns: what a write stores and change detection compares (besides position). */
  columns: readonly string[];
  /** What identifies a record within its project when it comes without a uid. */
  naturalKey(row: Row): string;
  toRow(item: T, organisations: OrganisationIds): Row;
  fromRow(row: Row, organisations: OrganisationDetails): T;
}

const identity = (row: Row) => ({ uid: row.uid as string, version: row.version as number });
const linksOf = (value: unknown): Link[] => (value as Link[] | null) ?? [];
const key = (...parts: unknown[]) => JSON.stringify(parts);

const partners: RecordTable<Partner> = {
  table: "project_partners",
  entity: "partner",
  columns: ["organisation_id", "role", "grant_share"],
  naturalKey: (r) => key(r.organisation_id),
  toRow: (p, orgs) => ({ organisation_id: orgs.idOf(p.organisation), role: p.role, grant_share: p.grantShare }),
  fromRow: (r, orgs) => ({
    ...identity(r),
    organisation: orgs.byId(r.organisation_id as number),
    role: r.role as Partner["role"],
    grantShare: r.grant_share as number | null,
  }),
};

const amendments: RecordTable<FundingAmendment> = {
  table: "funding_amendments",
  entity: "funding_amendment",
  columns: ["effective_date", "reference", "reason", "total_cost", "grant_amount", "own_contribution", "partner_shares"],
  naturalKey: (r) => key(r.reference),
  toRow: (a, orgs) => ({
    effective_date: firstDay(a.effectiveDate),
    reference: a.reference,
    reason: a.reason,
    total_cost: a.totalCost,
    grant_amount: a.grant,
    own_contribution: a.ownContribution,
    partner_shares: a.partnerShares.map((s) => ({ organisationId: orgs.idOf(s.organisation), grantShare: s.grantShare })),
  }),
  fromRow: (r, orgs) => ({
    ...identity(r),
    effectiveDate: readDay(r, "effective_date")!,
    reference: r.reference as string,
    reason: r.reason as string | null,
    totalCost: r.total_cost as number | null,
    grant: r.grant_amount as number | null,
    ownContribution: r.own_contribution as number | null,
    partnerShares: (r.partner_shares as Array<{ organisationId: number; grantShare: number }>).map((s) => ({
      organisation: orgs.byId(s.organisationId),
      grantShare: s.grantShare,
    })),
  }),
};

const milestones: RecordTable<Milestone> = {
  table: "milestones",
  entity: "milestone",
  columns: ["title", ...dateColumnNames("due_date", "achieved_date")],
  naturalKey: (r) => key(r.title),
  toRow: (m) => ({ title: m.title, ...dateColumns("due_date", m.dueDate), ...dateColumns("achieved_date", m.achievedDate) }),
  fromRow: (r) => ({
    ...identity(r),
    title: r.title as string,
    dueDate: readDate(r, "due_date"),
    achievedDate: readDate(r, "achieved_date"),
  }),
};

const deliverables: RecordTable<Deliverable> = {
  table: "deliverables",
  entity: "deliverable",
  columns: ["title", "kind", "is_public", "not_delivered_reason", "links", ...dateColumnNames("due_date", "delivered_date")],
  naturalKey: (r) => key(r.title, r.kind),
  toRow: (d) => ({
    title: d.title,
    kind: d.kind,
    is_public: d.public,
    not_delivered_reason: d.notDeliveredReason,
    links: d.links,
    ...dateColumns("due_date", d.dueDate),
    ...dateColumns("delivered_date", d.deliveredDate),
  }),
  fromRow: (r) => ({
    ...identity(r),
    title: r.title as string,
    kind: r.kind as Deliverable["kind"],
    dueDate: readDate(r, "due_date"),
    deliveredDate: readDate(r, "delivered_date"),
    notDeliveredReason: r.not_delivered_reason as string | null,
    public: r.is_public as boolean,
    links: linksOf(r.links),
  }),
};

const events: RecordTable<ProjectEvent> = {
  table: "events",
  entity: "event",
  columns: [
    "title", "kind", "place", "participants", "occurrences", "held", "international",
    ...dateColumnNames("event_date", "end_date"),
  ],
  naturalKey: (r) => key(r.title, r.kind, r.event_date),
  toRow: (e) => ({
    title: e.title,
    kind: e.kind,
    place: e.place,
    participants: e.participants,
    occurrences: e.count,
    held: e.held,
    international: e.international,
    ...dateColumns("event_date", e.date),
    ...dateColumns("end_date", e.endDate),
  }),
  fromRow: (r) => ({
    ...identity(r),
    title: r.title as string,
    kind: r.kind as ProjectEvent["kind"],
    date: readDate(r, "event_date"),
    endDate: readDate(r, "end_date"),
    place: r.place as string | null,
    participants: r.participants as number | null,
    count: r.occurrences as number,
    held: r.held as number | null,
    international: r.international as boolean,
  }),
};

const procurements: RecordTable<Procurement> = {
  table: "procurements",
  entity: "procurement",
  columns: ["subject", "contractor_id", "method", "amount", ...dateColumnNames("contract_date")],
  naturalKey: (r) => key(r.subject),
  toRow: (p, orgs) => ({
    subject: p.subject,
    contractor_id: p.contractor ? orgs.idOf(p.contractor) : null,
    method: p.method,
    amount: p.amount,
    ...dateColumns("contract_date", p.contractDate),
  }),
  fromRow: (r, orgs) => ({
    ...identity(r),
    subject: r.subject as string,
    contractor: r.contractor_id === null ? null : orgs.byId(r.contractor_id as number),
    method: r.method as Procurement["method"],
    amount: r.amount as number | null,
    contractDate: readDate(r, "contract_date"),
  }),
};

const indicators: RecordTable<Indicator> = {
  table: "indicators",
  entity: "indicator",
  columns: ["name", "unit", "baseline", "target", "achieved"],
  naturalKey: (r) => key(r.name),
  toRow: (i) => ({ name: i.name, unit: i.unit, baseline: i.baseline, target: i.target, achieved: i.achieved }),
  fromRow: (r) => ({
    ...identity(r),
    name: r.name as string,
    unit: r.unit as string,
    baseline: r.baseline as number | null,
    target: r.target as number | null,
    achieved: r.achieved as number | null,
  }),
};

/** The stored state of a notice, kept for queries; it follows from whether the notice has a publication moment. */
export const NOTICE_STATES = ["draft", "published"] as const;

const notices: RecordTable<Notice> = {
  table: "notices",
  entity: "notice",
  columns: ["kind", "title", "body", "status", "published_at", "links"],
  naturalKey: (r) => key(r.kind, r.title),
  toRow: (n) => ({
    kind: n.kind,
    title: n.title,
    body: n.body,
    status: n.publishedAt ? NOTICE_STATES[1] : NOTICE_STATES[0],
    published_at: n.publishedAt,
    links: n.links,
  }),
  fromRow: (r) => ({
    ...identity(r),
    kind: r.kind as Notice["kind"],
    title: r.title as string,
    body: r.body as string,
    publishedAt: r.published_at ? new Date(r.published_at as string | Date).toISOString() : null,
    links: linksOf(r.links),
  }),
};

const obligations: RecordTable<Obligation> = {
  table: "obligations",
  entity: "obligation",
  columns: ["kind", "title", ...dateColumnNames("due_date", "done_date")],
  naturalKey: (r) => key(r.kind, r.title, r.due_date),
  toRow: (o) => ({ kind: o.kind, title: o.title, ...dateColumns("due_date", o.dueDate), ...dateColumns("done_date", o.doneDate) }),
  fromRow: (r) => ({
    ...identity(r),
    kind: r.kind as Obligation["kind"],
    title: r.title as string | null,
    dueDate: readDate(r, "due_date")!,
    doneDate: readDate(r, "done_date"),
  }),
};

const statusChanges: RecordTable<StatusChange> = {
  table: "status_changes",
  entity: "status_change",
  columns: ["status", ...dateColumnNames("changed_on")],
  naturalKey: (r) => key(r.status, r.changed_on),
  toRow: (s) => ({ status: s.status, ...dateColumns("changed_on", s.date) }),
  fromRow: (r) => ({ ...identity(r), status: r.status as StatusChange["status"], date: readDate(r, "changed_on")! }),
};

/** Every table of records under a project, keyed by the record list it stores. */
export const RECORD_TABLES: { [L in RecordList]: RecordTable<ProjectRecord[L][number]> } = {
  partners,
  amendments,
  milestones,
  deliverables,
  events,
  procurements,
  indicators,
  notices,
  obligations,
  statusChanges,
};
