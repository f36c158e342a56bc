/**
 * The public index: published projects, filtered, newest first or — with a query — by relevance, a page at
 * a time after a position (keyset paging on an index, never an offset). A query matches by its words (the
 * Hungarian full-text vector, stems as prefixes, GIN index); only when the words match nothing does it fall
 * back to names spelt nearly alike (trigram similarity of the whole query to the title or the beneficiary's
 * name, accent-free, GIN trigram indexes) — similarity is costly to compute per row, so it is never spent on
 * a query whose words already found what was meant.
 */
import type { Knex } from "knex";
import { firstDay, type PartialDate } from "../domain/dates.js";
import type { ProjectFilter, ProjectSummary } from "../domain/project.js";
import type { ListPosition } from "../domain/search.js";
import { countUpTo, filtered, SUMMARY_COLUMNS, summaryFromRow } from "./projectReads.js";
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

/** How much less alike than the closest name a name may be and still be shown for a misspelt query. */
const SIMILAR_MARGIN = 0.05;

/** At most this many projects are shown for a misspelt query: it means one name, not a list. */
const SIMILAR_LIMIT = 1000;

/**
 * The projects whose title or beneficiary's name is spelt nearly as the (accent-free) query, the most alike
 * first: two indexed lookups (an OR across two tables could use neither index), of which only the names about
 * as alike as the closest are kept — common words ("Község Önkormányzata") make hundreds of names alike enough.
 * Only published projects count (publishedBy), or a hidden name could crowd out the public ones. Found apart
 * from the page's query so that the planner, knowing how few they are, reads them by key.
 */
export async function similarlyNamed(db: Knex, folded: string, publishedBy: PartialDate): Promise<number[]> {
  const { rows } = await db.transaction(async (trx): Promise<{ rows: Array<{ id: number }> }> => {
    // The planner prices word_similarity as cheap and, on a table of a few thousand rows, computes it for
    // every row (0.8 s at 10,000 projects) rather than ask the trigram index (50 ms): this query is only ever
    // meant to run on the indexes.
    await trx.raw("set local enable_seqscan = off");
    return trx.raw(
      `with titles as (select id, word_similarity(:q, title_search) as s from projects
                       where title_search %> :q and published_from <= :day),
            names as (select id, word_similarity(:q, search_fold(name)) as s from organisations o where search_fold(name) %> :q
                      and exists (select from projects where beneficiary_id = o.id and published_from <= :day)),
            closest as (select greatest((select max(s) from titles), (select max(s) from names)) - :margin as s)
       select id, max(s) as s from (
         select id, s from titles where s >= (select s from closest)
         union all
         select mp.id, names.s from names join projects mp on mp.beneficiary_id = names.id
         where names.s >= (select s from closest) and mp.published_from <= :day
       ) as alike group by id order by max(s) desc, id limit :limit`,
      { q: folded, margin: SIMILAR_MARGIN, limit: SIMILAR_LIMIT, day: firstDay(publishedBy) },
    );
  });
  return rows.map((r) => r.id);
}

/**
 * How a query matches: by its stemmed words (a tsquery, domain/search.ts), or — its words matching nothing —
 * as the projects named nearly alike (`similarlyNamed`).
 */
export type TextMatch = { how: "words"; tsQuery: string } | { how: "similar"; folded: string; ids: number[] };

export interface SearchPage {
  items: Array<ProjectSummary & { position: ListPosition }>;
  /** Whether more rows follow the page. */
  more: boolean;
}

/** The published projects the filter and the text let through (p, c, pr, o as in `filtered`). */
function matching(db: Knex, filter: ProjectFilter, text: TextMatch | null): Knex.QueryBuilder {
  const query = filtered(db, filter);
  if (text?.how === "words") query.whereRaw("p.search_vector @@ ?::tsquery", [text.tsQuery]);
  if (text?.how === "similar") query.whereIn("p.id", text.ids);
  return query;
}

/**
 * Relevance, as `real` so that the value a cursor carries compares equal when sent back: for words, the rank
 * by cover density (the matched words close together; the title weighs more than the beneficiary, the
 * beneficiary more than the summary); for a near spelling, how alike the closer of title and name is.
 */
function relevance(db: Knex, text: TextMatch): Knex.Raw {
  return text.how === "words"
    ? db.raw("ts_rank_cd(p.search_vector, ?::tsquery)::real as rank", [text.tsQuery])
    : db.raw("greatest(word_similarity(?, p.title_search), word_similarity(?, search_fold(o.name)))::real as rank", [text.folded, text.folded]);
}

/** Up to `limit` projects (the filter carries publishedBy) after `after`, and whether more follow. */
export async function searchProjects(
  db: Knex,
  filter: ProjectFilter,
  text: TextMatch | null,
  after: ListPosition | null,
  limit: number,
): Promise<SearchPage> {
  let rows: Row[];
  if (text === null) {
    const query = matching(db, filter, null).select("p.*", ...SUMMARY_COLUMNS);
    if (after?.order === "newest") query.whereRaw("(p.published_from, p.id) < (?::date, ?)", [after.publishedFrom, after.id]);
    rows = await query.orderBy([{ column: "p.published_from", order: "desc" }, { column: "p.id", order: "desc" }]).limit(limit + 1);
  } else {
    const ranked = matching(db, filter, text).select("p.*", ...SUMMARY_COLUMNS, relevance(db, text));
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
export function countProjects(db: Knex, filter: ProjectFilter, text: TextMatch | null, cap: number): Promise<number> {
  return countUpTo(db, matching(db, filter, text), cap);
}
