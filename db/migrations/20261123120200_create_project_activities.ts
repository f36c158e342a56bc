/** What happens inside a project: milestones, deliverables, events, procurements, indicators, notices. */
import type { Knex } from "knex";

type Builder = Knex.CreateTableBuilder;

function belongsToProject(t: Builder, table: string): void {
  t.increments("id");
  t.integer("project_id").notNullable().references("projects.id").onDelete("CASCADE");
  // Order as entered, so that export gives back the document that was imported.
  t.integer("position").notNullable();
  t.unique(["project_id", "position"]);
  t.timestamps(true, true);
  t.check("position >= 0", [], `${table}_position_not_negative`);
}

function partialDate(t: Builder, table: string, column: string): void {
  t.date(column);
  t.text(`${column}_precision`);
  t.check(`partial_date_ok(${column}, ${column}_precision)`, [], `${table}_${column}_precision`);
}

function titled(t: Builder, table: string, column = "title"): void {
  t.text(column).notNullable();
  t.check(`btrim(${column}) <> ''`, [], `${table}_${column}_present`);
}

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("milestones", (t) => {
    belongsToProject(t, "milestones");
    titled(t, "milestones");
    partialDate(t, "milestones", "due_date");
    partialDate(t, "milestones", "achieved_date");
  });

  await knex.schema.createTable("deliverables", (t) => {
    belongsToProject(t, "deliverables");
    titled(t, "deliverables");
    t.text("kind").notNullable().defaultTo("other");
    partialDate(t, "deliverables", "due_date");
    partialDate(t, "deliverables", "delivered_date");
    t.boolean("is_public").notNullable().defaultTo(true);
    t.check(
      "kind in ('study', 'report', 'regulation', 'guide', 'methodology', 'training', 'other')",
      [],
      "deliverables_kind_known",
    );
  });

  await knex.schema.createTable("events", (t) => {
    belongsToProject(t, "events");
    titled(t, "events");
    t.text("kind").notNullable().defaultTo("other");
    partialDate(t, "events", "event_date");
    partialDate(t, "events", "end_date");
    t.text("place");
    t.integer("participants");
    // An event may stand for a series ("6 regional conferences") whose dates are not all known.
    t.integer("occurrences").notNullable().defaultTo(1);
    t.boolean("international").notNullable().defaultTo(false);
    t.check(
      "kind in ('conference', 'workshop', 'training', 'forum', 'press', 'other')",
      [],
      "events_kind_known",
    );
    t.check("participants >= 0", [], "events_participants_not_negative");
    t.check("occurrences >= 1", [], "events_occurrences_positive");
    t.check("end_date >= event_date", [], "events_end_not_before_start");
  });

  await knex.schema.createTable("procurements", (t) => {
    belongsToProject(t, "procurements");
    titled(t, "procurements", "subject");
    t.text("contractor");
    t.text("method").notNullable().defaultTo("other");
    t.bigInteger("amount");
    partialDate(t, "procurements", "contract_date");
    t.check(
      "method in ('open', 'restricted', 'negotiated', 'negotiated_without_notice', 'competitive_dialogue', " +
        "'framework_call_off', 'national_simplified', 'direct', 'other')",
      [],
      "procurements_method_known",
    );
    t.check("amount >= 0", [], "procurements_amount_not_negative");
  });

  await knex.schema.createTable("indicators", (t) => {
    belongsToProject(t, "indicators");
    titled(t, "indicators", "name");
    t.text("unit").notNullable();
    t.decimal("baseline", 20, 4);
    t.decimal("target", 20, 4);
    t.decimal("achieved", 20, 4);
  });

  await knex.schema.createTable("notices", (t) => {
    belongsToProject(t, "notices");
    titled(t, "notices");
    t.text("kind").notNullable();
    t.text("body").notNullable();
    t.text("status").notNullable().defaultTo("draft");
    t.timestamp("published_at", { useTz: true });
    t.check("kind in ('start', 'progress', 'closing')", [], "notices_kind_known");
    t.check("status in ('draft', 'published')", [], "notices_status_known");
    t.check("(status = 'published') = (published_at is not null)", [], "notices_published_has_date");
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ["notices", "indicators", "procurements", "events", "deliverables", "milestones"]) {
    await knex.schema.dropTable(table);
  }
}
