/**
 * A project closed although its closure checklist did not pass carries the admin's written reason.
 * It is a project field like any other, so the audit entry of the closing records it.
 */
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("projects", (t) => {
    t.text("closure_reason");
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("projects", (t) => {
    t.dropColumn("closure_reason");
  });
}
