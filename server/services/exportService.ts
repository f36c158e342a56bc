/**
 * The project file of every project, streamed: ids come through a cursor in the file's stable order,
 * projects are loaded a batch at a time, all in one read-only snapshot, so that an export is consistent
 * even while others write, and its memory does not grow with the portfolio.
 */
import { projectDocument, type ProjectDocument } from "../projectFile/document.js";
import type { Database } from "../data/database.js";
import { countProjects, idsInExportOrder, loadProjects } from "../data/projectReads.js";

const BATCH = 500;

export function createExportService(db: Database) {
  return {
    /** How many projects an export would write now (for a progress bar). */
    count(): Promise<number> {
      return countProjects(db.knex);
    },

    /** Every project as project-file entries, in batches, in a stable order. */
    async *projectDocuments(): AsyncGenerator<ProjectDocument[]> {
      const trx = await db.knex.transaction({ isolationLevel: "repeatable read", readOnly: true });
      const load = async (ids: IteratorResult<number[]>) => (ids.done ? null : loadProjects(trx, ids.value));
      let next: Promise<Awaited<ReturnType<typeof load>>> | undefined;
      try {
        const batches = idsInExportOrder(trx, BATCH);
        // The next batch is read while the caller writes out this one: the database and the
        // formatting work at once, in the snapshot's one connection.
        next = batches.next().then(load);
        for (;;) {
          const stored = await next;
          if (stored === null) break;
          next = batches.next().then(load);
          yield stored.map((p) => projectDocument(p.record));
        }
        await trx.commit();
      } finally {
        // A caller that stops early leaves a batch being read: let it settle, then end the snapshot.
        await next?.catch(() => null);
        if (!trx.isCompleted()) await trx.rollback();
      }
    },
  };
}

export type ExportService = ReturnType<typeof createExportService>;
