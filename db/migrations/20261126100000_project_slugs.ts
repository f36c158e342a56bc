/**
 * Stable public addresses: each project's current slug on its row, and every
 * slug a project has ever answered to in `project_slugs`, so that an address
 * once published keeps leading to its project (301 to the current one) and is
 * never handed to another project. The slugs of rows stored before this
 * migration are computed by the application at start-up (migrations never
 * import application code).
 */
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("projects", (t) => {
    // Compared byte by byte, so that a prefix search (`slug like 'base-%'`) uses the index on every engine.
    t.specificType("slug", 'text collate "C"').unique();
    t.check("slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'", [], "projects_slug_shape");
  });
  await knex.schema.createTable("project_slugs", (t) => {
    t.specificType("slug", 'text collate "C"').primary();
    t.integer("project_id").notNullable().references("projects.id").onDelete("CASCADE");
    t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(["project_id"]);
    t.check("slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'", [], "project_slugs_slug_shape");
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("project_slugs");
  await knex.schema.alterTable("projects", (t) => t.dropColumn("slug"));
}
