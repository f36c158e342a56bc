/**
 * The closure report's model: everything an auditor needs about a project at its closure, read once.
 * The presenter words it; the HTML page and the PDF both render the presenter's view.
 */
import { amendmentRecorders, figureChanges, type FigureChange } from "../domain/closureReport.js";
import { endDelay, type EndDelay } from "../domain/endDate.js";
import type { Database } from "../data/database.js";
import { projectEntries } from "../data/auditRepository.js";
import { fundNames } from "../data/referenceReads.js";
import type { ProjectDetail, ProjectService } from "./projectService.js";

export interface ClosureReport {
  /** The moment the report was made (ISO 8601). */
  madeAt: string;
  project: ProjectDetail;
  /** The funds by code with their names in full. */
  funds: Array<{ code: string; name: string | null }>;
  delay: EndDelay | null;
  /** Every recorded change of the funding figures, oldest first. */
  figureChanges: FigureChange[];
  /** Who recorded each amendment and when, by the amendment's uid. */
  amendmentRecorders: Map<string, { actor: string; recordedAt: string }>;
}

export function createClosureReportService(db: Database, projects: ProjectService) {
  return {
    /** The report of the project a key names, as of now. */
    async report(key: string): Promise<ClosureReport> {
      const madeAt = new Date().toISOString();
      const project = await projects.get(key);
      const entries = await projectEntries(db.knex, project.record.uid);
      const names = await fundNames(db.knex, project.record.funds);
      return {
        madeAt,
        project,
        funds: project.record.funds.map((code) => ({ code, name: names.get(code) ?? null })),
        delay: endDelay(project.record.dates),
        figureChanges: figureChanges(entries),
        amendmentRecorders: amendmentRecorders(entries),
      };
    },
  };
}

export type ClosureReportService = ReturnType<typeof createClosureReportService>;
