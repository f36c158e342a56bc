/** Projects and their consortium partners. */
import type { Knex } from "knex";

const PARTIAL_DATES = ["decision_date", "start_date", "planned_end_date", "actual_end_date"];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("projects", (t) => {
    t.increments("id");
    t.text("identifier").unique();
    t.integer("call_id").references("calls.id").onDelete("RESTRICT");
    t.text("title").notNullable();
    t.text("short_title");
    t.text("summary");
    t.text("status").notNullable().defaultTo("planned");
    t.integer("beneficiary_id").notNullable().references("organisations.id").onDelete("RESTRICT");
    t.text("settlement");
    t.text("county");
    t.text("region");
    t.bigInteger("total_cost");
    t.bigInteger("grant_amount");
    t.bigInteger("own_contribution");
    for (const column of PARTIAL_DATES) {
      t.date(column);
      t.text(`${column}_precision`);
      t.check(`partial_date_ok(${column}, ${column}_precision)`, [], `projects_${column}_precision`);
    }
    t.timestamps(true, true);
    t.check("btrim(title) <> ''", [], "projects_title_present");
    t.check("identifier is not null or call_id is not null", [], "projects_identifier_or_call");
    t.check(
      "status in ('planned', 'contracted', 'in_progress', 'completed', 'closed', 'withdrawn')",
      [],
      "projects_status_known",
    );
    t.check("total_cost >= 0 and grant_amount >= 0 and own_contribution >= 0", [], "projects_money_not_negative");
    t.index(["call_id"]);
    t.index(["beneficiary_id"]);
    t.index(["status"]);
  });
  // Without an identifier, a project is known by its call and title.
  await knex.raw(
    "create unique index projects_call_title_unique on projects (call_id, title) where identifier is null",
  );

  await knex.schema.createTable("project_partners", (t) => {
    t.increments("id");
    t.integer("project_id").notNullable().references("projects.id").onDelete("CASCADE");
    t.integer("organisation_id").notNullable().references("organisations.id").onDelete("RESTRICT");
    t.integer("position").notNullable();
    t.text("role").notNullable();
    t.bigInteger("grant_share");
    t.unique(["project_id", "organisation_id"]);
    t.unique(["project_id", "position"]);
    t.check("role in ('lead', 'member')", [], "project_partners_role_known");
    t.check("grant_share >= 0", [], "project_partners_grant_share_not_negative");
    t.index(["organisation_id"]);
  });
  await knex.raw(
    "create unique index project_partners_one_lead on project_partners (project_id) where role = 'lead'",
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("project_partners");
  await knex.schema.dropTable("projects");
}
