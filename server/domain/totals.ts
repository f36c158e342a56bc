/** Portfolio totals: how many projects and how much money (figures in force, forints), by programme and by status. */
import type { ProjectStatus } from "./project.js";

export interface Totals {
  projects: number;
  totalCost: number;
  grant: number;
  ownContribution: number;
}

export interface PortfolioTotals {
  byProgramme: Array<Totals & { programme: { code: string; name: string; period: string } | null }>;
  byStatus: Array<Totals & { status: ProjectStatus }>;
}
