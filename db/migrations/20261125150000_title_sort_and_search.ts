/**
 * Keys for ordering projects by title in Hungarian alphabetical order and for
 * searching titles without regard to accents. The application computes both
 * from the title (server/domain); rows stored before this migration are filled
 * in after it, at start-up. The sort key is compared byte by byte (collate "C"),
 * the same on every engine; the search text gets a trigram index, so that a
 * search for part of a title does not read the whole table.
 */
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.raw("create extension if not exists pg_trgm");
  await knex.raw('alter table projects add column title_sort_key text collate "C", add column title_search text');
  await knex.raw("create index projects_title_sort_key on projects (title_sort_key, id)");
  await knex.raw("create index projects_title_search on projects using gin (title_search gin_trgm_ops)");
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw("drop index projects_title_search");
  await knex.raw("drop index projects_title_sort_key");
  await knex.raw("alter table projects drop column title_search, drop column title_sort_key");
  // pg_trgm stays: dropping an extension is the server owner's decision.
}
