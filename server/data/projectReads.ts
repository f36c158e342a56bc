/** Reads of projects: full records, lists with filters, keys. Writes live in projectWrites.ts. */
import type { Knex } from "knex";
import { projectKey } from "../domain/projectKey.js";
import type {
  ListOrder,
  ListTotal,
  Organisation,
  Page,
  ProjectFilter,
  ProjectList,
  ProjectRecord,
  ProjectStatus,
  ProjectSummary,
  StoredProject,
} from "../domain/project.js";
import { RECORD_LISTS, type RecordList } from "../domain/project.js";
import { firstDay } from "../domain/dates.js";
import { partnersInForce } from "../domain/funding.js";
import { TAX_NUMBER } from "../domain/taxNumbers.js";
import { foldForSearch } from "../domain/searchText.js";
import { organisationFromRow } from "./organisationsRepository.js";
import { programmeIdByCode } from "./referenceReads.js";
import { DERIVED_PROJECT_COLUMNS, PROJECT_COLUMNS, projectDates, projectFieldsFromRow, RECORD_TABLES, recordFromRows, type Row } from "./projectRows.js";
import { chunks, groupByProject, valueListsFrom } from "./batches.js";

const ORG_COLUMNS = ["name", "tax_number", "address", "phone", "email", "website"];

/** The project row as a full record needs it: not the columns kept only for ordering and search (half its size). */
const LOADED_COLUMNS = [
  ...["id", "uid", "version", "slug", "created_at", "updated_at", ...PROJECT_COLUMNS.filter((c) => !DERIVED_PROJECT_COLUMNS.has(c))].map((c) => `p.${c}`),
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
        `select ${LOADED_COLUMNS} from projects p left join calls c on c.id = p.call_id left join programmes pr on pr.id = c.programme_id
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
      const { record, inForce } = recordFromRows(row, {
        lists: (list) => records[list].get(id) ?? [],
        organisations: byOrganisationId,
        beneficiary: organisationFromRow(row, "beneficiary_"),
        call: row.call_code ? { code: row.call_code, title: row.call_title } : null,
        externalKeys: valueLists.externalKeysOf(id),
        funds: valueLists.fundsOf(id),
      });
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

/**
 * A stable order that survives export and re-import: by identifier, then call code and title. Export only: it
 * reads every project anyway, and the call code (for projects without an identifier) is on another table, so no
 * index serves it; the lists page in `LIST_KEYS` order instead.
 */
function naturalOrder(query: Knex.QueryBuilder): Knex.QueryBuilder {
  return query.orderByRaw('p.identifier collate "C" nulls last, c.code collate "C", p.title collate "C", p.id');
}

/**
 * The key each list order sorts by, then the id — exactly as indexed (migration 20261127100100_list_order_indexes),
 * so that a page is an index range: the identifier byte by byte with projects without one last (U+10FFFF sorts
 * after every identifier); the title in Hungarian alphabetical order (its sort key compares byte by byte).
 */
export const LIST_KEYS: Record<ListOrder, string> = {
  identifier: 'coalesce(p.identifier, chr(1114111)) collate "C"',
  title: "p.title_sort_key",
};

/** A LIKE pattern matching `text` anywhere; `%` and `_` in the text are matched as typed. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, "\\$&")}%`;

/** A condition for whereRaw: `column` contains `text`, ignoring case. */
export function containing(column: string, text: string): [string, string[]] {
  return [`?? ilike ? escape '\\'`, [column, likePattern(text)]];
}

/** A filter whose programme code is looked up already: null when no programme has the code. */
export type ResolvedFilter = ProjectFilter & { programmeId?: number | null };

/**
 * The filter with its programme's id looked up first, so that the planner sees the value itself (and its share of
 * the projects in the column's statistics) rather than a subquery's unknown result: for a small programme it then
 * reads the index, not the table.
 */
export async function resolved(db: Knex, filter: ProjectFilter): Promise<ResolvedFilter> {
  return filter.programme ? { ...filter, programmeId: (await programmeIdByCode(db, filter.programme)) ?? null } : filter;
}

/**
 * The filter as conditions on the projects table alone (aliased p): the programme and period are on the project
 * (kept from its call by triggers, migration 20261127100000_project_programme), the beneficiary is looked up in
 * its own table first — so a count or a page joins nothing it does not show.
 */
function passing(query: Knex.QueryBuilder, filter: ResolvedFilter, fewTitlesMatch = false): Knex.QueryBuilder {
  if (filter.programmeId !== undefined) query.where("p.programme_id", filter.programmeId ?? -1);
  else if (filter.programme) query.whereRaw("p.programme_id = (select id from programmes where code = ?)", [filter.programme]);
  if (filter.period) query.where("p.programme_period", filter.period);
  if (filter.status) query.where("p.status", filter.status);
  if (filter.publishedBy) query.where("p.published_from", "<=", firstDay(filter.publishedBy));
  if (filter.beneficiary) {
    const beneficiary = filter.beneficiary;
    query.whereIn("p.beneficiary_id", function organisations(this: Knex.QueryBuilder) {
      this.from("organisations").select("id");
      if (TAX_NUMBER.test(beneficiary)) this.where("tax_number", beneficiary);
      // Accent-free on both sides, as the trigram index on the name (search_fold) has it: "godollo" finds "Gödöllő".
      else this.whereRaw("search_fold(name) like search_fold(?) escape '\\'", [likePattern(beneficiary)]);
    });
  }
  if (filter.title) {
    const pattern = likePattern(foldForSearch(filter.title));
    // The planner cannot tell how many titles contain a text, and for a page it may walk the order's index testing
    // every title (415 ms at 100,000 projects for a word in 174 titles). When the count has shown them to be few,
    // they are found first, through the trigram index, and only they are sorted (5 ms).
    if (fewTitlesMatch) query.whereRaw("p.id = any(array(select id from projects where title_search like ? escape '\\'))", [pattern]);
    else query.whereRaw("p.title_search like ? escape '\\'", [pattern]);
  }
  if (filter.county) query.where("p.county", filter.county);
  if (filter.settlement) query.whereRaw("search_fold(p.settlement) = search_fold(?)", [filter.settlement]);
  if (filter.year !== undefined) {
    query.where("p.decision_date", ">=", `${filter.year}-01-01`).where("p.decision_date", "<", `${filter.year + 1}-01-01`);
  }
  return query;
}

/** Joins a list line shows (call c, programme pr, beneficiary o) to projects aliased p. */
function withSummaryJoins(query: Knex.QueryBuilder): Knex.QueryBuilder {
  return query
    .leftJoin("calls as c", "c.id", "p.call_id")
    .leftJoin("programmes as pr", "pr.id", "p.programme_id")
    .join("organisations as o", "o.id", "p.beneficiary_id");
}

/** Projects (aliased p, with their call c, programme pr and beneficiary o) that pass the filter. */
export function filtered(db: Knex, filter: ResolvedFilter): Knex.QueryBuilder {
  return passing(withSummaryJoins(db("projects as p")), filter);
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

/** How many rows `query` gives, counted up to `cap` (a larger total is not worth reading the rows for). */
export async function countUpTo(db: Knex, query: Knex.QueryBuilder, cap: number): Promise<number> {
  const [row] = await db.from(query.clearSelect().select(db.raw("1")).limit(cap).as("capped")).count<{ n: number }[]>({ n: "*" });
  return Number(row?.n ?? 0);
}

/** The planner's estimate of how many rows `query` gives (from the table's statistics: pg_class.reltuples × selectivity). */
async function estimatedRows(db: Knex, query: Knex.QueryBuilder): Promise<number> {
  const { sql, bindings } = query.toSQL();
  const { rows } = await db.raw(`explain (format json) ${sql}`, bindings as Knex.RawBinding[]);
  const plan = rows[0]["QUERY PLAN"];
  return Number((typeof plan === "string" ? JSON.parse(plan) : plan)[0].Plan["Plan Rows"]);
}

/** Filters that narrow the list (publication is the public's view, not a narrowing). */
const narrows = (filter: ProjectFilter) => Object.entries(filter).some(([k, v]) => k !== "publishedBy" && v !== undefined);

/**
 * The list's total, cheaply: counted up to `cap`; beyond it, for the whole (published) list the planner's
 * estimate, and for a filtered list "more than `cap`".
 */
export async function listTotal(db: Knex, filter: ResolvedFilter, cap: number): Promise<ListTotal> {
  const counted = await countUpTo(db, passing(db("projects as p"), filter), cap + 1);
  if (counted <= cap) return { count: counted, exactness: "exact" };
  if (narrows(filter)) return { count: cap, exactness: "moreThan" };
  const estimate = await estimatedRows(db, passing(db("projects as p"), filter).select("p.id"));
  return { count: Math.max(Math.round(estimate), cap + 1), exactness: "estimate" };
}

/**
 * A page of the list: the projects after `page.after` (or past `page.offset`) in the page's order, read from the
 * order's index and only then joined to what a line shows; the total (see listTotal); and the next page's start.
 */
export async function listProjects(
  db: Knex,
  given: ProjectFilter,
  page: Page,
  total: (filter: ResolvedFilter) => Promise<ListTotal>,
): Promise<ProjectList> {
  const filter = await resolved(db, given);
  const order = page.order ?? "identifier";
  const key = LIST_KEYS[order];
  // Counted first: when the title is all that narrows the list, an exact count (up to the cap) says the titles that
  // contain it are few enough to be found first (a text under 3 letters has no trigram to look up).
  const counted = await total(filter);
  const titleAlone = Object.entries(filter).every(([k, v]) => v === undefined || k === "title" || k === "publishedBy");
  const fewTitles = titleAlone && foldForSearch(filter.title ?? "").length >= 3 && counted.exactness === "exact";
  const inner = passing(db("projects as p"), filter, fewTitles).select("p.*", db.raw(`${key} as order_key`));
  if (page.after) inner.whereRaw(`(${key}, p.id) > (?, ?)`, [page.after.key, page.after.id]);
  inner.orderByRaw(`${key}, p.id`).limit(page.limit + 1);
  if (!page.after && page.offset > 0) inner.offset(page.offset);
  const rows = await withSummaryJoins(db.from(inner.as("p")))
    .select("p.*", ...SUMMARY_COLUMNS)
    .orderBy([{ column: "p.order_key" }, { column: "p.id" }]);
  const last = rows.length > page.limit ? rows[page.limit - 1] : undefined;
  return {
    items: rows.slice(0, page.limit).map(summaryFromRow),
    total: counted,
    next: last ? { order, key: last.order_key as string, id: last.id as number } : null,
  };
}

/** How many projects are stored, counted exactly (it reads them all: for checks such as a restore's, not for pages). */
export async function countAllProjects(db: Knex): Promise<number> {
  const [row] = await db("projects").count<{ n: number }[]>({ n: "*" });
  return Number(row?.n ?? 0);
}

/**
 * Ids of every project in the order of an exported project file, batch by batch, read through a cursor
 * in the caller's transaction: one sort, however many projects, and never every id in memory at once.
 * The order is the file's own (identifier byte by byte, projects without one last by call code and
 * title, then id), kept here apart from the lists' orders so that exports stay comparable.
 */
export async function* idsInExportOrder(trx: Knex.Transaction, size: number): AsyncGenerator<number[]> {
  await trx.raw(
    `declare project_export no scroll cursor for
       select p.id from projects p left join calls c on c.id = p.call_id
       order by p.identifier collate "C" nulls last, c.code collate "C", p.title collate "C", p.id`,
  );
  for (;;) {
    const { rows } = await trx.raw(`fetch forward ${Math.trunc(size)} from project_export`);
    if (rows.length === 0) break;
    yield (rows as Array<{ id: number }>).map((r) => Number(r.id));
  }
  await trx.raw("close project_export");
}

/** How many projects there are. */
export async function countProjects(db: Knex): Promise<number> {
  const [row] = await db("projects").count<{ n: string }[]>({ n: "*" });
  return Number(row?.n ?? 0);
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
