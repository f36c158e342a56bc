import type { Knex } from "knex";
import type {
  Page,
  Partner,
  ProjectFilter,
  ProjectRecord,
  ProjectStatus,
  ProjectSummary,
  StoredProject,
} from "../domain/project.js";
import { TAX_NUMBER } from "../domain/taxNumbers.js";
import { guarded } from "./dbErrors.js";
import { organisationFromRow } from "./organisationsRepository.js";
import {
  CHILD_FIELDS,
  CHILD_TABLES,
  childFromRow,
  childRows,
  projectRow,
  PROJECT_COLUMNS,
  readDate,
  type ChildField,
  type ProjectRefs,
  type Row,
} from "./projectRows.js";

/** Large IN lists are split so that no statement nears PostgreSQL's parameter limit. */
const ID_CHUNK = 1000;

export interface PartnerRef {
  organisationId: number;
  role: Partner["role"];
  grantShare: number | null;
}

/** Everything a project write stores, as rows; compared to decide "unchanged". */
export interface ProjectRows {
  project: Row;
  partners: Row[];
  children: Record<ChildField, Row[]>;
}

export function rowsFor(record: ProjectRecord, refs: ProjectRefs, partners: PartnerRef[]): ProjectRows {
  return {
    project: projectRow(record, refs),
    partners: partners.map((p, position) => ({
      position,
      organisation_id: p.organisationId,
      role: p.role,
      grant_share: p.grantShare,
    })),
    children: childRows(record),
  };
}

/** The project stored under this identifier, or (without one) under this call and title. */
export async function findProjectId(
  db: Knex,
  key: { identifier: string | null; callId: number | null; title: string },
): Promise<number | undefined> {
  const query = key.identifier
    ? db("projects").where({ identifier: key.identifier })
    : db("projects").whereNull("identifier").where({ call_id: key.callId, title: key.title });
  const row = await query.first("id");
  return row?.id as number | undefined;
}

async function insertDependents(db: Knex, projectId: number, rows: ProjectRows): Promise<void> {
  if (rows.partners.length > 0) {
    await db("project_partners").insert(rows.partners.map((r) => ({ ...r, project_id: projectId })));
  }
  for (const field of CHILD_FIELDS) {
    const childRowsOfField = rows.children[field];
    if (childRowsOfField.length > 0) {
      await db(field).insert(childRowsOfField.map((r) => ({ ...r, project_id: projectId })));
    }
  }
}

export async function insertProject(db: Knex, rows: ProjectRows): Promise<number> {
  return guarded(async () => {
    const [row] = await db("projects").insert(rows.project).returning("id");
    const id = row.id as number;
    await insertDependents(db, id, rows);
    return id;
  });
}

/** Inserts many new projects with one statement per table (bulk loading). */
export async function insertProjects(db: Knex, all: ProjectRows[]): Promise<number[]> {
  return guarded(async () => {
    if (all.length === 0) return [];
    const ids = (await db("projects").insert(all.map((r) => r.project)).returning("id")).map((r) => r.id as number);
    const withIds = <T extends Row>(pick: (rows: ProjectRows) => T[]) =>
      all.flatMap((rows, index) => pick(rows).map((r) => ({ ...r, project_id: ids[index] })));
    const partners = withIds((r) => r.partners);
    if (partners.length > 0) await db.batchInsert("project_partners", partners, 500).transacting(db as Knex.Transaction);
    for (const field of CHILD_FIELDS) {
      const rows = withIds((r) => r.children[field]);
      if (rows.length > 0) await db.batchInsert(field, rows, 500).transacting(db as Knex.Transaction);
    }
    return ids;
  });
}

/** Replaces a project's row and everything in it. */
export async function replaceProject(db: Knex, id: number, rows: ProjectRows): Promise<void> {
  await guarded(async () => {
    await db("projects")
      .where({ id })
      .update({ ...rows.project, updated_at: db.fn.now() });
    await db("project_partners").where({ project_id: id }).del();
    for (const field of CHILD_FIELDS) await db(field).where({ project_id: id }).del();
    await insertDependents(db, id, rows);
  });
}

/** What is stored for a project, in the shape `rowsFor` produces. */
export async function storedRows(db: Knex, id: number): Promise<ProjectRows> {
  const project = await db("projects").where({ id }).first(PROJECT_COLUMNS);
  const partners = await db("project_partners")
    .where({ project_id: id })
    .orderBy("position")
    .select("position", "organisation_id", "role", "grant_share");
  const children = {} as Record<ChildField, Row[]>;
  for (const field of CHILD_FIELDS) {
    children[field] = await db(field)
      .where({ project_id: id })
      .orderBy("position")
      .select("position", ...CHILD_TABLES[field].columns);
  }
  return { project, partners, children };
}

function chunks<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

function groupByProject(rows: Row[]): Map<number, Row[]> {
  const groups = new Map<number, Row[]>();
  for (const row of rows) {
    const id = row.project_id as number;
    const group = groups.get(id);
    if (group) group.push(row);
    else groups.set(id, [row]);
  }
  return groups;
}

function projectDates(row: Row): ProjectRecord["dates"] {
  return {
    decision: readDate(row, "decision_date"),
    start: readDate(row, "start_date"),
    plannedEnd: readDate(row, "planned_end_date"),
    actualEnd: readDate(row, "actual_end_date"),
  };
}

const ORG_COLUMNS = ["name", "tax_number", "address", "phone", "email", "website"];

/** Full records of the given projects, in the order of `ids`. */
export async function loadProjects(db: Knex, ids: number[]): Promise<StoredProject[]> {
  const byId = new Map<number, StoredProject>();
  for (const chunk of chunks(ids, ID_CHUNK)) {
    const projects = await db("projects as p")
      .leftJoin("calls as c", "c.id", "p.call_id")
      .leftJoin("programmes as pr", "pr.id", "c.programme_id")
      .join("organisations as o", "o.id", "p.beneficiary_id")
      .whereIn("p.id", chunk)
      .select(
        "p.*",
        "c.code as call_code",
        "c.title as call_title",
        "c.regular as call_regular",
        "pr.code as programme_code",
        "pr.name as programme_name",
        "pr.period as programme_period",
        ...ORG_COLUMNS.map((c) => `o.${c} as beneficiary_${c}`),
      );
    const partners = groupByProject(
      await db("project_partners as pp")
        .join("organisations as o", "o.id", "pp.organisation_id")
        .whereIn("pp.project_id", chunk)
        .orderBy(["pp.project_id", "pp.position"])
        .select("pp.project_id", "pp.role", "pp.grant_share", ...ORG_COLUMNS.map((c) => `o.${c}`)),
    );
    const children = new Map<ChildField, Map<number, Row[]>>();
    for (const field of CHILD_FIELDS) {
      children.set(
        field,
        groupByProject(await db(field).whereIn("project_id", chunk).orderBy(["project_id", "position"]).select("*")),
      );
    }
    for (const row of projects) {
      const id = row.id as number;
      const childrenOf = <F extends ChildField>(field: F) =>
        (children.get(field)?.get(id) ?? []).map((r) => childFromRow(field, r));
      const record: ProjectRecord = {
        identifier: row.identifier,
        call: row.call_code ? { code: row.call_code, title: row.call_title } : null,
        title: row.title,
        shortTitle: row.short_title,
        summary: row.summary,
        status: row.status as ProjectStatus,
        beneficiary: organisationFromRow(row, "beneficiary_"),
        partners: (partners.get(id) ?? []).map((p) => ({
          organisation: organisationFromRow(p),
          role: p.role as Partner["role"],
          grantShare: p.grant_share as number | null,
        })),
        location: { settlement: row.settlement, county: row.county, region: row.region },
        funding: { totalCost: row.total_cost, grant: row.grant_amount, ownContribution: row.own_contribution },
        dates: projectDates(row),
        milestones: childrenOf("milestones"),
        deliverables: childrenOf("deliverables"),
        events: childrenOf("events"),
        procurements: childrenOf("procurements"),
        indicators: childrenOf("indicators"),
        notices: childrenOf("notices"),
      };
      byId.set(id, {
        id,
        record,
        programme: row.programme_code
          ? { code: row.programme_code, name: row.programme_name, period: row.programme_period }
          : null,
        callRegular: row.call_regular ?? true,
        updatedAt: new Date(row.updated_at).toISOString(),
      });
    }
  }
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** The project a public key names: its identifier (as stored) or its numeric id. */
export async function findIdByKey(db: Knex, key: { identifier?: string; id?: number }): Promise<number | undefined> {
  const query = key.identifier !== undefined ? db("projects").where({ identifier: key.identifier }) : db("projects").where({ id: key.id });
  const row = await query.first("id");
  return row?.id as number | undefined;
}

/** A stable order that survives export and re-import: by identifier, then call code and title. */
function naturalOrder(query: Knex.QueryBuilder): Knex.QueryBuilder {
  return query.orderByRaw('p.identifier collate "C" nulls last, c.code collate "C", p.title collate "C", p.id');
}

function filtered(db: Knex, filter: ProjectFilter): Knex.QueryBuilder {
  const query = db("projects as p")
    .leftJoin("calls as c", "c.id", "p.call_id")
    .leftJoin("programmes as pr", "pr.id", "c.programme_id")
    .join("organisations as o", "o.id", "p.beneficiary_id");
  if (filter.programme) query.where("pr.code", filter.programme);
  if (filter.status) query.where("p.status", filter.status);
  if (filter.beneficiary) {
    if (TAX_NUMBER.test(filter.beneficiary)) query.where("o.tax_number", filter.beneficiary);
    else query.whereRaw("o.name ilike ? escape '\\'", [`%${filter.beneficiary.replace(/[\\%_]/g, "\\$&")}%`]);
  }
  return query;
}

export async function listProjects(
  db: Knex,
  filter: ProjectFilter,
  page: Page,
): Promise<{ total: number; items: ProjectSummary[] }> {
  const [counted] = await filtered(db, filter).count<{ total: number }[]>({ total: "*" });
  const rows = await naturalOrder(filtered(db, filter))
    .limit(page.limit)
    .offset(page.offset)
    .select(
      "p.*",
      "c.code as call_code",
      "c.title as call_title",
      "pr.code as programme_code",
      "pr.name as programme_name",
      "pr.period as programme_period",
      "o.name as beneficiary_name",
    );
  const items: ProjectSummary[] = rows.map((row: Row) => ({
    id: row.id as number,
    identifier: row.identifier as string | null,
    title: row.title as string,
    shortTitle: row.short_title as string | null,
    status: row.status as ProjectStatus,
    call: row.call_code ? { code: row.call_code as string, title: row.call_title as string | null } : null,
    programme: row.programme_code
      ? { code: row.programme_code as string, name: row.programme_name as string, period: row.programme_period as string }
      : null,
    beneficiaryName: row.beneficiary_name as string,
    location: {
      settlement: row.settlement as string | null,
      county: row.county as string | null,
      region: row.region as string | null,
    },
    funding: {
      totalCost: row.total_cost as number | null,
      grant: row.grant_amount as number | null,
      ownContribution: row.own_contribution as number | null,
    },
    dates: projectDates(row),
  }));
  return { total: Number(counted?.total ?? 0), items };
}

/** Ids of every project in the natural order, for export. */
export async function allProjectIds(db: Knex): Promise<number[]> {
  const rows = await naturalOrder(filtered(db, {})).select("p.id");
  return rows.map((r: Row) => r.id as number);
}
