/**
 * Programmes become editable in the browser like organisations and calls: a
 * uid that names them in the audit trail, and a version for optimistic
 * concurrency (two people saving the same programme).
 */
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("programmes", (t) => {
    t.uuid("uid").notNullable().defaultTo(knex.raw("gen_random_uuid()")).unique();
    t.integer("version").notNullable().defaultTo(1);
    t.check("version >= 1", [], "programmes_version_positive");
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("programmes", (t) => {
    t.dropColumn("uid");
    t.dropColumn("version");
  });
}
