/** The composition root: every service, wired to one database. */
import { sharedSecret } from "../data/appSecrets.js";
import type { Database } from "../data/database.js";
import { sessionStore } from "../data/sessionStore.js";
import { createAccountService } from "./accountService.js";
import { createAuditService } from "./auditService.js";
import { createBulkLoadService } from "./bulkLoadService.js";
import { createCalendarService } from "./calendarService.js";
import { createClosureReportService } from "./closureReportService.js";
import { createDashboardService } from "./dashboardService.js";
import { createExportService } from "./exportService.js";
import { createFundingReviewService } from "./fundingReviewService.js";
import { createHistoryService } from "./historyService.js";
import { createImportService } from "./importService.js";
import { createNoticeService } from "./noticeService.js";
import { createOpenDataService } from "./openDataService.js";
import { createProjectEditService } from "./projectEditService.js";
import { createProjectService } from "./projectService.js";
import { createPublicContentService } from "./publicContentService.js";
import { createReferenceEditService } from "./referenceEditService.js";
import { createSpreadsheetService } from "./spreadsheetService.js";

export interface ServiceSettings {
  /** Origin of public links, e.g. https://projektek.pest.gov.hu */
  publicBaseUrl: string;
}

export function buildServices(db: Database, settings: ServiceSettings) {
  const publicContent = createPublicContentService(db);
  const projects = createProjectService(db, publicContent);
  const history = createHistoryService(db);
  return {
    settings,
    projects,
    editing: createProjectEditService(db, projects),
    notices: createNoticeService(db, projects),
    closureReports: createClosureReportService(db, projects),
    importer: createImportService(db),
    exporter: createExportService(db),
    openData: createOpenDataService(db),
    publicContent,
    spreadsheets: createSpreadsheetService(db),
    bulkLoader: createBulkLoadService(db),
    audit: createAuditService(db),
    history,
    fundingReview: createFundingReviewService(db, projects, history),
    references: createReferenceEditService(db),
    accounts: createAccountService(db),
    /** Made on demand: the store checks its table as soon as it exists, which only a serving app needs. */
    sessionStore: () => sessionStore(db.knex),
    /** The key that signs session cookies: made on first start, kept in the database, shared by every instance. */
    sessionSecret: () => sharedSecret(db.knex, "session"),
    dashboard: createDashboardService(db),
    calendar: createCalendarService(db, settings),
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
