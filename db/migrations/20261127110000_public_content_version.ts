/**
 * The version of everything the public site shows, in one row. Every write the public can see raises it in its
 * own transaction, so each app instance over the database can tell with one lookup whether a page it rendered
 * earlier is still right. `due_at` is the next moment the public content changes without a write (a scheduled
 * notice going public, the day turning); the first reader after it raises the version. A write sets it to the past
 * (the epoch) so that the next reader works the next moment out again, with the write's data.
 */
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table public_content_version (
      singleton boolean primary key default true,
      version bigint not null,
      changed_at timestamptz not null,
      due_at timestamptz not null,
      constraint public_content_version_one_row check (singleton)
    )`);
  await knex.raw("insert into public_content_version (version, changed_at, due_at) values (1, now(), 'epoch')");
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw("drop table public_content_version");
}
