/**
 * The public news list and feeds read published notices newest first, page after page by seeking
 * past the last one shown: an index in that order, on published notices only, keeps every page fast.
 */
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.raw("create index notices_published_newest_first on notices (published_at desc, id desc) where status = 'published'");
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw("drop index notices_published_newest_first");
}
