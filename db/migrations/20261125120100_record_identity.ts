/**
 * Records keep their identity for life: a uid (the same in every database the
 * record travels to) and a version for optimistic concurrency. Positions
 * become deferrable so that a list can be reordered in place, row by row.
 */
import type { Knex } from "knex";

const CHILDREN = ["milestones", "deliverables", "events", "procurements", "indicators", "notices"];
const WITH_IDENTITY = ["projects", "organisations", "calls", "project_partners", ...CHILDREN];

export async function up(knex: Knex): Promise<void> {
  for (const table of WITH_IDENTITY) {
    await knex.schema.alterTable(table, (t) => {
      t.uuid("uid").notNullable().defaultTo(knex.raw("gen_random_uuid()")).unique();
      t.integer("version").notNullable().defaultTo(1);
      t.check("version >= 1", [], `${table}_version_positive`);
    });
  }
  await knex.schema.alterTable("project_partners", (t) => t.timestamps(true, true));

  for (const table of ["project_partners", ...CHILDREN]) {
    await knex.raw(`alter table ${table} drop constraint ${table}_project_id_position_unique`);
    await knex.raw(
      `alter table ${table} add constraint ${table}_project_id_position_unique unique (project_id, position) deferrable initially deferred`,
    );
  }

  // Call + title is not unique in the real national list; the importer matches on call + beneficiary + title.
  await knex.raw("drop index projects_call_title_unique");
  await knex.raw("create index projects_call_beneficiary_title on projects (call_id, beneficiary_id, title)");
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw("drop index projects_call_beneficiary_title");
  await knex.raw("create unique index projects_call_title_unique on projects (call_id, title) where identifier is null");
  for (const table of ["project_partners", ...CHILDREN]) {
    await knex.raw(`alter table ${table} drop constraint ${table}_project_id_position_unique`);
    await knex.raw(`alter table ${table} add constraint ${table}_project_id_position_unique unique (project_id, position)`);
  }
  await knex.schema.alterTable("project_partners", (t) => t.dropTimestamps());
  for (const table of WITH_IDENTITY) {
    await knex.schema.alterTable(table, (t) => {
      t.dropColumn("uid");
      t.dropColumn("version");
    });
  }
}
