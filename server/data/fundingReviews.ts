/**
 * The funding review table and the reviews themselves. Filters, order, paging
 * and totals all run in the database: the totals are sums over every project
 * the filter keeps, never over a page. Paging seeks on the sort key and the id
 * (keyset), so a deep page costs what the first one does.
 */
import type { Knex } from "knex";
import type { ProjectStatus } from "../domain/project.js";
import type { ReviewOutcome, ReviewSort, ReviewTableFilter, ReviewTableQuery } from "../domain/review.js";
import type { Scope } from "./dashboardReads.js";
import type { Row } from "./projectRows.js";

const AMENDMENT_COUNT = "(select count(*) from funding_amendments a where a.project_id = p.id)";
const CHANGED = "(lr.project_version is not null and p.figures_version > lr.project_version)";

/**
 * What each order sorts on. Unknown amounts sort as -1 (amounts are never negative) and a missing identifier
 * as the empty text, so the seek compares plain values; the byte order ("C") keeps identifiers in one order
 * on every server.
 */
const SORT_KEYS: Record<ReviewSort, { sql: string; cast: string }> = {
  identifier: { sql: `coalesce(p.identifier, '') collate "C"`, cast: `?::text collate "C"` },
  total_cost: { sql: "coalesce(p.total_cost, -1)", cast: "?::bigint" },
  grant: { sql: "coalesce(p.grant_amount, -1)", cast: "?::bigint" },
  grant_paid: { sql: "coalesce(p.grant_paid, -1)", cast: "?::bigint" },
  own_contribution: { sql: "coalesce(p.own_contribution, -1)", cast: "?::bigint" },
  amendments: { sql: AMENDMENT_COUNT, cast: "?::bigint" },
  findings: { sql: "coalesce(p.finding_count, 0)", cast: "?::integer" },
};

/** The projects the filter keeps, with each one's latest review beside it. */
function filtered(db: Knex, scope: Scope, filter: ReviewTableFilter): Knex.QueryBuilder {
  const query = db
    .from("projects as p")
    .leftJoin("calls as c", "c.id", "p.call_id")
    .leftJoin("programmes as pr", "pr.id", "c.programme_id")
    .joinRaw(
      `left join lateral (
         select r.project_version, r.reviewed_on, r.outcome, r.actor from funding_reviews r
         where r.project_id = p.id order by r.id desc limit 1) lr on true`,
    );
  if (scope !== null) query.whereIn("p.id", [...scope]);
  if (filter.programme) query.where("pr.code", filter.programme);
  if (filter.status) query.where("p.status", filter.status);
  if (filter.review === "changed") query.whereRaw(CHANGED);
  if (filter.review === "unreviewed") query.whereNull("lr.project_version");
  if (filter.review === "current") query.whereRaw("p.figures_version <= lr.project_version");
  if (filter.findings === true) query.where("p.finding_count", ">", 0);
  if (filter.findings === false) query.whereRaw("coalesce(p.finding_count, 0) = 0");
  return query;
}

export interface ReviewTableRow {
  id: number;
  identifier: string | null;
  title: string;
  status: ProjectStatus;
  programmeCode: string | null;
  totalCost: number | null;
  grant: number | null;
  grantPaid: number | null;
  ownContribution: number | null;
  amendments: number;
  findings: number;
  lastReview: { reviewedOn: string; outcome: ReviewOutcome; actor: string } | null;
  changedSinceReview: boolean;
  /** This row's sort key, for the next page's seek. */
  sortValue: string | number | null;
}

export interface ReviewTotals {
  projects: number;
  totalCost: number;
  grant: number;
  grantPaid: number;
  ownContribution: number;
  amendments: number;
  findings: number;
  changedSinceReview: number;
  /** The grant and total cost of the projects that have both: what the portfolio's support intensity is of. */
  intensityBase: { grant: number; totalCost: number };
}

/** One page of the table, in the order asked, after the given row. */
export async function reviewTablePage(db: Knex, scope: Scope, q: ReviewTableQuery): Promise<ReviewTableRow[]> {
  const key = SORT_KEYS[q.sort];
  const direction = q.descending ? "desc" : "asc";
  const query = filtered(db, scope, q.filter)
    .select(
      "p.id", "p.identifier", "p.title", "p.status", "pr.code as programme_code", "p.total_cost", "p.grant_amount",
      "p.grant_paid", "p.own_contribution", "lr.reviewed_on", "lr.outcome", "lr.actor as reviewer",
      db.raw(`${AMENDMENT_COUNT}::integer as amendments`),
      db.raw("coalesce(p.finding_count, 0) as findings"),
      db.raw(`${CHANGED} as changed`),
      db.raw(`${key.sql} as sort_value`),
    )
    .orderByRaw(`${key.sql} ${direction}, p.id ${direction}`)
    .limit(q.limit);
  if (q.after) query.whereRaw(`(${key.sql}, p.id) ${q.descending ? "<" : ">"} (${key.cast}, ?)`, [q.after.value, q.after.id]);
  const rows: Row[] = await query;
  return rows.map((r) => ({
    id: r.id as number,
    identifier: r.identifier as string | null,
    title: r.title as string,
    status: r.status as ProjectStatus,
    programmeCode: r.programme_code as string | null,
    totalCost: r.total_cost as number | null,
    grant: r.grant_amount as number | null,
    grantPaid: r.grant_paid as number | null,
    ownContribution: r.own_contribution as number | null,
    amendments: Number(r.amendments),
    findings: Number(r.findings),
    lastReview: r.outcome
      ? { reviewedOn: r.reviewed_on as string, outcome: r.outcome as ReviewOutcome, actor: r.reviewer as string }
      : null,
    changedSinceReview: r.changed === true,
    sortValue: q.sort === "identifier" ? (r.sort_value as string) : Number(r.sort_value),
  }));
}

/** Counts and sums over every project the filter keeps. */
export async function reviewTableTotals(db: Knex, scope: Scope, filter: ReviewTableFilter): Promise<ReviewTotals> {
  const row: Row = await filtered(db, scope, filter)
    .first(
      db.raw("count(*)::integer as projects"),
      db.raw("coalesce(sum(p.total_cost), 0) as total_cost"),
      db.raw("coalesce(sum(p.grant_amount), 0) as grant"),
      db.raw("coalesce(sum(p.grant_paid), 0) as grant_paid"),
      db.raw("coalesce(sum(p.own_contribution), 0) as own_contribution"),
      db.raw(`coalesce(sum(${AMENDMENT_COUNT}), 0) as amendments`),
      db.raw("coalesce(sum(p.finding_count), 0) as findings"),
      db.raw(`count(*) filter (where ${CHANGED})::integer as changed`),
      db.raw("coalesce(sum(p.grant_amount) filter (where p.total_cost is not null), 0) as base_grant"),
      db.raw("coalesce(sum(p.total_cost) filter (where p.grant_amount is not null), 0) as base_total_cost"),
    );
  return {
    projects: Number(row.projects),
    totalCost: Number(row.total_cost),
    grant: Number(row.grant),
    grantPaid: Number(row.grant_paid),
    ownContribution: Number(row.own_contribution),
    amendments: Number(row.amendments),
    findings: Number(row.findings),
    changedSinceReview: Number(row.changed),
    intensityBase: { grant: Number(row.base_grant), totalCost: Number(row.base_total_cost) },
  };
}

export interface StoredReview {
  uid: string;
  projectVersion: number;
  reviewedOn: string;
  outcome: ReviewOutcome;
  comment: string | null;
  actor: string;
  createdAt: string;
}

export interface NewReview {
  projectId: number;
  projectVersion: number;
  reviewedOn: string;
  outcome: ReviewOutcome;
  comment: string | null;
  userId: number | null;
  actor: string;
}

export async function insertReview(db: Knex, review: NewReview): Promise<string> {
  const [row] = await db("funding_reviews")
    .insert({
      project_id: review.projectId,
      project_version: review.projectVersion,
      reviewed_on: review.reviewedOn,
      outcome: review.outcome,
      comment: review.comment,
      user_id: review.userId,
      actor: review.actor,
    })
    .returning("uid");
  return row.uid as string;
}

/** A project's reviews, the latest first. */
export async function reviewsOf(db: Knex, projectId: number): Promise<StoredReview[]> {
  const rows: Row[] = await db("funding_reviews")
    .where({ project_id: projectId })
    .orderBy("id", "desc")
    .select("uid", "project_version", "reviewed_on", "outcome", "comment", "actor", "created_at");
  return rows.map((r) => ({
    uid: r.uid as string,
    projectVersion: r.project_version as number,
    reviewedOn: r.reviewed_on as string,
    outcome: r.outcome as ReviewOutcome,
    comment: r.comment as string | null,
    actor: r.actor as string,
    createdAt: new Date(r.created_at as string).toISOString(),
  }));
}

/** The project version at which the project's reviewed figures last changed. */
export async function figuresVersionOf(db: Knex, projectId: number): Promise<number> {
  const row = await db("projects").where({ id: projectId }).first("figures_version");
  return row.figures_version as number;
}
