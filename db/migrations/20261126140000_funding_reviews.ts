/**
 * The auditor's funding review: each review an auditor records of a project's
 * figures, and two facts kept on the project so the review table filters a
 * large portfolio with plain indexed comparisons:
 * - figures_version: the project version at which its reviewed figures last
 *   changed (the write path keeps it); a review remembers the version it saw,
 *   so "changed since review" is figures_version > the review's version.
 * - finding_count: how many consistency findings the project has (the write
 *   path keeps it; null until the application has counted, after migrating).
 */
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("projects", (t) => {
    t.integer("figures_version").notNullable().defaultTo(1);
    t.integer("finding_count");
    t.check("figures_version >= 1", [], "projects_figures_version_positive");
    t.check("finding_count >= 0", [], "projects_finding_count_not_negative");
    t.index(["finding_count"]);
  });
  // Without a record of when the figures last changed, the latest version is the safe answer.
  await knex.raw("update projects set figures_version = version");

  await knex.raw(`
    create table funding_reviews (
      id integer generated always as identity primary key,
      uid uuid not null default gen_random_uuid() unique,
      project_id integer not null references projects(id) on delete cascade,
      project_version integer not null,
      reviewed_on date not null,
      outcome text not null,
      comment text,
      user_id integer references users(id) on delete set null,
      actor text not null,
      created_at timestamptz not null default now(),
      constraint funding_reviews_outcome_known check (outcome in ('accepted', 'questions')),
      constraint funding_reviews_project_version_positive check (project_version >= 1),
      constraint funding_reviews_actor_present check (btrim(actor) <> ''),
      constraint funding_reviews_questions_explained check (outcome <> 'questions' or btrim(coalesce(comment, '')) <> '')
    )`);
  await knex.raw("create index funding_reviews_latest on funding_reviews (project_id, id desc)");
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw("drop table funding_reviews");
  await knex.schema.alterTable("projects", (t) => {
    t.dropColumn("figures_version");
    t.dropColumn("finding_count");
  });
}
