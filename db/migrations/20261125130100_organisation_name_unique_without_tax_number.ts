/**
 * An organisation without a tax number is known by its name alone, so two of
 * them with one name are one organisation (the importer already refuses to
 * guess between them). Saying so in the database lets concurrent writers
 * creating the same organisation settle on one row.
 */
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.raw("create unique index organisations_name_unique_without_tax_number on organisations (name) where tax_number is null");
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw("drop index organisations_name_unique_without_tax_number");
}
