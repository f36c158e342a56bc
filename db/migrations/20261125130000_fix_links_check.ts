/**
 * links_ok as first written lost the `?` of `https?` to knex's placeholder
 * syntax, so it refused every link. This puts the intended pattern in place
 * (written without `?`, which knex.raw would read as a binding).
 */
import type { Knex } from "knex";

const definition = (pattern: string) => `
  create or replace function links_ok(links jsonb) returns boolean
  language sql immutable as $$
    select jsonb_typeof(links) = 'array' and not exists (
      select 1 from jsonb_array_elements(links) as link
      where jsonb_typeof(link) <> 'object'
         or coalesce(btrim(link->>'title'), '') = ''
         or coalesce(link->>'url', '') !~ '${pattern}'
    )
  $$`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(definition("^https{0,1}://[^\\s/]+"));
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(definition("^https$1://[^\\s/]+"));
}
