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
import { ConflictError, ConstraintError, ValidationError } from "../errors.js";
import { changedFields, type FieldChanges, type PendingEntry, type RecordChange } from "../domain/audit.js";
import { fromStorage, type PartialDate } from "../domain/dates.js";
import { figuresInForce } from "../domain/funding.js";
import type { CallCode } from "../domain/identifiers.js";
import { stripAccents } from "../domain/programmes.js";
import {
  RECORD_LISTS,
  type ExternalKey,
  type FundingAmendment,
  type Organisation,
  type ProjectRecord,
  type RecordList,
  type ValueList,
} from "../domain/project.js";
import { projectEntriesAfterVersion, type AuditBuffer } from "../data/auditRepository.js";
import { findByTaxNumbersOrNames } from "../data/organisationsRepository.js";
import { ensureCall, type EnsuredCall } from "../data/referenceRepository.js";
import { projectRow, RECORD_TABLES, type OrganisationIds, type Row } from "../data/projectRows.js";
import {
  callBeneficiaryTitle,
  deleteRecordRows,
  externalKeyText,
  findProjects,
  insertProjectRows,
  insertRecordRows,
  loadForWrite,
  organisationLabels,
  replaceExternalKeys,
  replaceFunds,
  updateProjectRow,
  updateRecordRow,
  type StoredForWrite,
} from "../data/projectWrites.js";
import { lockKeys } from "../data/locks.js";
import { resolveOrganisations, type Mention } from "./organisationResolver.js";
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
  actor: string;
  /** The calendar day of the write in Budapest: the date of publication and status changes it makes. */
  today: PartialDate;
}

function mentionsOf({ record, path }: ProjectInput): Mention[] {
  return [
    { organisation: record.beneficiary, path: `${path}.beneficiary` },
    ...(record.partners ?? []).map((p, i) => ({ organisation: p.organisation, path: `${path}.partners[${i}]` })),
    ...(record.procurements ?? []).flatMap((p, i) =>
      p.contractor ? [{ organisation: p.contractor, path: `${path}.procurements[${i}].contractor` }] : [],
    ),
    ...(record.amendments ?? []).flatMap((a, i) =>
      a.partnerShares.map((s, j) => ({ organisation: s.organisation, path: `${path}.amendments[${i}].partnerShares[${j}]` })),
    ),
  ];
}

const fold = (text: string) => stripAccents(text).toLowerCase().replace(/\s+/g, " ").trim();

interface Fund {
  id: number;
  code: string;
}

/** Reads the funds table once; returns how to turn the funds a project gives (codes or names) into funds. */
async function resolveFunds(trx: Knex, inputs: readonly ProjectInput[]): Promise<(given: string[]) => Fund[]> {
  const rows: Array<Fund & { name: string }> = await trx("funds").orderBy("code").select("id", "code", "name");
  const byWord = new Map<string, Fund>();
  for (const r of rows) {
    byWord.set(fold(r.code), r);
    byWord.set(fold(r.name), r);
  }
  const errors: ValidationError[] = [];
  for (const input of inputs) {
    (input.record.funds ?? []).forEach((word, i) => {
      if (!byWord.has(fold(word))) {
        const known = rows.map((r) => `${r.code} (${r.name})`).join(", ");
        errors.push(new ValidationError(`ismeretlen alap: "${word}"; ismert alapok: ${known}`, `${input.path}.funds[${i}]`));
      }
    });
  }
  if (errors.length > 0) throw errors;
  return (given) => [...new Map(given.map((word) => byWord.get(fold(word))!).map((f) => [f.id, f])).values()];
}

/** Which stored project each input means, or undefined for a new one. */
function matchProjects(
  inputs: readonly ProjectInput[],
  lookups: Array<{ callId: number | null; beneficiaryId: number }>,
  matches: Awaited<ReturnType<typeof findProjects>>,
): Array<number | undefined> {
  const errors: ValidationError[] = [];
  const claimedBy = new Map<number, string>();
  const result = inputs.map(({ record, path }, index) => {
    const found: Array<[string, number]> = [];
    if (record.uid) {
      const id = matches.byUid.get(record.uid);
      if (id !== undefined) found.push(["uid", id]);
    }
    if (record.identifier) {
      const id = matches.byIdentifier.get(record.identifier);
      if (id !== undefined) found.push(["identifier", id]);
    }
    for (const key of record.externalKeys ?? []) {
      const id = matches.byExternalKey.get(externalKeyText(key));
      if (id !== undefined) found.push([`externalKeys (${key.source}: ${key.key})`, id]);
    }
    let id = found[0]?.[1];
    const other = found.find(([, candidate]) => candidate !== id);
    if (other) {
      errors.push(new ValidationError(`a(z) ${found[0]![0]} és a(z) ${other[0]} két különböző tárolt projektre mutat`, path));
      return undefined;
    }
    // A project stored without an identifier may be given one now: found by call + beneficiary + title.
    if (id === undefined) {
      const { callId, beneficiaryId } = lookups[index]!;
      const candidates = matches.byCallBeneficiaryTitle.get(callBeneficiaryTitle(callId, beneficiaryId, record.title)) ?? [];
      if (candidates.length > 1) {
        errors.push(
          new ValidationError(
            `${candidates.length} tárolt projektnek ugyanez a felhívása, kedvezményezettje és címe: adjon meg azonosítót (identifier) vagy külső kulcsot (externalKeys)`,
            path,
          ),
        );
        return undefined;
      }
      id = candidates[0];
    }
    if (id !== undefined) {
      const earlier = claimedBy.get(id);
      if (earlier) errors.push(new ValidationError(`ugyanazt a tárolt projektet jelenti, mint ${earlier}`, path));
      claimedBy.set(id, path);
    }
    return id;
  });
  if (errors.length > 0) throw errors;
  return result;
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

interface PlannedProject {
  input: ProjectInput;
  stored: StoredForWrite | undefined;
  uid: string;
  version: number;
  row: Row;
  /** Columns of the project row to update (all of `row` for a new project). */
  rowChanges: Row;
  lists: Partial<Record<RecordList, ListPlan>>;
  externalKeys: ExternalKey[] | undefined;
  fundIds: number[] | undefined;
  entry: PendingEntry | null;
}

/** Finds or creates the call of every input (recording what it creates or renames); by code. */
async function ensureCalls(
  { trx, audit, actor }: WriteContext,
  inputs: readonly ProjectInput[],
  counts: WriteSummary["calls"],
): Promise<Map<string, EnsuredCall>> {
  // One title per call: two different ones in one write are a contradiction, named at both places.
  const titles = new Map<string, { title: string; path: string }>();
  const errors: ValidationError[] = [];
  for (const { call, record, path } of inputs) {
    const title = record.call?.title;
    if (!title) continue;
    const earlier = titles.get(call.code);
    if (!earlier) titles.set(call.code, { title, path });
    else if (earlier.title !== title) {
      errors.push(
        new ValidationError(`"${title}" ellentmond a(z) ${earlier.path}.call.title értékének ("${earlier.title}") ugyanennél a felhívásnál`, `${path}.call.title`),
      );
    }
  }
  if (errors.length > 0) throw errors;
  const calls = new Map<string, EnsuredCall>();
  for (const { call } of inputs) {
    if (calls.has(call.code)) continue;
    const ensured = await ensureCall(trx, { call, title: titles.get(call.code)?.title ?? null });
    calls.set(call.code, ensured);
    const entry = { actor, entity: "call", entityKey: ensured.uid, projectUid: null, projectVersion: null };
    if (ensured.created) {
      counts.created++;
      const fields = changedFields(null, { code: ensured.code, title: ensured.title, programme: ensured.programmeCode });
      await audit.add({ ...entry, action: "create", changes: { fields } });
    } else if (ensured.previousTitle !== undefined) {
      counts.updated++;
      await audit.add({ ...entry, action: "update", changes: { fields: changedFields({ title: ensured.previousTitle }, { title: ensured.title }) } });
    }
  }
  return calls;
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

/**
 * What a write may create where only a lock can keep two writers from creating it twice: organisations
 * not stored yet (by name, whatever tax number each writer gives), and projects with neither identifier
 * nor external key (the database's unique keys decide for the others).
 */
async function creationKeys(trx: Knex, inputs: readonly ProjectInput[]): Promise<string[]> {
  const organisations = inputs.flatMap(mentionsOf).map((m) => m.organisation);
  const stored = await findByTaxNumbersOrNames(
    trx,
    [...new Set(organisations.flatMap((o) => (o.taxNumber ? [o.taxNumber] : [])))],
    [...new Set(organisations.map((o) => o.name))],
  );
  const storedNames = new Set(stored.map((o) => o.name));
  const storedTaxNumbers = new Set(stored.flatMap((o) => (o.taxNumber ? [o.taxNumber] : [])));
  const newOrganisations = organisations
    .filter((o) => !storedNames.has(o.name) || (o.taxNumber !== null && !storedTaxNumbers.has(o.taxNumber)))
    .map((o) => `organisation:${o.name}`);
  const unidentifiedProjects = inputs
    .filter(({ record }) => !record.identifier && !record.externalKeys?.length)
    .map(({ call, record }) => `project:${JSON.stringify([call.code, record.beneficiary.taxNumber ?? record.beneficiary.name, record.title])}`);
  return [...newOrganisations, ...unidentifiedProjects];
}

async function writeSlice(context: WriteContext, inputs: readonly ProjectInput[]): Promise<WriteSummary> {
  const { trx, audit, actor, today } = context;
  const organisations = await resolveOrganisations(trx, inputs.flatMap(mentionsOf), audit, actor);
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
          fundsOf,
        }),
      );
    } catch (error) {
      if (Array.isArray(error)) errors.push(...(error as ValidationError[]));
      else throw error;
    }
  }
  if (errors.length > 0) throw errors;

  await applyLocated(trx, planned);
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

/** Organisation ids become "Name (tax number)" and the call id its code, as an auditor reads them. */
function auditViewOf(labels: Map<number, string>, callCodes: Map<number, string>): AuditView {
  const organisation = (id: unknown) => (id === null || id === undefined ? null : (labels.get(id as number) ?? `#${id}`));
  return (row) => {
    const view: Row = {};
    for (const [column, value] of Object.entries(row)) {
      if (column === "call_id") view.call = value === null || value === undefined ? null : (callCodes.get(value as number) ?? `#${value}`);
      else if (column === "beneficiary_id") view.beneficiary = organisation(value);
      else if (column === "organisation_id") view.organisation = organisation(value);
      else if (column === "contractor_id") view.contractor = organisation(value);
      else if (column === "partner_shares") {
        view.partner_shares = (value as Array<{ organisationId: number; grantShare: number }> | undefined)?.map((s) => ({
          organisation: organisation(s.organisationId),
          grantShare: s.grantShare,
        }));
      } else view[column] = value;
    }
    return view;
  };
}

interface PlanHelpers {
  organisations: OrganisationIds;
  auditView: AuditView;
  refs: { callId: number | null; beneficiaryId: number };
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
  const row = projectRow({ ...record, publishedFrom } as ProjectRecord, helpers.refs, figuresInForce(record.funding, amendments));
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

  const fields: FieldChanges = stored
    ? auditFields(changedFields(stored.row, row), helpers.auditView, stored.row, row)
    : changedFields(null, helpers.auditView(row));
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
  const rowChanges = stored ? Object.fromEntries(Object.keys(changedFields(stored.row, row)).map((c) => [c, row[c]])) : row;
  const changed = !stored || Object.keys(fields).length > 0 || recordChanges.length > 0;
  const uid = stored?.uid ?? record.uid ?? randomUUID();
  const version = stored ? stored.version + (changed ? 1 : 0) : 1;
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
    entry: changed
      ? {
          actor: context.actor,
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

/** Applies every plan in one go; if the database refuses, applies them one by one to say which project it was. */
async function applyLocated(trx: Knex.Transaction, planned: PlannedProject[]): Promise<void> {
  try {
    await trx.transaction((savepoint) => apply(savepoint, planned));
  } catch (error) {
    if (!(error instanceof ConstraintError) || planned.length === 1) {
      if (error instanceof ConstraintError && planned[0]) throw [new ValidationError(error.message, planned[0].input.path)];
      throw error;
    }
    for (const p of planned) {
      try {
        await trx.transaction((savepoint) => apply(savepoint, [p]));
      } catch (single) {
        if (single instanceof ConstraintError) throw [new ValidationError(single.message, p.input.path)];
        throw single;
      }
    }
    throw error;
  }
}

async function apply(trx: Knex, planned: PlannedProject[]): Promise<void> {
  const fresh = planned.filter((p) => !p.stored);
  const ids = await insertProjectRows(trx, fresh.map((p) => ({ ...p.row, uid: p.uid, version: 1 })));
  const projectIds = new Map<PlannedProject, number>(fresh.map((p, i) => [p, ids[i]!]));
  for (const p of planned) {
    if (p.stored) projectIds.set(p, p.stored.id);
    if (p.stored && p.entry) {
      await updateProjectRow(trx, p.stored.id, p.rowChanges, p.version);
    }
  }
  for (const list of RECORD_LISTS) {
    const deletes = planned.flatMap((p) => p.lists[list]?.deletes ?? []);
    if (deletes.length > 0) await deleteRecordRows(trx, list, deletes);
    for (const p of planned) {
      const updates = p.lists[list]?.updates ?? [];
      // One lead per consortium is checked row by row: the old lead steps down before the new one steps up.
      const ordered = list === "partners" ? [...updates].sort((a, b) => Number(b.changes.role === "member") - Number(a.changes.role === "member")) : updates;
      for (const u of ordered) await updateRecordRow(trx, list, u.id, u.changes, u.version);
    }
    const inserts = planned.flatMap((p) => (p.lists[list]?.inserts ?? []).map((row) => ({ ...row, project_id: projectIds.get(p) })));
    if (inserts.length > 0) await insertRecordRows(trx, list, inserts);
  }
  await replaceExternalKeys(
    trx,
    planned.flatMap((p) => (p.externalKeys === undefined ? [] : [{ projectId: projectIds.get(p)!, stored: !!p.stored, keys: p.externalKeys }])),
  );
  await replaceFunds(
    trx,
    planned.flatMap((p) => (p.fundIds === undefined ? [] : [{ projectId: projectIds.get(p)!, stored: !!p.stored, fundIds: p.fundIds }])),
  );
}

