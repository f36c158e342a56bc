/** Reads of projects: full records, lists with filters, keys. Writes live in projectWrites.ts. */
import type { Knex } from "knex";
import { projectKey } from "../domain/projectKey.js";
import type { Organisation, Page, ProjectFilter, ProjectRecord, ProjectStatus, ProjectSummary, StoredProject } from "../domain/project.js";
import { RECORD_LISTS, type RecordList } from "../domain/project.js";
import { firstDay } from "../domain/dates.js";
import { partnersInForce } from "../domain/funding.js";
import { TAX_NUMBER } from "../domain/taxNumbers.js";
import { foldForSearch } from "../domain/searchText.js";
import { organisationFromRow } from "./organisationsRepository.js";
import { projectDates, projectFieldsFromRow, RECORD_TABLES, type Row } from "./projectRows.js";
import { chunks, groupByProject, valueListsFrom } from "./batches.js";

const ORG_COLUMNS = ["name", "tax_number", "address", "phone", "email", "website"];

const PROJECT_COLUMNS = [
  "p.*",
  "c.code as call_code",
  "c.title as call_title",
  "c.regular as call_regular",
  "pr.code as programme_code",
  "pr.name as programme_name",
  "pr.period as programme_period",
  "pr.instrument as programme_instrument",
  ...ORG_COLUMNS.map((c) => `o.${c} as beneficiary_${c}`),
].join(", ");

/** Rows of `from` as one JSON array (`[]` for none), in `order`; JSON rows carry the driver's types for ours. */
const rowsOf = (from: string, order: string) => `(select coalesce(json_agg(r order by ${order}), '[]') from (${from}) r)`;

/**
 * Everything loadProjects reads about the projects `ids` (an int8[] literal) names, in one statement, so a project
 * page costs one round trip: the projects with their call, programme and beneficiary; each record list; the
 * organisations the records refer to (partners, contractors, partner shares of amendments); external keys and funds.
 */
function projectsStatement(): string {
  const lists = RECORD_LISTS.map(
    (list) => `${rowsOf(`select * from ${RECORD_TABLES[list].table} where project_id = any(ids.a)`, "r.project_id, r.position")} as "${list}"`,
  );
  const referenced = [
    "select organisation_id as id from project_partners where project_id = any(ids.a)",
    "select contractor_id from procurements where project_id = any(ids.a) and contractor_id is not null",
    "select (s ->> 'organisationId')::bigint from funding_amendments a, jsonb_array_elements(a.partner_shares) s where a.project_id = any(ids.a)",
  ].join(" union ");
  return `with ids as (select ?::bigint[] as a)
    select
      ${rowsOf(
        `select ${PROJECT_COLUMNS} from projects p left join calls c on c.id = p.call_id left join programmes pr on pr.id = c.programme_id
          join organisations o on o.id = p.beneficiary_id where p.id = any(ids.a)`,
        "r.id",
      )} as projects,
      ${lists.join(",\n      ")},
      ${rowsOf(`select id, ${ORG_COLUMNS.join(", ")} from organisations where id in (${referenced})`, "r.id")} as organisations,
      ${rowsOf("select project_id, source, key, id from project_external_keys where project_id = any(ids.a)", "r.id")} as external_keys,
      ${rowsOf(
        "select pf.project_id, pf.position, f.code, f.name from project_funds pf join funds f on f.id = pf.fund_id where pf.project_id = any(ids.a)",
        "r.project_id, r.position",
      )} as funds
    from ids`;
}

let statement: string | undefined;

/** Full records of the given projects, in the order of `ids`. */
export async function loadProjects(db: Knex, ids: number[]): Promise<StoredProject[]> {
  const byId = new Map<number, StoredProject>();
  statement ??= projectsStatement();
  for (const chunk of chunks(ids)) {
    const result = await db.raw(statement, [`{${chunk.map((id) => Math.trunc(id)).join(",")}}`]);
    // One row of JSON arrays; knex types raw results loosely, as it does a query builder's rows.
    const found = result.rows[0];
    const projects: typeof found.projects = found.projects;
    const records = {} as Record<RecordList, Map<number, Row[]>>;
    for (const list of RECORD_LISTS) records[list] = groupByProject(found[list] as Array<Row & { project_id: number }>);
    const organisations = new Map((found.organisations as Row[]).map((row) => [row.id as number, organisationFromRow(row)]));
    const byOrganisationId = {
      byId(id: number): Organisation {
        const organisation = organisations.get(id);
        if (!organisation) throw new Error(`Organisation ${id} is referred to but not stored`);
        return organisation;
      },
    };
    const valueLists = valueListsFrom(
      found.external_keys as Array<Row & { project_id: number }>,
      found.funds as Array<Row & { project_id: number }>,
    );
    for (const row of projects) {
      const id = row.id as number;
      const { inForce, ...fields } = projectFieldsFromRow(row);
      const listOf = <L extends RecordList>(list: L) =>
        (records[list].get(id) ?? []).map((r) => RECORD_TABLES[list].fromRow(r, byOrganisationId)) as ProjectRecord[L];
      const record = {
        ...fields,
        call: row.call_code ? { code: row.call_code, title: row.call_title } : null,
        externalKeys: valueLists.externalKeysOf(id),
        funds: valueLists.fundsOf(id),
        beneficiary: organisationFromRow(row, "beneficiary_"),
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
      byId.set(id, {
        id,
        slug: row.slug as string,
        version: row.version as number,
        record,
        currentFunding: inForce,
        partnersInForce: partnersInForce(record.partners, record.amendments),
        programme: row.programme_code
          ? { code: row.programme_code, name: row.programme_name, period: row.programme_period, instrument: row.programme_instrument }
          : null,
        namedFunds: valueLists.namedFundsOf(id),
        callRegular: row.call_regular ?? true,
        createdAt: new Date(row.created_at).toISOString(),
        updatedAt: new Date(row.updated_at).toISOString(),
      });
    }
  }
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** The project a key names: its identifier (as stored) or its numeric id. */
export async function findIdByKey(db: Knex, key: { identifier?: string; id?: number }): Promise<number | undefined> {
  const query = key.identifier !== undefined ? db("projects").where({ identifier: key.identifier }) : db("projects").where({ id: key.id });
  const row = await query.first("id");
  return row?.id as number | undefined;
}

/** What names a project in URLs and version checks, found by its uid. */
export async function projectHead(db: Knex, uid: string): Promise<{ id: number; identifier: string | null; version: number }> {
  const row = await db("projects").where({ uid }).first("id", "identifier", "version");
  if (!row) throw new Error(`Project ${uid} is not stored`);
  return { id: row.id as number, identifier: row.identifier as string | null, version: row.version as number };
}

/** A stable order that survives export and re-import: by identifier, then call code and title. */
function naturalOrder(query: Knex.QueryBuilder): Knex.QueryBuilder {
  return query.orderByRaw('p.identifier collate "C" nulls last, c.code collate "C", p.title collate "C", p.id');
}

/** Hungarian alphabetical order by title (the key sorts byte by byte), with the id as tiebreaker. */
function titleOrder(query: Knex.QueryBuilder): Knex.QueryBuilder {
  return query.orderBy([{ column: "p.title_sort_key" }, { column: "p.id" }]);
}

/** A LIKE pattern matching `text` anywhere; `%` and `_` in the text are matched as typed. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, "\\$&")}%`;

/** A condition for whereRaw: `column` contains `text`, ignoring case. */
export function containing(column: string, text: string): [string, string[]] {
  return [`?? ilike ? escape '\\'`, [column, likePattern(text)]];
}

/** Projects (aliased p, with their call c, programme pr and beneficiary o) that pass the filter. */
export function filtered(db: Knex, filter: ProjectFilter): Knex.QueryBuilder {
  const query = db("projects as p")
    .leftJoin("calls as c", "c.id", "p.call_id")
    .leftJoin("programmes as pr", "pr.id", "c.programme_id")
    .join("organisations as o", "o.id", "p.beneficiary_id");
  if (filter.programme) query.where("pr.code", filter.programme);
  if (filter.period) query.where("pr.period", filter.period);
  if (filter.status) query.where("p.status", filter.status);
  if (filter.publishedBy) query.where("p.published_from", "<=", firstDay(filter.publishedBy));
  if (filter.beneficiary) {
    if (TAX_NUMBER.test(filter.beneficiary)) query.where("o.tax_number", filter.beneficiary);
    // Accent-free on both sides, as the trigram index on the name (search_fold) has it: "godollo" finds "Gödöllő".
    else query.whereRaw("search_fold(o.name) like search_fold(?) escape '\\'", [likePattern(filter.beneficiary)]);
  }
  if (filter.title) query.whereRaw("p.title_search like ? escape '\\'", [likePattern(foldForSearch(filter.title))]);
  if (filter.county) query.where("p.county", filter.county);
  if (filter.settlement) query.whereRaw("search_fold(p.settlement) = search_fold(?)", [filter.settlement]);
  if (filter.year !== undefined) {
    query.where("p.decision_date", ">=", `${filter.year}-01-01`).where("p.decision_date", "<", `${filter.year + 1}-01-01`);
  }
  return query;
}

/** The columns a list line needs, besides the project's own (p.*). */
export const SUMMARY_COLUMNS = [
  "c.code as call_code",
  "c.title as call_title",
  "pr.code as programme_code",
  "pr.name as programme_name",
  "pr.period as programme_period",
  "o.name as beneficiary_name",
] as const;

/** One list line from a row of `filtered(…)` with p.* and SUMMARY_COLUMNS. */
export function summaryFromRow(row: Row): ProjectSummary {
  return {
    id: row.id as number,
    slug: row.slug as string,
    identifier: row.identifier as string | null,
    title: row.title as string,
    shortTitle: row.short_title as string | null,
    status: row.status as ProjectStatus,
    call: row.call_code ? { code: row.call_code as string, title: row.call_title as string | null } : null,
    programme: row.programme_code
      ? { code: row.programme_code as string, name: row.programme_name as string, period: row.programme_period as string }
      : null,
    beneficiaryName: row.beneficiary_name as string,
    summary: row.summary as string | null,
    location: projectFieldsFromRow(row).location,
    funding: projectFieldsFromRow(row).inForce,
    dates: projectDates(row),
  };
}

export async function listProjects(
  db: Knex,
  filter: ProjectFilter,
  page: Page,
): Promise<{ total: number; items: ProjectSummary[] }> {
  const [counted] = await filtered(db, filter).count<{ total: number }[]>({ total: "*" });
  const order = page.order === "title" ? titleOrder : naturalOrder;
  const rows = await order(filtered(db, filter))
    .limit(page.limit)
    .offset(page.offset)
    .select("p.*", ...SUMMARY_COLUMNS);
  return { total: Number(counted?.total ?? 0), items: rows.map(summaryFromRow) };
}

/** Ids of every project in the natural order, for export. */
export async function allProjectIds(db: Knex): Promise<number[]> {
  const rows = await naturalOrder(filtered(db, {})).select("p.id");
  return rows.map((r: Row) => r.id as number);
}

/** What names a project on pages about it (its history...), without its records. */
export async function projectHeading(
  db: Knex,
  id: number,
): Promise<{ id: number; uid: string; identifier: string | null; title: string } | undefined> {
  return db("projects").where({ id }).first("id", "uid", "identifier", "title");
}

/** The URL keys (identifier, else id) of the given projects, in key order. */
export async function projectKeysOf(db: Knex, ids: readonly number[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db("projects").whereIn("id", ids).select("id", "identifier");
  return rows.map((r) => projectKey({ id: r.id as number, identifier: r.identifier as string | null })).sort();
}
