/**
 * The auditor's funding review: the portfolio's figures as one table, and
 * the reviews auditors record of a project's figures.
 *
 * "Changed since review" is maintained, not recomputed from the audit trail on
 * every read: the write path — the one every form, API call and import goes
 * through — sets the project's figures_version whenever a change touches the
 * reviewed figures (domain/review.ts), and a review keeps the project version
 * it saw. The filter is then one comparison per project beside its latest
 * review, cheap on any portfolio size, and right after any path of writing.
 * What exactly changed is read from the audit trail only for the one project
 * shown, with the same rule narrowing its entries.
 */
import { ConflictError, ForbiddenError, NotFoundError } from "../errors.js";
import { changedFields } from "../domain/audit.js";
import { firstDay, type PartialDate } from "../domain/dates.js";
import { may, type Actor } from "../domain/permissions.js";
import type { ReviewOutcome, ReviewTableQuery } from "../domain/review.js";
import type { Database } from "../data/database.js";
import { auditedTransaction } from "../data/auditRepository.js";
import {
  figuresVersionOf,
  insertReview,
  reviewsOf,
  reviewTablePage,
  reviewTableTotals,
  type ReviewTableRow,
  type ReviewTotals,
  type StoredReview,
} from "../data/fundingReviews.js";
import { loadProjects } from "../data/projectReads.js";
import type { HistoryService, FigureChanges } from "./historyService.js";
import { scopeOf } from "./dashboardService.js";
import type { ProjectDetail, ProjectService } from "./projectService.js";

export interface ReviewTableRowWithPartners extends ReviewTableRow {
  /** The consortium's grant shares in force (after amendments). */
  partners: Array<{ name: string; grantShare: number | null }>;
}

export interface ReviewTable {
  rows: ReviewTableRowWithPartners[];
  totals: ReviewTotals;
  /** Where the next page starts, or null on the last page. */
  next: { value: string | number | null; id: number } | null;
}

export interface ProjectReview {
  project: ProjectDetail;
  reviews: StoredReview[];
  /** The figures changed after the latest review; false when there is none. */
  changedSinceReview: boolean;
  /** The changes to the figures since the latest review; null when the project was never reviewed. */
  changes: FigureChanges | null;
}

export interface ReviewInput {
  reviewedOn: PartialDate;
  outcome: ReviewOutcome;
  comment: string | null;
  /** The project version the auditor looked at. */
  version: number;
}

function requireReviewer(actor: Actor): void {
  if (!may(actor, "review_funding")) throw new ForbiddenError("A finanszírozás felülvizsgálatához ellenőr vagy admin szerepkör kell.");
}

export function createFundingReviewService(db: Database, projects: ProjectService, history: HistoryService) {
  return {
    async table(actor: Actor, query: ReviewTableQuery): Promise<ReviewTable> {
      requireReviewer(actor);
      const scope = scopeOf(actor);
      const [found, totals] = await Promise.all([
        reviewTablePage(db.knex, scope, { ...query, limit: query.limit + 1 }),
        reviewTableTotals(db.knex, scope, query.filter),
      ]);
      const rows = found.slice(0, query.limit);
      const partners = new Map(
        (await loadProjects(db.knex, rows.map((r) => r.id))).map((p) => [
          p.id,
          p.partnersInForce.map((partner) => ({ name: partner.organisation.name, grantShare: partner.grantShare })),
        ]),
      );
      const last = rows.at(-1);
      return {
        rows: rows.map((r) => ({ ...r, partners: partners.get(r.id) ?? [] })),
        totals,
        next: found.length > query.limit && last ? { value: last.sortValue, id: last.id } : null,
      };
    },

    async review(actor: Actor, key: string): Promise<ProjectReview> {
      requireReviewer(actor);
      const project = await projects.get(key);
      const reviews = await reviewsOf(db.knex, project.id);
      const latest = reviews[0];
      if (!latest) return { project, reviews, changedSinceReview: false, changes: null };
      const figuresVersion = await figuresVersionOf(db.knex, project.id);
      return {
        project,
        reviews,
        changedSinceReview: figuresVersion > latest.projectVersion,
        changes: await history.figureChangesSince(actor, { id: project.id, uid: project.record.uid! }, latest.projectVersion),
      };
    },

    /**
     * Records a review of the project's figures as they stand at `input.version`. Recording a review is the
     * auditor's own act, not a change to the project: the project keeps its version, and the review goes into
     * the audit trail under the project, in the same transaction.
     */
    async record(actor: Actor, key: string, input: ReviewInput): Promise<{ id: number; identifier: string | null }> {
      requireReviewer(actor);
      const id = await projects.idOf(key);
      if (id === undefined) throw new NotFoundError(`Nincs ilyen projekt: ${key}`);
      return auditedTransaction(db.knex, async (trx, audit) => {
        const project = await trx("projects").where({ id }).forUpdate().first("uid", "version", "identifier");
        if (project.version !== input.version) {
          throw new ConflictError(
            `A projekt adatai közben megváltoztak (a(z) ${input.version}. változat helyett már a(z) ${project.version}. az érvényes): nézze át újra a számokat.`,
            [],
          );
        }
        const values = {
          reviewed_on: firstDay(input.reviewedOn),
          outcome: input.outcome,
          comment: input.comment,
          project_version: input.version,
        };
        const uid = await insertReview(trx, {
          projectId: id,
          projectVersion: input.version,
          reviewedOn: values.reviewed_on,
          outcome: input.outcome,
          comment: input.comment,
          userId: actor.userId,
          actor: actor.label,
        });
        await audit.add({
          actor: actor.label,
          action: "create",
          entity: "funding_review",
          entityKey: uid,
          projectUid: project.uid as string,
          // The project itself did not change: its version stays, and version checks of editors ignore this entry.
          projectVersion: null,
          changes: { fields: {}, records: [{ entity: "funding_review", uid, action: "create", fields: changedFields(null, values) }] },
        });
        return { id, identifier: project.identifier as string | null };
      });
    },
  };
}

export type FundingReviewService = ReturnType<typeof createFundingReviewService>;
