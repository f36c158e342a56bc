/**
 * A programme an import created from a list's own columns (a new instrument's list, a programme our tables
 * did not know) waits for an admin to confirm its name, period and instrument; every programme stored
 * before this migration is confirmed.
 */
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("programmes", (t) => {
    t.boolean("confirmed").notNullable().defaultTo(true);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("programmes", (t) => {
    t.dropColumn("confirmed");
  });
}
