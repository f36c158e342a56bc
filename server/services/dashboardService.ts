/** Where staff land: open deadlines, portfolio totals and projects with findings, for the projects the actor may see. */
import { ForbiddenError } from "../errors.js";
import { addDays, WINDOW_DAYS, type Deadline } from "../domain/deadlines.js";
import { findingsOf, type Finding } from "../domain/findings.js";
import { may, type Actor } from "../domain/permissions.js";
import type { StoredProject } from "../domain/project.js";
import type { Database } from "../data/database.js";
import type { PortfolioTotals } from "../domain/totals.js";
import { openDeadlines, portfolioTotals, projectIdsAfter, type Scope } from "../data/dashboardReads.js";
import { loadProjects } from "../data/projectReads.js";

/** How many of each list a page shows at most; the rest is counted as "more". */
export const LIMITS = { overdue: 200, upcoming: 500, findings: 50 } as const;
/** Projects read at a time while looking for findings, so the portfolio is never in memory at once. */
const FINDINGS_BATCH = 100;

export interface ProjectWithFindings {
  project: Pick<StoredProject, "id"> & { identifier: string | null; title: string };
  findings: Finding[];
}

export interface DashboardOverview {
  today: string;
  overdue: Deadline[];
  upcoming: Deadline[];
  /** True when more deadlines exist than the lists hold. */
  moreOverdue: boolean;
  moreUpcoming: boolean;
  totals: PortfolioTotals;
  withFindings: ProjectWithFindings[];
  moreWithFindings: boolean;
}

export const scopeOf = (actor: Actor): Scope => (actor.projectIds === null ? null : [...actor.projectIds]);

export function requireStaff(actor: Actor): void {
  if (!may(actor, "read_staff_pages")) throw new ForbiddenError("Ehhez az oldalhoz munkatársi szerepkör kell");
}

export function createDashboardService(db: Database) {
  /** The first projects in scope (by id) that have findings, reading the portfolio a batch at a time. */
  async function projectsWithFindings(scope: Scope, limit: number): Promise<{ found: ProjectWithFindings[]; more: boolean }> {
    const found: ProjectWithFindings[] = [];
    let afterId = 0;
    for (;;) {
      const ids = await projectIdsAfter(db.knex, scope, afterId, FINDINGS_BATCH);
      if (ids.length === 0) return { found, more: false };
      for (const stored of await loadProjects(db.knex, ids)) {
        const findings = findingsOf(stored);
        if (findings.length === 0) continue;
        if (found.length === limit) return { found, more: true };
        found.push({ project: { id: stored.id, identifier: stored.record.identifier, title: stored.record.title }, findings });
      }
      afterId = ids[ids.length - 1]!;
    }
  }

  return {
    /** The dashboard of `actor` on `today` (YYYY-MM-DD, a Budapest day). */
    async overview(actor: Actor, today: string): Promise<DashboardOverview> {
      requireStaff(actor);
      const scope = scopeOf(actor);
      const [overdue, upcoming, totals, findings] = await Promise.all([
        openDeadlines(db.knex, { scope, from: null, to: addDays(today, -1), latestFirst: true, limit: LIMITS.overdue + 1 }),
        openDeadlines(db.knex, { scope, from: today, to: addDays(today, WINDOW_DAYS.days90), limit: LIMITS.upcoming + 1 }),
        portfolioTotals(db.knex, scope),
        projectsWithFindings(scope, LIMITS.findings),
      ]);
      return {
        today,
        overdue: overdue.slice(0, LIMITS.overdue),
        moreOverdue: overdue.length > LIMITS.overdue,
        upcoming: upcoming.slice(0, LIMITS.upcoming),
        moreUpcoming: upcoming.length > LIMITS.upcoming,
        totals,
        withFindings: findings.found,
        moreWithFindings: findings.more,
      };
    },
  };
}

export type DashboardService = ReturnType<typeof createDashboardService>;
