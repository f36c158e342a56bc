/**
 * The list of operations, read in keyset-paged batches on the primary key (the
 * seek method): each batch is one bounded query however large the portfolio.
 */
import type { Knex } from "knex";
import type { PartialDate } from "../domain/dates.js";
import type { Operation } from "../domain/operationsList.js";
import type { ProjectStatus } from "../domain/project.js";
import { groupByProject } from "./batches.js";
import { filtered } from "./projectReads.js";
import { projectDates, type Row } from "./projectRows.js";

/** Up to `limit` projects public on `today` with an id above `afterId`, in id order. */
export async function operationsAfter(db: Knex, today: PartialDate, afterId: number, limit: number): Promise<Operation[]> {
  const rows: Row[] = await filtered(db, { publishedBy: today })
    .where("p.id", ">", afterId)
    .orderBy("p.id")
    .limit(limit)
    .select(
      "p.id", "p.uid", "p.identifier", "p.title", "p.summary", "p.status", "p.specific_objective", "p.intervention_type",
      "p.settlement", "p.county", "p.country", "p.location_indicator", "p.total_cost", "p.grant_amount",
      "p.own_contribution", "p.eu_cofinancing_rate", "p.updated_at",
      ...["start_date", "planned_end_date", "actual_end_date"].flatMap((c) => [`p.${c}`, `p.${c}_precision`]),
      "o.name as beneficiary_name", "c.code as call_code", "c.title as call_title", "pr.code as programme_code",
      "pr.name as programme_name",
    );
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id as number);
  const contractors = groupByProject(
    await db("procurements as pc")
      .join("organisations as o", "o.id", "pc.contractor_id")
      .whereIn("pc.project_id", ids)
      .orderBy(["pc.project_id", "pc.position"])
      .select("pc.project_id", "o.name"),
  );
  const funds = groupByProject(
    await db("project_funds as pf")
      .join("funds as f", "f.id", "pf.fund_id")
      .whereIn("pf.project_id", ids)
      .orderBy(["pf.project_id", "pf.position"])
      .select("pf.project_id", "f.code", "f.name"),
  );
  return rows.map((row) => {
    const id = row.id as number;
    const { start, plannedEnd, actualEnd } = projectDates(row);
    return {
      id,
      uid: row.uid as string,
      identifier: row.identifier as string | null,
      title: row.title as string,
      summary: row.summary as string | null,
      status: row.status as ProjectStatus,
      beneficiary: row.beneficiary_name as string,
      contractors: [...new Set((contractors.get(id) ?? []).map((c) => c.name as string))],
      programme: row.programme_code ? { code: row.programme_code as string, name: row.programme_name as string } : null,
      call: row.call_code ? { code: row.call_code as string, title: row.call_title as string | null } : null,
      funds: (funds.get(id) ?? []).map((f) => ({ code: f.code as string, name: f.name as string })),
      specificObjective: row.specific_objective as string | null,
      interventionType: row.intervention_type as string | null,
      dates: { start, plannedEnd, actualEnd },
      funding: {
        totalCost: row.total_cost as number | null,
        grant: row.grant_amount as number | null,
        ownContribution: row.own_contribution as number | null,
      },
      euCofinancingRate: row.eu_cofinancing_rate as number | null,
      location: {
        settlement: row.settlement as string | null,
        county: row.county as string | null,
        country: row.country as string,
        indicator: row.location_indicator as string | null,
      },
      updatedAt: new Date(row.updated_at as string).toISOString(),
    };
  });
}
