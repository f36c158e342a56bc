/**
 * Indexes in the exact orders the project lists (the API and the staff list) sort by, so that a page is an
 * index scan that stops after its rows — with a cursor, after its position (keyset paging) — instead of a sort
 * of the whole table.
 *
 * The identifier order is byte by byte (collate "C", the same on every engine) with projects without an
 * identifier last, by id. A plain index on `identifier` cannot serve it (its collation is the database's, and
 * nulls break a keyset condition), so the key is `coalesce(identifier, chr(1114111)) collate "C"`: U+10FFFF is
 * the highest code point, so it sorts after every identifier, and the key is never null. The repository
 * (server/data/projectReads.ts, IDENTIFIER_KEY) sorts by exactly this expression.
 *
 * The programme and period filters get the same two orders behind their column, so a filtered page is one
 * index range too; the programme index also serves the trigger that follows a call's move.
 */
import type { Knex } from "knex";

const IDENTIFIER_KEY = `(coalesce(identifier, chr(1114111)) collate "C")`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`create index projects_identifier_order on projects (${IDENTIFIER_KEY}, id)`);
  await knex.raw(`create index projects_programme_identifier_order on projects (programme_id, ${IDENTIFIER_KEY}, id)`);
  await knex.raw(`create index projects_period_identifier_order on projects (programme_period, ${IDENTIFIER_KEY}, id)`);
  await knex.raw("create index projects_programme_title_order on projects (programme_id, title_sort_key, id)");
  await knex.raw("create index projects_period_title_order on projects (programme_period, title_sort_key, id)");
}

export async function down(knex: Knex): Promise<void> {
  for (const name of ["period_title", "programme_title", "period_identifier", "programme_identifier", "identifier"]) {
    await knex.raw(`drop index projects_${name}_order`);
  }
}
