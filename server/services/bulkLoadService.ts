/**
 * Bulk creation of many projects (synthetic portfolios for benchmarks),
 * through the one write path: batched, with the same rules, the same
 * organisation matching and the same audit trail as every other write.
 */
import { asActor, type ActorLike } from "../domain/permissions.js";
import { dayInBudapest } from "../domain/dates.js";
import type { Database } from "../data/database.js";
import { auditedTransaction } from "../data/auditRepository.js";
import { writeProjects, type ProjectInput, type WriteSummary } from "./projectWriter.js";

export function createBulkLoadService(db: Database) {
  return {
    /** Writes the projects in one transaction as `actor`. */
    async writeProjects(actor: ActorLike, projects: ProjectInput[]): Promise<WriteSummary> {
      return auditedTransaction(db.knex, (trx, audit) => writeProjects({ trx, audit, actor: asActor(actor), today: dayInBudapest(new Date()), closing: "historic" }, projects));
    },

    /** The highest serial already used under an identifier prefix ("CALL-YEAR-"), or 0. */
    async lastSerial(prefix: string): Promise<number> {
      const row = await db.knex("projects").where("identifier", "like", `${prefix}%`).max({ last: db.knex.raw("right(identifier, 5)") }).first();
      return row?.last ? Number(row.last) : 0;
    },
  };
}

export type BulkLoadService = ReturnType<typeof createBulkLoadService>;
