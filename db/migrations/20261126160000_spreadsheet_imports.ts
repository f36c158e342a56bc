/**
 * A spreadsheet uploaded in the browser waits here between its preview and the user's confirmation: the
 * projects it would write, as checked at the preview, and the version of each stored project the preview
 * was based on, so that a confirmation after someone else's edit is refused. Rows expire after a day.
 */
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("spreadsheet_imports", (t) => {
    t.uuid("id").primary().defaultTo(knex.raw("gen_random_uuid()"));
    t.integer("user_id").notNullable().references("users.id").onDelete("CASCADE");
    t.text("file_name").notNullable();
    t.integer("row_count").notNullable();
    /** The projects as parsed at the preview, with the version each stored one had then. */
    t.jsonb("inputs").notNullable();
    t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp("expires_at", { useTz: true }).notNullable();
    t.check("row_count >= 0", [], "spreadsheet_imports_row_count_positive");
    t.check("expires_at > created_at", [], "spreadsheet_imports_expire_later");
    t.index(["expires_at"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("spreadsheet_imports");
}
