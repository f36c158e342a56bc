/**
 * Bulk creation of many projects (synthetic portfolios for benchmarks),
 * through the one write path: batched, with the same rules, the same
 * organisation matching and the same audit trail as every other write.
 */
import { asActor, type ActorLike } from "../domain/permissions.js";
import { dayInBudapest } from "../domain/dates.js";
import type { Database } from "../data/database.js";
import type { LastSerial } from "../domain/identifierSerials.js";
import { lastSerials } from "../data/identifierSerials.js";
import { auditedTransaction } from "../data/auditRepository.js";
import { writeProjects, type ProjectInput, type WriteSummary } from "./projectWriter.js";

export function createBulkLoadService(db: Database) {
  return {
    /** Writes the projects in one transaction as `actor`. */
    async writeProjects(actor: ActorLike, projects: ProjectInput[]): Promise<WriteSummary> {
      return auditedTransaction(db.knex, (trx, audit) => writeProjects({ trx, audit, actor: asActor(actor), today: dayInBudapest(new Date()), closing: "historic" }, projects));
    },

    /** The highest serial stored under each identifier prefix ("CALL-YEAR-"): asked once, before a bulk load. */
    async lastSerials(): Promise<LastSerial[]> {
      return lastSerials(db.knex);
    },
  };
}

export type BulkLoadService = ReturnType<typeof createBulkLoadService>;
