/** Open data: the list of operations, read in batches so that memory stays flat whatever the portfolio's size. */
import { dayInBudapest } from "../domain/dates.js";
import type { Operation } from "../domain/operationsList.js";
import type { Database } from "../data/database.js";
import { operationsAfter } from "../data/operationsListReads.js";

const BATCH = 500;

export function createOpenDataService(db: Database) {
  return {
    /** Every project public today, in id order, in batches of at most `batchSize`. */
    async *operations(batchSize = BATCH): AsyncGenerator<Operation[]> {
      const today = dayInBudapest(new Date());
      let afterId = 0;
      for (;;) {
        const batch = await operationsAfter(db.knex, today, afterId, batchSize);
        if (batch.length > 0) yield batch;
        if (batch.length < batchSize) return;
        afterId = batch[batch.length - 1]!.id;
      }
    },
  };
}

export type OpenDataService = ReturnType<typeof createOpenDataService>;
