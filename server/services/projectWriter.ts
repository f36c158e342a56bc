/**
 * The one write path. Every write of projects — the project-file import, the
 * bulk loader, and the forms and API that come next — goes through
 * `writeProjects`: it takes the acting user (or a named system actor such as
 * `import:<file>`), applies the rules, resolves organisations and calls,
 * matches each project to what is stored (uid, identifier, external key, else
 * call + beneficiary + title), checks the version the writer based its change
 * on, changes only the rows that changed, in place, and records every change
 * in the audit trail, all in the caller's transaction.
 */
import { randomUUID } from "node:crypto";
import type { Knex } from "knex";
import { ClosureRefusedError, ConflictError, ForbiddenError, ValidationError } from "../errors.js";
import { closureChecklist, unmetItems } from "../domain/closure.js";
import { forbiddenField, hasRole, may, recordChangeSubject, rolesAllowedToChange, type Actor } from "../domain/permissions.js";
import { fieldLabel, roleNames } from "../presenters/labels.js";
import { itemSummary } from "../presenters/closurePresenter.js";
import { changedFields, type FieldChanges, type RecordChange } from "../domain/audit.js";
import { fromStorage, type PartialDate } from "../domain/dates.js";
import { figuresInForce, partnersInForce, type FiguresInForce } from "../domain/funding.js";
import { findingsOf, type FindingSource } from "../domain/findings.js";
import { touchesReviewedFigures } from "../domain/review.js";
import type { CallCode } from "../domain/identifiers.js";
import type { DescribedProgramme } from "../domain/programmes.js";
import {
  RECORD_LISTS,
  type FundingAmendment,
  type Organisation,
  type ProjectRecord,
  type RecordList,
  type ValueList,
} from "../domain/project.js";
import { slugBase } from "../domain/slugs.js";
import { projectEntriesAfterVersion, type AuditBuffer } from "../data/auditRepository.js";
import {
  auditedProjectColumns,
  projectRow,
  RECORD_TABLES,
  recordFromRows,
  type OrganisationDetails,
  type OrganisationIds,
  type Row,
} from "../data/projectRows.js";
import { findProjects, loadForWrite, organisationLabels, setDerivedColumns, type StoredForWrite } from "../data/projectWrites.js";
import { lockKeys } from "../data/locks.js";
import { countFindings } from "../data/findingCounts.js";
import { setSlugs } from "../data/projectSlugs.js";
import { resolveOrganisations } from "./organisationResolver.js";
import { applyLocated, type PlannedProject } from "./projectApply.js";
import { creationKeys, matchProjects } from "./projectMatching.js";
import { auditViewOf, ensureCalls, mentionsOf, resolveFunds, type Fund } from "./writeReferences.js";
import { auditFields, planList, type AuditView, type ListPlan } from "./recordPlan.js";

/**
 * A project as a writer gives it. A list left out (undefined) changes nothing;
 * an empty list deletes the project's records. `publishedFrom` left out keeps
 * the stored publication, and publishes a new project from today.
 */
export type ProjectInputRecord = Omit<ProjectRecord, RecordList | ValueList | "publishedFrom"> &
  Partial<Pick<ProjectRecord, RecordList | ValueList>> & { publishedFrom?: PartialDate | null };

export interface ProjectInput {
  record: ProjectInputRecord;
  call: CallCode;
  /** Where the project came from, for error messages: `projects[3]`. */
  path: string;
  /** The project version the change is based on; a different stored version is a conflict. */
  expectedVersion?: number;
  /** How a published list describes the call's programme, for one the tables do not know yet. */
  programme?: DescribedProgramme;
}

export interface WriteSummary {
  created: number;
  updated: number;
  unchanged: number;
  /** New projects published on the day of the write because their input said nothing about publication. */
  publishedOnWrite: number;
  organisations: { created: number; updated: number };
  calls: { created: number; updated: number };
  /** Uid of each input's project, in input order. */
  projectUids: string[];
}

export interface WriteContext {
  trx: Knex.Transaction;
  audit: AuditBuffer;
  /** Who writes: every change is checked against their rights and recorded under their label. */
  actor: Actor;
  /** The calendar day of the write in Budapest: the date of publication and status changes it makes. */
  today: PartialDate;
  /**
   * Whether closing a project needs its closure checklist to pass ("checklist": the forms and the API; an
   * admin may close anyway with a written reason), or is taken as given ("historic": imports of projects
   * closed long ago, whose unmet items show as findings).
   */
  closing: "checklist" | "historic";
}

/** Stored amendments as far as the figures in force need them. */
function storedAmendments(stored: StoredForWrite): FundingAmendment[] {
  return stored.records.amendments.map(({ uid, row }) => ({
    uid,
    effectiveDate: fromStorage(row.effective_date as string, "day"),
    reference: row.reference as string,
    reason: null,
    totalCost: row.total_cost as number | null,
    grant: row.grant_amount as number | null,
    ownContribution: row.own_contribution as number | null,
    partnerShares: [],
  }));
}

const NO_ORGANISATIONS = {
  byId(): Organisation {
    throw new Error("Status changes refer to no organisation");
  },
};

function sameList(a: readonly unknown[], b: readonly unknown[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Writes in slices, so that a big write's lookups and inserts stay batched but bounded. */
const SLICE = 500;

/**
 * Writes the projects in the caller's transaction. What this write may create is locked first, once,
 * before anything else: two writers creating the same organisation or unidentified project at once
 * settle on one, and since every writer takes its locks in one ordered step before any row lock, no
 * two writers can wait on each other in a circle.
 */
export async function writeProjects(context: WriteContext, inputs: readonly ProjectInput[]): Promise<WriteSummary> {
  await lockKeys(context.trx, await creationKeys(context.trx, inputs));
  const total: WriteSummary = {
    created: 0,
    updated: 0,
    unchanged: 0,
    publishedOnWrite: 0,
    organisations: { created: 0, updated: 0 },
    calls: { created: 0, updated: 0 },
    projectUids: [],
  };
  for (let i = 0; i < inputs.length; i += SLICE) {
    const slice = await writeSlice(context, inputs.slice(i, i + SLICE));
    total.created += slice.created;
    total.updated += slice.updated;
    total.unchanged += slice.unchanged;
    total.publishedOnWrite += slice.publishedOnWrite;
    total.organisations.created += slice.organisations.created;
    total.organisations.updated += slice.organisations.updated;
    total.calls.created += slice.calls.created;
    total.calls.updated += slice.calls.updated;
    total.projectUids.push(...slice.projectUids);
  }
  return total;
}

async function writeSlice(context: WriteContext, inputs: readonly ProjectInput[]): Promise<WriteSummary> {
  const { trx, audit, actor } = context;
  const organisations = await resolveOrganisations(trx, inputs.flatMap(mentionsOf), audit, actor.label);
  const summary: WriteSummary = {
    created: 0,
    updated: 0,
    unchanged: 0,
    publishedOnWrite: 0,
    organisations: { created: organisations.created, updated: organisations.updated },
    calls: { created: 0, updated: 0 },
    projectUids: [],
  };

  const calls = await ensureCalls(context, inputs, summary.calls);
  if (summary.organisations.created + summary.organisations.updated + summary.calls.created + summary.calls.updated > 0) {
    if (!may(actor, "edit_references")) throw forbidden(inputs[0]!.path, "organisation");
  }
  const fundsOf = await resolveFunds(trx, inputs);
  const lookups = inputs.map(({ record, call }) => ({
    uid: record.uid,
    identifier: record.identifier,
    externalKeys: record.externalKeys ?? [],
    callId: calls.get(call.code)!.id,
    beneficiaryId: organisations.idOf(record.beneficiary),
    title: record.title,
  }));
  const matchedIds = matchProjects(inputs, lookups, await findProjects(trx, lookups));
  const stored = await loadForWrite(trx, matchedIds.filter((id): id is number => id !== undefined));

  const labels = new Map(organisations.labels);
  const referenced = [...stored.values()].flatMap(referencedOrganisations).filter((id) => !labels.has(id));
  for (const [id, label] of await organisationLabels(trx, referenced)) labels.set(id, label);
  const callCodes = new Map<number, string>([...calls.values()].map((c) => [c.id, c.code]));
  for (const s of stored.values()) if (s.row.call_id !== null && s.callCode) callCodes.set(s.row.call_id as number, s.callCode);
  const auditView = auditViewOf(labels, callCodes);

  const planned: PlannedProject[] = [];
  const errors: ValidationError[] = [];
  for (const [index, input] of inputs.entries()) {
    const id = matchedIds[index];
    const storedProject = id === undefined ? undefined : stored.get(id)!;
    try {
      planned.push(
        await planProject(context, input, storedProject, {
          organisations,
          auditView,
          refs: { callId: lookups[index]!.callId, beneficiaryId: lookups[index]!.beneficiaryId },
          callRegular: calls.get(input.call.code)!.regular,
          fundsOf,
        }),
      );
    } catch (error) {
      if (Array.isArray(error)) errors.push(...(error as ValidationError[]));
      else throw error;
    }
  }
  if (errors.length > 0) throw errors;

  const { projectIds, slugs } = await applyLocated(trx, planned);
  // New projects were written with their counts; stored ones are recounted on what they are now.
  const changedIds = planned.filter((p) => p.entry && p.stored).map((p) => projectIds.get(p)!);
  const counts = await countFindings(trx, changedIds);
  await setDerivedColumns(
    trx,
    changedIds.map((id) => ({ id, findingCount: counts.get(id)!, slug: slugs.get(id) ?? null })),
  );
  const counted = new Set(changedIds);
  await setSlugs(trx, [...slugs].filter(([id]) => !counted.has(id)).map(([id, slug]) => ({ id, slug })));
  for (const p of planned) {
    summary.projectUids.push(p.uid);
    if (!p.entry) {
      summary.unchanged++;
      continue;
    }
    await audit.add(p.entry);
    if (p.stored) summary.updated++;
    else {
      summary.created++;
      if (p.input.record.publishedFrom === undefined) summary.publishedOnWrite++;
    }
  }
  return summary;

  function referencedOrganisations(s: StoredForWrite): number[] {
    return [
      s.row.beneficiary_id as number,
      ...s.records.partners.map((r) => r.row.organisation_id as number),
      ...s.records.procurements.flatMap((r) => (r.row.contractor_id === null ? [] : [r.row.contractor_id as number])),
      ...s.records.amendments.flatMap((r) => (r.row.partner_shares as Array<{ organisationId: number }>).map((x) => x.organisationId)),
    ];
  }
}

/** The columns a slug is made from: a change to any of them may change the project's address. */
const SLUG_SOURCES = ["identifier", "call_id", "title"];

interface PlanHelpers {
  organisations: OrganisationIds & OrganisationDetails;
  auditView: AuditView;
  refs: { callId: number | null; beneficiaryId: number };
  callRegular: boolean;
  fundsOf: (given: string[]) => Fund[];
}

async function planProject(
  context: WriteContext,
  input: ProjectInput,
  stored: StoredForWrite | undefined,
  helpers: PlanHelpers,
): Promise<PlannedProject> {
  const { record, path } = input;
  if (input.expectedVersion !== undefined && stored?.version !== input.expectedVersion) {
    throw await conflict(context.trx, input, stored);
  }
  const publishedFrom =
    record.publishedFrom !== undefined
      ? record.publishedFrom
      : stored
        ? stored.row.published_from === null
          ? null
          : fromStorage(stored.row.published_from as string, "day")
        : context.today;
  const amendments = record.amendments ?? (stored ? storedAmendments(stored) : []);
  const lists = { ...record } as Partial<Pick<ProjectRecord, RecordList>>;
  const statusChanged = stored ? stored.row.status !== record.status : false;
  if (statusChanged && record.statusChanges === undefined && stored) {
    // A status change the writer did not date itself happens today.
    lists.statusChanges = [
      ...stored.records.statusChanges.map((s) =>
        RECORD_TABLES.statusChanges.fromRow({ ...s.row, uid: s.uid, version: s.version }, NO_ORGANISATIONS),
      ),
      { uid: null, status: record.status, date: context.today },
    ];
  }
  const figures = figuresInForce(record.funding, amendments);
  const row = projectRow({ ...record, publishedFrom } as ProjectRecord, helpers.refs, figures);
  const funds = record.funds === undefined ? undefined : helpers.fundsOf(record.funds);
  const fundCodesGiven = funds?.map((f) => f.code);

  const listPlans: Partial<Record<RecordList, ListPlan>> = {};
  const recordChanges: RecordChange[] = [];
  const errors: ValidationError[] = [];
  for (const list of RECORD_LISTS) {
    const items = lists[list];
    if (items === undefined) continue;
    try {
      const plan = planList(
        RECORD_TABLES[list] as never,
        stored?.records[list] ?? [],
        (items as Array<{ uid: string | null }>).map((item, i) => ({ item, path: `${path}.${list}[${i}]` })) as never,
        helpers.organisations,
        helpers.auditView,
        `${path}.${list}`,
      );
      listPlans[list] = plan;
      recordChanges.push(...plan.changes);
    } catch (error) {
      if (Array.isArray(error)) errors.push(...(error as ValidationError[]));
      else throw error;
    }
  }
  if (errors.length > 0) throw errors;

  const audited = auditedProjectColumns(row);
  const fields: FieldChanges = stored
    ? auditFields(changedFields(auditedProjectColumns(stored.row), audited), helpers.auditView, stored.row, row)
    : changedFields(null, helpers.auditView(audited));
  const externalKeys = record.externalKeys;
  if (externalKeys !== undefined && !sameList(externalKeys, stored?.externalKeys ?? [])) {
    fields.externalKeys = [
      stored ? stored.externalKeys.map((k) => `${k.source}:${k.key}`) : null,
      externalKeys.map((k) => `${k.source}:${k.key}`),
    ];
  }
  if (fundCodesGiven !== undefined && !sameList(fundCodesGiven, stored?.funds ?? [])) {
    fields.funds = [stored ? stored.funds : null, fundCodesGiven];
  }
  const scheduledNotices = new Set(stored?.records.notices.filter((n) => n.row.published_at !== null).map((n) => n.uid));
  const changedEntities = recordChanges.map((r) => recordChangeSubject(r, scheduledNotices.has(r.uid)));
  if (!stored) {
    if (!may(context.actor, "create_project")) {
      throw new ForbiddenError(`${path}: új projektet csak ${roleNames(["admin", "project_manager"])} vehet fel`);
    }
    // A new project's fields are all new; what needs a right beyond creating it is publishing (an
    // unpublished draft, publishedFrom null, needs none).
    const field = forbiddenField(context.actor, record.publishedFrom ? ["published_from"] : [], changedEntities);
    if (field !== null) throw forbidden(path, field);
  }
  if (stored && (Object.keys(fields).length > 0 || changedEntities.length > 0)) {
    if (!may(context.actor, "edit_project", stored.id)) {
      throw new ForbiddenError(`${path}: ezt a projektet nem módosíthatja (nincs hozzá rendelve, vagy a szerepköre nem engedi)`);
    }
    const field = forbiddenField(context.actor, Object.keys(fields), changedEntities);
    if (field !== null) throw forbidden(path, field);
  }
  if (context.closing === "checklist" && record.status === "closed" && stored?.row.status !== "closed") {
    checkClosure(context.actor, { ...lists, publishedFrom, figures, record }, stored, "closure_reason" in fields);
  }
  const rowChanges = stored ? Object.fromEntries(Object.keys(changedFields(stored.row, row)).map((c) => [c, row[c]])) : row;
  const changed = !stored || Object.keys(fields).length > 0 || recordChanges.length > 0;
  const namedAnew = !stored || SLUG_SOURCES.some((column) => column in rowChanges);
  const uid = stored?.uid ?? record.uid ?? randomUUID();
  const version = stored ? stored.version + (changed ? 1 : 0) : 1;
  // Kept here, where every write passes, so that a review goes out of date whichever way the figures changed.
  if (stored && touchesReviewedFigures({ fields, records: recordChanges })) rowChanges.figures_version = version;
  return {
    input,
    stored,
    uid,
    version,
    row,
    rowChanges,
    lists: listPlans,
    externalKeys: externalKeys !== undefined && fields.externalKeys ? externalKeys : undefined,
    fundIds: funds !== undefined && fields.funds ? funds.map((f) => f.id) : undefined,
    slugBase: namedAnew ? slugBase({ identifier: record.identifier, callCode: input.call.code, title: record.title }) : null,
    findingCount: stored ? null : findingsOf(newProjectAsStored(input, { ...row, uid }, listPlans, helpers)).length,
    entry: changed
      ? {
          actor: context.actor.label,
          action: stored ? "update" : "create",
          entity: "project",
          entityKey: uid,
          projectUid: uid,
          projectVersion: version,
          changes: { fields, records: recordChanges },
        }
      : null,
  };
}

/**
 * A new project as it will be stored, read back from the rows about to be written the way a reader reads
 * them (data/projectRows.ts `recordFromRows`), so that its findings are counted on what is stored.
 */
function newProjectAsStored(input: ProjectInput, row: Row, lists: Partial<Record<RecordList, ListPlan>>, helpers: PlanHelpers): FindingSource {
  const { record, inForce } = recordFromRows(row, {
    lists: (list) => lists[list]?.inserts ?? [],
    organisations: helpers.organisations,
    beneficiary: helpers.organisations.byId(helpers.refs.beneficiaryId),
    call: { code: input.call.code, title: null },
    externalKeys: input.record.externalKeys ?? [],
    funds: helpers.fundsOf(input.record.funds ?? []).map((f) => f.code),
  });
  return {
    record,
    currentFunding: inForce,
    partnersInForce: partnersInForce(record.partners, record.amendments),
    callRegular: helpers.callRegular,
  };
}

/** The lists the checklist reads, as the write leaves them: given, else as stored. */
function listAfterWrite<L extends "deliverables" | "events" | "indicators" | "notices">(
  list: L,
  given: Partial<Pick<ProjectRecord, RecordList>>,
  stored: StoredForWrite | undefined,
): ProjectRecord[L] {
  return (
    given[list] ??
    (stored?.records[list] ?? []).map((s) => RECORD_TABLES[list].fromRow({ ...s.row, uid: s.uid, version: s.version }, NO_ORGANISATIONS))
  ) as ProjectRecord[L];
}

/**
 * Closing a project needs its closure checklist to pass as the write leaves it; an admin may close it
 * anyway by writing the reason in this very write, so that its audit entry holds it.
 */
function checkClosure(
  actor: Actor,
  after: Partial<Pick<ProjectRecord, RecordList>> & { publishedFrom: PartialDate | null; figures: FiguresInForce; record: ProjectInputRecord },
  stored: StoredForWrite | undefined,
  reasonWritten: boolean,
): void {
  const { record } = after;
  const checklist = closureChecklist(
    {
      ...record,
      deliverables: listAfterWrite("deliverables", after, stored),
      events: listAfterWrite("events", after, stored),
      indicators: listAfterWrite("indicators", after, stored),
      notices: listAfterWrite("notices", after, stored),
      publishedFrom: after.publishedFrom,
    },
    after.figures,
    new Date(),
  );
  if (checklist.passed) return;
  const admin = hasRole(actor, ["admin"]);
  if (admin && reasonWritten && record.closureReason?.trim()) return;
  const unmet = unmetItems(checklist);
  throw new ClosureRefusedError(
    [
      ...unmet.map((item) => new ValidationError(`a projekt nem zárható le, mert egy zárási feltétel nem teljesül – ${itemSummary(item)}`, "status")),
      admin
        ? new ValidationError("a zárási feltételek hiányában is lezárhatja, ha itt leírja, miért", "closureReason")
        : new ValidationError("a zárási feltételek hiányában csak adminisztrátor zárhatja le a projektet, írásos indoklással", "status"),
    ],
    unmet.map((item) => item.code),
  );
}

function forbidden(path: string, field: string): ForbiddenError {
  return new ForbiddenError(
    `${path}: a(z) „${fieldLabel(field)}” módosításához ${roleNames(rolesAllowedToChange(field))} szerepkör kell`,
    field,
  );
}

async function conflict(trx: Knex, input: ProjectInput, stored: StoredForWrite | undefined): Promise<Error> {
  if (!stored) return new ConflictError(`${input.path}: a projekt nem létezik (törölték, vagy még nem jött létre)`, []);
  const entries = await projectEntriesAfterVersion(trx, stored.uid, input.expectedVersion!);
  const changes = entries.map((e) => ({
    version: e.projectVersion,
    actor: e.actor,
    recordedAt: e.recordedAt,
    fields: [
      ...Object.keys(e.changes.fields),
      ...(e.changes.records ?? []).map((r) => `${r.entity} ${r.action}: ${Object.keys(r.fields).join(", ")}`),
    ],
  }));
  const what = changes.map((c) => `${c.version}. változat (${c.actor}, ${c.recordedAt}): ${c.fields.join("; ")}`).join(" | ");
  return new ConflictError(
    `${input.path}: a projektet közben módosították: a(z) ${input.expectedVersion}. változatra épülő módosítás helyett már a(z) ${stored.version}. változat az érvényes. Azóta: ${what || "—"}`,
    changes,
  );
}

