import { NotFoundError } from "../errors.js";
import { closureChecklist, type ClosureChecklist } from "../domain/closure.js";
import { findingsOf, type Finding } from "../domain/findings.js";
import { dayInBudapest } from "../domain/dates.js";
import { readProjectKey } from "../domain/projectKey.js";
import { isProjectPublic } from "../domain/visibility.js";
import type { Page, ProjectFilter, ProjectSummary, StoredProject } from "../domain/project.js";
import type { Database } from "../data/database.js";
import { findIdByKey, listProjects, loadProjects, projectKeysOf } from "../data/projectReads.js";
import { findBySlug } from "../data/projectSlugs.js";

export interface ProjectDetail extends StoredProject {
  findings: Finding[];
  closure: ClosureChecklist;
}

/** A stored project's closure checklist, as of now. */
export function closureOf({ record, currentFunding }: StoredProject, asOf: Date = new Date()): ClosureChecklist {
  return closureChecklist(record, currentFunding, asOf);
}

export function createProjectService(db: Database) {
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

  return {
    get,

    list(filter: ProjectFilter, page: Page): Promise<{ total: number; items: ProjectSummary[] }> {
      return listProjects(db.knex, filter, page);
    },

    /** Published projects only, as the public sees the list today. */
    listPublic(filter: ProjectFilter, page: Page): Promise<{ total: number; items: ProjectSummary[] }> {
      return listProjects(db.knex, { ...filter, publishedBy: dayInBudapest(new Date()) }, page);
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
