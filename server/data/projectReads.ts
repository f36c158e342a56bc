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
import { chunks, groupByProject, valueListsOf } from "./batches.js";

const ORG_COLUMNS = ["name", "tax_number", "address", "phone", "email", "website"];

/** Organisations by id, for the records that refer to them. */
async function organisationsById(db: Knex, ids: number[]): Promise<Map<number, Organisation>> {
  const result = new Map<number, Organisation>();
  for (const chunk of chunks([...new Set(ids)])) {
    for (const row of await db("organisations").whereIn("id", chunk).select("id", ...ORG_COLUMNS)) {
      result.set(row.id, organisationFromRow(row));
    }
  }
  return result;
}

function referencedOrganisations(list: RecordList, row: Row): number[] {
  if (list === "partners") return [row.organisation_id as number];
  if (list === "procurements") return row.contractor_id === null ? [] : [row.contractor_id as number];
  if (list === "amendments") return (row.partner_shares as Array<{ organisationId: number }>).map((s) => s.organisationId);
  return [];
}

/** Full records of the given projects, in the order of `ids`. */
export async function loadProjects(db: Knex, ids: number[]): Promise<StoredProject[]> {
  const byId = new Map<number, StoredProject>();
  for (const chunk of chunks(ids)) {
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
        "pr.instrument as programme_instrument",
        ...ORG_COLUMNS.map((c) => `o.${c} as beneficiary_${c}`),
      );
    const records = {} as Record<RecordList, Map<number, Row[]>>;
    for (const list of RECORD_LISTS) {
      records[list] = groupByProject(
        await db(RECORD_TABLES[list].table).whereIn("project_id", chunk).orderBy(["project_id", "position"]).select("*"),
      );
    }
    const organisations = await organisationsById(
      db,
      RECORD_LISTS.flatMap((list) => [...records[list].values()].flat().flatMap((row) => referencedOrganisations(list, row))),
    );
    const byOrganisationId = {
      byId(id: number): Organisation {
        const organisation = organisations.get(id);
        if (!organisation) throw new Error(`Organisation ${id} is referred to but not stored`);
        return organisation;
      },
    };
    const valueLists = await valueListsOf(db, chunk);
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
