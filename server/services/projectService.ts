import { NotFoundError } from "../errors.js";
import { findInconsistencies, type Finding } from "../domain/findings.js";
import { readProjectKey } from "../domain/projectKey.js";
import type { Page, ProjectFilter, ProjectSummary, StoredProject } from "../domain/project.js";
import type { Database } from "../data/database.js";
import { findIdByKey, listProjects, loadProjects } from "../data/projectReads.js";

export interface ProjectDetail extends StoredProject {
  findings: Finding[];
}

export function createProjectService(db: Database) {
  return {
    list(filter: ProjectFilter, page: Page): Promise<{ total: number; items: ProjectSummary[] }> {
      return listProjects(db.knex, filter, page);
    },

    /** The project named by an identifier (any accepted spelling) or an id; NotFoundError otherwise. */
    async get(key: string): Promise<ProjectDetail> {
      const lookup = readProjectKey(key);
      const id = lookup ? await findIdByKey(db.knex, lookup) : undefined;
      const [stored] = id === undefined ? [] : await loadProjects(db.knex, [id]);
      if (!stored) throw new NotFoundError(`Nincs ilyen projekt: ${key}`);
      return {
        ...stored,
        findings: findInconsistencies({ ...stored.record, funding: stored.currentFunding, callCodeIrregular: !stored.callRegular }),
      };
    },
  };
}

export type ProjectService = ReturnType<typeof createProjectService>;
