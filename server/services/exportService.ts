import { projectDocument, type ProjectDocument } from "../projectFile/document.js";
import type { Database } from "../data/database.js";
import { allProjectIds, loadProjects } from "../data/projectReads.js";

const BATCH = 500;

export function createExportService(db: Database) {
  return {
    /** Every project as project-file entries, in batches, in a stable order. */
    async *projectDocuments(): AsyncGenerator<ProjectDocument[]> {
      const ids = await allProjectIds(db.knex);
      for (let i = 0; i < ids.length; i += BATCH) {
        const stored = await loadProjects(db.knex, ids.slice(i, i + BATCH));
        yield stored.map((p) => projectDocument(p.record));
      }
    },
  };
}

export type ExportService = ReturnType<typeof createExportService>;
