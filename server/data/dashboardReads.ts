/** Reads for the dashboard and the calendar: open deadlines and portfolio totals, computed in the database. */
import type { Knex } from "knex";
import type { Deadline, DeadlineKind } from "../domain/deadlines.js";
import type { ProjectStatus } from "../domain/project.js";
import type { PortfolioTotals, Totals } from "../domain/totals.js";
import { readDate, type Row } from "./projectRows.js";

/** The last day a partial date can mean (a month's or a year's last day). */
const lastDay = (column: string) => `(case ${column}_precision
  when 'day' then ${column}
  when 'month' then (${column} + interval '1 month' - interval '1 day')::date
  else (${column} + interval '1 year' - interval '1 day')::date end)`;

const branch = (kind: DeadlineKind, table: string, column: string, title: string, obligationKind: string, open: string) => `
  select '${kind}' as kind, uid, ${table === "projects" ? "id" : "project_id"} as project_id, ${title} as title,
    ${obligationKind} as obligation_kind, ${column} as due, ${column}_precision as due_precision, ${lastDay(column)} as due_by
  from ${table} where ${column} is not null and ${open}`;

/** Everything still open that has a due date, one row each. */
const OPEN = [
  branch("milestone", "milestones", "due_date", "title", "null", "achieved_date is null"),
  branch("deliverable", "deliverables", "due_date", "title", "null", "delivered_date is null and not_delivered_reason is null"),
  branch("obligation", "obligations", "due_date", "title", "kind", "done_date is null"),
  branch("planned_end", "projects", "planned_end_date", "null", "null", "actual_end_date is null and status not in ('closed', 'withdrawn')"),
].join(" union all ");

/** The projects an actor may see: null for all of them. */
export type Scope = readonly number[] | null;

function scoped(query: Knex.QueryBuilder, scope: Scope, column = "p.id"): Knex.QueryBuilder {
  return scope === null ? query : query.whereIn(column, [...scope]);
}

export interface DeadlineQuery {
  scope: Scope;
  /** Inclusive bounds on the day a deadline falls due (YYYY-MM-DD); null for no bound. */
  from: string | null;
  to: string | null;
  /** Latest first (for what is overdue: the freshest matter most) or earliest first. */
  latestFirst?: boolean;
  limit: number;
}

export async function openDeadlines(db: Knex, q: DeadlineQuery): Promise<Deadline[]> {
  const query = db
    .from(db.raw(`(${OPEN}) as u`))
    .join("projects as p", "p.id", "u.project_id")
    .select("u.*", "p.identifier", "p.title as project_title", "p.status")
    .orderBy([
      { column: "u.due_by", order: q.latestFirst ? "desc" : "asc" },
      { column: "u.kind" },
      { column: "u.uid" },
    ])
    .limit(q.limit);
  if (q.from !== null) query.where("u.due_by", ">=", q.from);
  if (q.to !== null) query.where("u.due_by", "<=", q.to);
  const rows: Row[] = await scoped(query, q.scope);
  return rows.map((r) => ({
    kind: r.kind as DeadlineKind,
    uid: r.uid as string,
    project: {
      id: r.project_id as number,
      identifier: r.identifier as string | null,
      title: r.project_title as string,
      status: r.status as ProjectStatus,
    },
    title: r.title as string | null,
    obligationKind: r.obligation_kind as Deadline["obligationKind"],
    due: readDate(r, "due")!,
    dueBy: r.due_by as string,
  }));
}

/** Counts and sums of the figures in force, by programme and by status, in one grouped query. */
export async function portfolioTotals(db: Knex, scope: Scope): Promise<PortfolioTotals> {
  const query = db("projects as p")
    .leftJoin("calls as c", "c.id", "p.call_id")
    .leftJoin("programmes as pr", "pr.id", "c.programme_id")
    .select(
      db.raw("grouping(p.status) as by_programme"),
      "pr.code",
      "pr.name",
      "pr.period",
      "p.status",
      db.raw("count(*)::integer as projects"),
      db.raw("coalesce(sum(p.total_cost), 0) as total_cost"),
      db.raw("coalesce(sum(p.grant_amount), 0) as grant"),
      db.raw("coalesce(sum(p.own_contribution), 0) as own_contribution"),
    )
    .groupByRaw("grouping sets ((pr.code, pr.name, pr.period), (p.status))")
    .orderByRaw('pr.code collate "C" nulls last, p.status');
  const rows: Row[] = await scoped(query, scope);
  const totals = (r: Row): Totals => ({
    projects: r.projects as number,
    totalCost: r.total_cost as number,
    grant: r.grant as number,
    ownContribution: r.own_contribution as number,
  });
  return {
    byProgramme: rows
      .filter((r) => r.by_programme === 1)
      .map((r) => ({
        programme: r.code === null ? null : { code: r.code as string, name: r.name as string, period: r.period as string },
        ...totals(r),
      })),
    byStatus: rows.filter((r) => r.by_programme === 0).map((r) => ({ status: r.status as ProjectStatus, ...totals(r) })),
  };
}

/** Ids of the projects in scope after `afterId`, in id order: a page of a walk through the portfolio. */
export async function projectIdsAfter(db: Knex, scope: Scope, afterId: number, limit: number): Promise<number[]> {
  const rows: Row[] = await scoped(db("projects as p").where("p.id", ">", afterId).orderBy("p.id").limit(limit).select("p.id"), scope);
  return rows.map((r) => r.id as number);
}
