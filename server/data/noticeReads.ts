/**
 * Reads of published notices across projects, for the public news pages and feeds. Only notices whose
 * publication moment has come, of projects public on the day asked, are ever read here: the SQL form
 * of server/domain/visibility.ts, so that paging counts only what the public may see.
 */
import type { Knex } from "knex";
import { firstDay, type PartialDate } from "../domain/dates.js";
import type { Notice } from "../domain/project.js";
import { RECORD_TABLES, type Row } from "./projectRows.js";

export interface PublishedNotice {
  notice: Notice & { uid: string; publishedAt: string };
  /** When the notice was last changed (ISO 8601). */
  updatedAt: string;
  project: { id: number; uid: string; identifier: string | null; slug: string; title: string; beneficiaryName: string };
}

/** The public's view: published by `asOf`, of a project public on `publicOn`. */
export interface PublicView {
  asOf: Date;
  publicOn: PartialDate;
}

const NO_ORGANISATIONS = {
  byId(): never {
    throw new Error("Notices refer to no organisation");
  },
};

function visible(db: Knex, view: PublicView): Knex.QueryBuilder {
  return db("notices as n")
    .join("projects as p", "p.id", "n.project_id")
    .join("organisations as o", "o.id", "p.beneficiary_id")
    .where("n.status", "published")
    .where("n.published_at", "<=", view.asOf.toISOString())
    .where("p.published_from", "<=", firstDay(view.publicOn))
    .select("n.*", "p.uid as project_uid", "p.identifier as project_identifier", "p.slug as project_slug", "p.title as project_title", "o.name as beneficiary_name");
}

function fromRow(row: Row): PublishedNotice {
  return {
    notice: RECORD_TABLES.notices.fromRow(row, NO_ORGANISATIONS) as PublishedNotice["notice"],
    updatedAt: new Date(row.updated_at as string | Date).toISOString(),
    project: {
      id: row.project_id as number,
      uid: row.project_uid as string,
      identifier: row.project_identifier as string | null,
      slug: row.project_slug as string,
      title: row.project_title as string,
      beneficiaryName: row.beneficiary_name as string,
    },
  };
}

/**
 * Published notices, newest first (by publication moment, then id): `limit` of them, after the notice
 * `before` names when given (seek paging on the index of published notices), of one project when given.
 */
export async function publishedNotices(
  db: Knex,
  view: PublicView,
  options: { limit: number; before?: string; projectId?: number },
): Promise<PublishedNotice[]> {
  const query = visible(db, view).orderBy([{ column: "n.published_at", order: "desc" }, { column: "n.id", order: "desc" }]).limit(options.limit);
  if (options.projectId !== undefined) query.where("n.project_id", options.projectId);
  if (options.before !== undefined) {
    query.whereRaw("(n.published_at, n.id) < (select published_at, id from notices where uid = ?)", [options.before]);
  }
  return (await query).map(fromRow);
}

/** One published notice of a public project; undefined when there is none the public may see. */
export async function publishedNotice(db: Knex, view: PublicView, uid: string): Promise<PublishedNotice | undefined> {
  const row = await visible(db, view).where("n.uid", uid).first();
  return row ? fromRow(row) : undefined;
}
