import { NotFoundError } from "../errors.js";
import { closureChecklist, type ClosureChecklist } from "../domain/closure.js";
import { findingsOf, type Finding } from "../domain/findings.js";
import { dayInBudapest } from "../domain/dates.js";
import { readProjectKey } from "../domain/projectKey.js";
import { isProjectPublic } from "../domain/visibility.js";
import type { Page, ProjectFilter, ProjectList, StoredProject } from "../domain/project.js";
import type { Database } from "../data/database.js";
import { LRUCache } from "lru-cache";
import { countAllProjects, findIdByKey, listProjects, listTotal, loadProjects, projectKeysOf, resolved } from "../data/projectReads.js";
import { findBySlug } from "../data/projectSlugs.js";
import { programmeChoices, programmeList, type Choice } from "../data/referenceReads.js";
import { countProjects, searchProjects, similarlyNamed, stemsOf, type SearchPage, type TextMatch } from "../data/projectSearch.js";
import { queryWords, spellingsToStem, termsOfWord, tsQueryText, type ListPosition } from "../domain/search.js";
import { foldForSearch } from "../domain/searchText.js";
import type { PublicContentService } from "./publicContentService.js";

/** A search of the public index: filters, the text typed, where the page starts. */
export interface PublicSearch {
  filter: ProjectFilter;
  text?: string;
  after?: ListPosition;
  limit: number;
}

export interface PublicSearchResult extends SearchPage {
  /** How many projects pass the search, up to COUNT_CAP; `countCapped` when there are more. */
  count: number;
  countCapped: boolean;
  /** The accent-free terms the query matched words by, for highlighting them. */
  terms: string[];
}

/**
 * Beyond this many results, a list says "more than" (or, for a whole list, gives the planner's estimate) instead
 * of reading every row to count them.
 */
export const COUNT_CAP = 1000;

/** The query's words stemmed as the stored text is (see domain/search.ts): the tsquery, and its terms. */
async function stemmedQuery(db: Database, text: string): Promise<{ tsQuery: string | null; terms: string[] }> {
  const spellings = queryWords(text).map(spellingsToStem);
  const stems = await stemsOf(db.knex, spellings.flat());
  let next = 0;
  const groups = spellings.map((forms) => termsOfWord(stems.slice(next, (next += forms.length)))).filter((terms) => terms.length > 0);
  return { tsQuery: groups.length > 0 ? tsQueryText(groups) : null, terms: groups.flat() };
}

export interface ProjectDetail extends StoredProject {
  findings: Finding[];
  closure: ClosureChecklist;
}

/** A stored project's closure checklist, as of now. */
export function closureOf({ record, currentFunding }: StoredProject, asOf: Date = new Date()): ClosureChecklist {
  return closureChecklist(record, currentFunding, asOf);
}

/** Distinct public lists and searches whose totals are kept (the least recently asked go first). */
const KEPT_TOTALS = 1000;

export function createProjectService(db: Database, publicContent: PublicContentService) {
  /**
   * Totals of what the public sees — a list's, a search's — depend only on the public content, so they are kept
   * under the public-content version they were counted at (see publicContentService.ts) and counted again only when
   * it moves: a list or search page then costs its own query, not two more for its total.
   */
  const publicTotals = new LRUCache<string, Promise<unknown>>({ max: KEPT_TOTALS });
  let totalsVersion = -1;
  async function publicTotal<T>(question: unknown, count: () => Promise<T>): Promise<T> {
    const { version } = await publicContent.current();
    if (version !== totalsVersion) {
      publicTotals.clear();
      totalsVersion = version;
    }
    const key = JSON.stringify(question);
    let total = publicTotals.get(key) as Promise<T> | undefined;
    if (!total) {
      total = count();
      publicTotals.set(key, total);
      // A failed count is not kept: the next request counts again.
      total.catch(() => publicTotals.delete(key));
    }
    return total;
  }

  /** The id a key names: a slug the project has or had, an identifier in any accepted spelling, or the id. */
  async function idOf(key: string): Promise<number | undefined> {
    const bySlug = await findBySlug(db.knex, key);
    if (bySlug) return bySlug.id;
    const lookup = readProjectKey(key);
    return lookup ? findIdByKey(db.knex, lookup) : undefined;
  }

  /** The project a key names (see idOf); NotFoundError otherwise. */
  async function get(key: string): Promise<ProjectDetail> {
    const id = await idOf(key);
    const [stored] = id === undefined ? [] : await loadProjects(db.knex, [id]);
    if (!stored) throw new NotFoundError(`Nincs ilyen projekt: ${key}`);
    const closure = closureOf(stored);
    return { ...stored, findings: findingsOf(stored, closure), closure };
  }

  const publicCount = (filter: ProjectFilter, text: TextMatch | null) =>
    publicTotal({ search: filter, text }, () => countProjects(db.knex, filter, text, COUNT_CAP + 1));

  return {
    get,

    /** A page of the list (keyset or bounded offset); its total counted up to COUNT_CAP, estimated beyond. */
    list(filter: ProjectFilter, page: Page): Promise<ProjectList> {
      return listProjects(db.knex, filter, page, (resolvedFilter) => listTotal(db.knex, resolvedFilter, COUNT_CAP));
    },

    /** Every stored project, counted exactly (a list's total is exact only up to COUNT_CAP). */
    count(): Promise<number> {
      return countAllProjects(db.knex);
    },

    /** Published projects only, as the public sees the list today. */
    listPublic(filter: ProjectFilter, page: Page): Promise<ProjectList> {
      return listProjects(db.knex, { ...filter, publishedBy: dayInBudapest(new Date()) }, page, (resolvedFilter) =>
        publicTotal({ list: resolvedFilter }, () => listTotal(db.knex, resolvedFilter, COUNT_CAP)),
      );
    },

    /**
     * A page of the public index: published projects only (the rule of isProjectPublic, in SQL), newest
     * first, or by relevance when text is given.
     */
    async searchPublic(search: PublicSearch): Promise<PublicSearchResult> {
      const publishedBy = dayInBudapest(new Date());
      // The programme's id looked up once, for the count and the page alike.
      const filter = await resolved(db.knex, { ...search.filter, publishedBy });
      let text: TextMatch | null = null;
      let terms: string[] = [];
      let count: number;
      if (search.text) {
        const stemmed = await stemmedQuery(db, search.text);
        const words: TextMatch | null = stemmed.tsQuery === null ? null : { how: "words", tsQuery: stemmed.tsQuery };
        count = words === null ? 0 : await publicCount(filter, words);
        if (stemmed.tsQuery !== null && count > 0) {
          text = { how: "words", tsQuery: stemmed.tsQuery };
          terms = stemmed.terms;
        } else {
          // No project has these words: perhaps a name was misspelt.
          const folded = foldForSearch(search.text);
          text = { how: "similar", folded, ids: await similarlyNamed(db.knex, folded, publishedBy) };
          count = await publicCount(filter, text);
        }
      } else {
        count = await publicCount(filter, null);
      }
      // A position of the other order (a link kept from before the query changed) starts from the top.
      const after = search.after && search.after.order === (text ? "relevance" : "newest") ? search.after : null;
      const page = await searchProjects(db.knex, filter, text, after, search.limit);
      return { ...page, count: Math.min(count, COUNT_CAP), countCapped: count > COUNT_CAP, terms };
    },

    /** What the index's filters offer: the programmes and periods stored. */
    async indexChoices(): Promise<{ programmes: Choice[]; periods: Choice[] }> {
      return { programmes: await programmeList(db.knex), periods: (await programmeChoices(db.knex)).periods };
    },

    /** The URL keys of the given projects. */
    keysOf(ids: readonly number[]): Promise<string[]> {
      return projectKeysOf(db.knex, ids);
    },

    /** The id of the project a key names, without loading it; undefined when there is none. */
    idOf,

    /** A project the public may see today; an unpublished one is as if it did not exist. */
    async getPublic(key: string): Promise<ProjectDetail> {
      const detail = await get(key);
      if (!isProjectPublic(detail.record.publishedFrom, dayInBudapest(new Date()))) {
        throw new NotFoundError(`Nincs ilyen projekt: ${key}`);
      }
      return detail;
    },
  };
}

export type ProjectService = ReturnType<typeof createProjectService>;
