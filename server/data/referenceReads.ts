/** Reads of organisations, programmes and calls for their pages: searched lists, one record, who uses it. */
import type { Knex } from "knex";
import type { Organisation, Page } from "../domain/project.js";
import { TAX_NUMBER } from "../domain/taxNumbers.js";
import { organisationFromRow } from "./organisationsRepository.js";
import { containing } from "./projectReads.js";

/** Projects shown on a reference's page; a larger count is told, not listed. */
export const PROJECTS_SHOWN = 200;

export interface Identity {
  id: number;
  uid: string;
  version: number;
}

export type StoredOrganisationRecord = Identity & Organisation;

export interface StoredProgramme extends Identity {
  code: string;
  name: string;
  period: string;
  instrument: string;
  /** False for a programme an import created from a list's own columns, until an admin confirms it. */
  confirmed: boolean;
  /** The period and instrument as their tables name them. */
  periodName: string;
  instrumentName: string;
}

export interface StoredCall extends Identity {
  code: string;
  title: string | null;
  regular: boolean;
  programme: { id: number; code: string; name: string } | null;
}

export interface ProjectUse {
  id: number;
  identifier: string | null;
  title: string;
  /** How an organisation takes part: beneficiary, partner, contractor; empty for calls and programmes. */
  roles: string[];
}

export interface Listed<T> {
  total: number;
  items: T[];
}

/** The page of a query, with the count of all its rows. */
async function paged<T>(query: Knex.QueryBuilder, order: string[], page: Page, toItem: (row: Record<string, unknown>) => T): Promise<Listed<T>> {
  const [counted] = await query.clone().clearSelect().count<{ total: number }[]>({ total: "*" });
  const rows = await query.orderBy(order).limit(page.limit).offset(page.offset);
  return { total: Number(counted?.total ?? 0), items: rows.map(toItem) };
}

const identity = (row: Record<string, unknown>): Identity => ({
  id: row.id as number,
  uid: row.uid as string,
  version: row.version as number,
});

const organisationOf = (row: Record<string, unknown>): StoredOrganisationRecord => ({ ...identity(row), ...organisationFromRow(row) });

const programmeOf = (row: Record<string, unknown>): StoredProgramme => ({
  ...identity(row),
  code: row.code as string,
  name: row.name as string,
  period: row.period as string,
  instrument: row.instrument as string,
  confirmed: row.confirmed as boolean,
  periodName: row.period_name as string,
  instrumentName: row.instrument_name as string,
});

const programmesQuery = (db: Knex) =>
  db("programmes as pr")
    .join("periods as pe", "pe.code", "pr.period")
    .join("instruments as i", "i.code", "pr.instrument")
    .select("pr.*", "pe.name as period_name", "i.name as instrument_name");

const callOf = (row: Record<string, unknown>): StoredCall => ({
  ...identity(row),
  code: row.code as string,
  title: row.title as string | null,
  regular: row.regular as boolean,
  programme:
    row.programme_id === null
      ? null
      : { id: row.programme_id as number, code: row.programme_code as string, name: row.programme_name as string },
});

const callsQuery = (db: Knex) =>
  db("calls as c").leftJoin("programmes as pr", "pr.id", "c.programme_id").select("c.*", "pr.code as programme_code", "pr.name as programme_name");

/** Organisations whose name contains the search text, or whose tax number it is. */
export function searchOrganisations(db: Knex, search: string | null, page: Page): Promise<Listed<StoredOrganisationRecord>> {
  const query = db("organisations").select("*");
  if (search) {
    if (TAX_NUMBER.test(search)) query.where("tax_number", search);
    else query.whereRaw(...containing("name", search));
  }
  return paged(query, ["name", "id"], page, organisationOf);
}

export function searchProgrammes(db: Knex, search: string | null, page: Page): Promise<Listed<StoredProgramme>> {
  const query = programmesQuery(db);
  if (search) query.where((q) => q.whereRaw(...containing("pr.code", search)).orWhereRaw(...containing("pr.name", search)));
  return paged(query, ["pr.period", "pr.code", "pr.id"], page, programmeOf);
}

export function searchCalls(db: Knex, search: string | null, page: Page): Promise<Listed<StoredCall>> {
  const query = callsQuery(db);
  if (search) query.where((q) => q.whereRaw(...containing("c.code", search)).orWhereRaw(...containing("c.title", search)));
  return paged(query, ["c.code", "c.id"], page, callOf);
}

/** One record by id, locked for the rest of the transaction when it is about to be changed. */
export async function organisationById(db: Knex, id: number, forUpdate = false): Promise<StoredOrganisationRecord | undefined> {
  const query = db("organisations").where({ id }).first("*");
  const row = await (forUpdate ? query.forUpdate() : query);
  return row ? organisationOf(row) : undefined;
}

export async function programmeById(db: Knex, id: number, forUpdate = false): Promise<StoredProgramme | undefined> {
  const query = programmesQuery(db).where("pr.id", id).first();
  const row = await (forUpdate ? query.forUpdate("pr") : query);
  return row ? programmeOf(row) : undefined;
}

export async function callById(db: Knex, id: number, forUpdate = false): Promise<StoredCall | undefined> {
  const query = callsQuery(db).where("c.id", id).first();
  const row = await (forUpdate ? query.forUpdate("c") : query);
  return row ? callOf(row) : undefined;
}

export async function programmeIdByCode(db: Knex, code: string): Promise<number | undefined> {
  const row = await db("programmes").where({ code }).first("id");
  return row?.id as number | undefined;
}

/** What a programme form offers: the periods and instruments tables. */
export async function programmeChoices(db: Knex): Promise<{ periods: Choice[]; instruments: Choice[] }> {
  return {
    periods: await db("periods").orderBy("code").select("code", "name"),
    instruments: await db("instruments").orderBy("code").select("code", "name"),
  };
}

export interface Choice {
  code: string;
  name: string;
}

export async function programmeList(db: Knex): Promise<Choice[]> {
  return db("programmes").orderBy(["period", "code"]).select("code", "name");
}

export async function isPeriod(db: Knex, code: string): Promise<boolean> {
  return (await db("periods").where({ code }).first("code")) !== undefined;
}

export async function isInstrument(db: Knex, code: string): Promise<boolean> {
  return (await db("instruments").where({ code }).first("code")) !== undefined;
}

function projectUses(rows: Array<Record<string, unknown>>): ProjectUse[] {
  const byId = new Map<number, ProjectUse>();
  for (const row of rows) {
    const id = row.id as number;
    const use = byId.get(id) ?? { id, identifier: row.identifier as string | null, title: row.title as string, roles: [] };
    if (row.role) use.roles.push(row.role as string);
    byId.set(id, use);
  }
  return [...byId.values()];
}

const projectOrder = (prefix: string) =>
  `${prefix}identifier collate "C" nulls last, ${prefix}title collate "C", ${prefix}id`;

/** The projects an organisation takes part in: as beneficiary, consortium partner or contractor. */
export async function projectsOfOrganisation(db: Knex, organisationId: number): Promise<Listed<ProjectUse>> {
  const uses = db
    .select("p.id", "p.identifier", "p.title", db.raw("'beneficiary' as role"))
    .from("projects as p")
    .where("p.beneficiary_id", organisationId)
    .unionAll((q) =>
      q
        .select("p.id", "p.identifier", "p.title", db.raw("'partner' as role"))
        .from("project_partners as pp")
        .join("projects as p", "p.id", "pp.project_id")
        .where("pp.organisation_id", organisationId),
    )
    .unionAll((q) =>
      q
        .select("p.id", "p.identifier", "p.title", db.raw("'contractor' as role"))
        .from("procurements as pc")
        .join("projects as p", "p.id", "pc.project_id")
        .where("pc.contractor_id", organisationId),
    );
  // An organisation takes part in at most a few thousand projects: grouping them here is cheap.
  const all = projectUses(await db.from(uses.as("u")).orderByRaw(`${projectOrder("")}, role`).select("*"));
  return { total: all.length, items: all.slice(0, PROJECTS_SHOWN) };
}

async function projectsWhere(db: Knex, where: (q: Knex.QueryBuilder) => void): Promise<Listed<ProjectUse>> {
  const query = db("projects as p").join("calls as c", "c.id", "p.call_id").modify(where);
  const [counted] = await query.clone().count<{ total: number }[]>({ total: "*" });
  const rows = await query.orderByRaw(projectOrder("p.")).limit(PROJECTS_SHOWN).select("p.id", "p.identifier", "p.title");
  return { total: Number(counted?.total ?? 0), items: projectUses(rows) };
}

export function projectsOfCall(db: Knex, callId: number): Promise<Listed<ProjectUse>> {
  return projectsWhere(db, (q) => q.where("c.id", callId));
}

export function projectsOfProgramme(db: Knex, programmeId: number): Promise<Listed<ProjectUse>> {
  return projectsWhere(db, (q) => q.where("c.programme_id", programmeId));
}

export async function callsOfProgramme(db: Knex, programmeId: number): Promise<StoredCall[]> {
  return (await callsQuery(db).where("c.programme_id", programmeId).orderBy("c.code")).map(callOf);
}

/** Identifiers of the call's projects that do not start with `code`: a new code must not contradict them. */
export async function identifiersOutsideCode(db: Knex, callId: number, code: string): Promise<string[]> {
  const rows = await db("projects")
    .where({ call_id: callId })
    .whereNotNull("identifier")
    .whereRaw("left(identifier, ?) <> ?", [code.length + 1, `${code}-`])
    .orderBy("identifier")
    .limit(3)
    .pluck("identifier");
  return rows as string[];
}

/** The names of funds by code ("ESZA" → "Európai Szociális Alap"). */
export async function fundNames(db: Knex, codes: readonly string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await db("funds").whereIn("code", [...codes]).select("code", "name");
  return new Map(rows.map((r: { code: string; name: string }) => [r.code, r.name]));
}
