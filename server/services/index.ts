/** The composition root: every service, wired to one database. */
import type { Database } from "../data/database.js";
import { createAuditService } from "./auditService.js";
import { createBulkLoadService } from "./bulkLoadService.js";
import { createExportService } from "./exportService.js";
import { createImportService } from "./importService.js";
import { createProjectService } from "./projectService.js";
import { createReferenceEditService } from "./referenceEditService.js";

export interface ServiceSettings {
  /** Origin of public links, e.g. https://projektek.pest.gov.hu */
  publicBaseUrl: string;
}

export function buildServices(db: Database, settings: ServiceSettings) {
  return {
    settings,
    projects: createProjectService(db),
    importer: createImportService(db),
    exporter: createExportService(db),
    bulkLoader: createBulkLoadService(db),
    audit: createAuditService(db),
    references: createReferenceEditService(db),
    health: {
      /** True when the database answers a query. */
      async databaseAnswers(): Promise<boolean> {
        try {
          await db.knex.raw("select 1");
          return true;
        } catch {
          return false;
        }
      },
    },
  };
}

export type Services = ReturnType<typeof buildServices>;
