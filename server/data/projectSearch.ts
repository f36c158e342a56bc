/**
 * The public index: published projects, filtered, newest first or — with a query — by relevance, a page at
 * a time after a position (keyset paging on an index, never an offset). The text matches in three ways,
 * each served by a GIN index: the Hungarian full-text vector (stems as prefixes), and for typos trigram
 * similarity of the query to the title and to the beneficiary's name, accent-free.
 */
import type { Knex } from "knex";
import type { ProjectFilter, ProjectSummary } from "../domain/project.js";
import type { ListPosition } from "../domain/search.js";
import { filtered, SUMMARY_COLUMNS, summaryFromRow } from "./projectReads.js";
import type { Row } from "./projectRows.js";

/** The accent-free Hungarian stem of each spelling, in order; null for a stop word. */
export async function stemsOf(db: Knex, spellings: readonly string[]): Promise<Array<string | null>> {
  if (spellings.length === 0) return [];
  const { rows } = await db.raw(
    `select s.n, (select min(search_fold(l.lexeme)) from unnest(to_tsvector('hungarian', s.spelling)) as l) as stem
     from unnest(?::text[]) with ordinality as s(spelling, n) order by s.n`,
    [[...spellings]],
  );
  return (rows as Array<{ stem: string | null }>).map((r) => r.stem);
}

export interface SearchText {
  /** The tsquery of the stems (domain/search.ts), or null when every word was a stop word. */
  tsQuery: string | null;
  /** The query accent-free, for trigram similarity. */
  folded: string;
}

export interface SearchPage {
  items: Array<ProjectSummary & { position: ListPosition }>;
  /** Whether more rows follow the page. */
  more: boolean;
}

/** Ids of the projects the text matches: a union of three indexed lookups (an OR across tables uses none). */
function matchingIds(db: Knex, text: SearchText): Knex.QueryBuilder {
  const byTitle = db("projects").select("id").whereRaw("title_search %> ?", [text.folded]);
  const byBeneficiary = db("projects as mp")
    .join("organisations as mo", "mo.id", "mp.beneficiary_id")
    .select("mp.id")
    .whereRaw("search_fold(mo.name) %> ?", [text.folded]);
  const byWords = text.tsQuery === null ? [] : [db("projects").select("id").whereRaw("search_vector @@ ?::tsquery", [text.tsQuery])];
  return db.union([byTitle, byBeneficiary, ...byWords]);
}

/**
 * Relevance: the full-text rank by cover density (the matched words close together; the title weighs more
 * than the beneficiary, the beneficiary more than the summary) plus the best trigram similarity of the query
 * to the title or the beneficiary, so that a misspelt name still ranks its project first. `real`, so that the
 * value a cursor carries compares equal when sent back.
 */
function relevance(db: Knex, text: SearchText): Knex.Raw {
  const rank = text.tsQuery === null ? "0" : "ts_rank_cd(p.search_vector, ?::tsquery)";
  return db.raw(`(${rank} + greatest(word_similarity(?, p.title_search), word_similarity(?, search_fold(o.name))))::real as rank`, [
    ...(text.tsQuery === null ? [] : [text.tsQuery]),
    text.folded,
    text.folded,
  ]);
}

/** Up to `limit` published projects (the filter carries publishedBy) after `after`, and whether more follow. */
export async function searchProjects(
  db: Knex,
  filter: ProjectFilter,
  text: SearchText | null,
  after: ListPosition | null,
  limit: number,
): Promise<SearchPage> {
  let rows: Row[];
  if (text === null) {
    const query = filtered(db, filter).select("p.*", ...SUMMARY_COLUMNS);
    if (after?.order === "newest") query.whereRaw("(p.published_from, p.id) < (?::date, ?)", [after.publishedFrom, after.id]);
    rows = await query.orderBy([{ column: "p.published_from", order: "desc" }, { column: "p.id", order: "desc" }]).limit(limit + 1);
  } else {
    const ranked = filtered(db, filter)
      .whereIn("p.id", matchingIds(db, text))
      .select("p.*", ...SUMMARY_COLUMNS, relevance(db, text));
    const query = db.from(ranked.as("ranked")).select("*");
    if (after?.order === "relevance") query.whereRaw("(rank, id) < (?::real, ?)", [after.rank, after.id]);
    rows = await query.orderBy([{ column: "rank", order: "desc" }, { column: "id", order: "desc" }]).limit(limit + 1);
  }
  const items = rows.slice(0, limit).map((row) => ({
    ...summaryFromRow(row),
    position: (text === null
      ? { order: "newest", publishedFrom: row.published_from as string, id: row.id as number }
      : { order: "relevance", rank: row.rank as number, id: row.id as number }) satisfies ListPosition,
  }));
  return { items, more: rows.length > limit };
}

/** How many projects pass, counted up to `cap` (a larger total is not worth reading the rows for). */
export async function countProjects(db: Knex, filter: ProjectFilter, text: SearchText | null, cap: number): Promise<number> {
  const query = filtered(db, filter).select("p.id").limit(cap);
  if (text !== null) query.whereIn("p.id", matchingIds(db, text));
  const [row] = await db.from(query.as("capped")).count<{ n: number }[]>({ n: "*" });
  return Number(row?.n ?? 0);
}
