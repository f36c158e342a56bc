/**
 * Bulk creation of new projects (synthetic portfolios for benchmarks): many
 * projects per statement, no change detection. Organisations are matched by
 * name, calls by code.
 */
import type { Knex } from "knex";
import type { CallCode } from "../domain/identifiers.js";
import type { ProjectRecord } from "../domain/project.js";
import type { Database } from "../data/database.js";
import { findCandidates, insertOrganisation } from "../data/organisationsRepository.js";
import { insertProjects, rowsFor } from "../data/projectsRepository.js";
import { ensureCall } from "../data/referenceRepository.js";

export interface NewProject {
  record: ProjectRecord;
  call: CallCode;
}

export function createBulkLoadService(db: Database) {
  const organisationIds = new Map<string, number>();
  const callIds = new Map<string, number>();

  async function organisationId(trx: Knex, record: ProjectRecord["beneficiary"]): Promise<number> {
    let id = organisationIds.get(record.name);
    if (id === undefined) {
      id = (await findCandidates(trx, record))[0]?.id ?? (await insertOrganisation(trx, record));
      organisationIds.set(record.name, id);
    }
    return id;
  }

  return {
    /** Creates the projects in one transaction; returns their ids. */
    async createProjects(projects: NewProject[]): Promise<number[]> {
      return db.knex.transaction(async (trx) => {
        const rows = [];
        for (const { record, call } of projects) {
          let callId = callIds.get(call.code);
          if (callId === undefined) {
            callId = (await ensureCall(trx, { call, title: record.call?.title ?? null })).id;
            callIds.set(call.code, callId);
          }
          const partners = [];
          for (const p of record.partners) {
            partners.push({ organisationId: await organisationId(trx, p.organisation), role: p.role, grantShare: p.grantShare });
          }
          rows.push(rowsFor(record, { callId, beneficiaryId: await organisationId(trx, record.beneficiary) }, partners));
        }
        return insertProjects(trx, rows);
      });
    },

    /** The highest serial already used under an identifier prefix ("CALL-YEAR-"), or 0. */
    async lastSerial(prefix: string): Promise<number> {
      const row = await db.knex("projects").where("identifier", "like", `${prefix}%`).max({ last: db.knex.raw("right(identifier, 5)") }).first();
      return row?.last ? Number(row.last) : 0;
    },
  };
}

export type BulkLoadService = ReturnType<typeof createBulkLoadService>;
