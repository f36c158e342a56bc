/** Programmes, calls and organisations: what projects refer to. */
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  // A date known only to the year or month is stored as its first day with a precision.
  await knex.raw(`
    create function partial_date_ok(d date, date_precision text) returns boolean
    language sql immutable as $$
      select case
        when d is null then date_precision is null
        when date_precision = 'day' then true
        when date_precision = 'month' then extract(day from d) = 1
        when date_precision = 'year' then extract(month from d) = 1 and extract(day from d) = 1
        else false
      end
    $$`);

  await knex.schema.createTable("programmes", (t) => {
    t.increments("id");
    t.text("code").notNullable().unique();
    t.text("name").notNullable();
    t.text("period").notNullable();
    t.timestamps(true, true);
    t.check("btrim(code) <> ''", [], "programmes_code_present");
    t.check("period in ('2007-2013', '2014-2020', '2021-2027')", [], "programmes_period_known");
  });

  await knex.schema.createTable("calls", (t) => {
    t.increments("id");
    t.text("code").notNullable().unique();
    t.text("title");
    t.integer("programme_id").references("programmes.id").onDelete("RESTRICT");
    // Codes that do not follow the usual shape are kept as written and flagged.
    t.boolean("regular").notNullable().defaultTo(true);
    t.timestamps(true, true);
    t.check("btrim(code) <> ''", [], "calls_code_present");
    t.check("not regular or programme_id is not null", [], "calls_regular_has_programme");
    t.index(["programme_id"]);
  });

  await knex.schema.createTable("organisations", (t) => {
    t.increments("id");
    t.text("name").notNullable();
    t.text("tax_number");
    t.text("address");
    t.text("phone");
    t.text("email");
    t.text("website");
    t.timestamps(true, true);
    t.check("btrim(name) <> ''", [], "organisations_name_present");
    t.check("tax_number ~ '^[0-9]{8}-[0-9]-[0-9]{2}$'", [], "organisations_tax_number_shape");
    t.index(["name"]);
  });
  await knex.raw(
    "create unique index organisations_tax_number_unique on organisations (tax_number) where tax_number is not null",
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("organisations");
  await knex.schema.dropTable("calls");
  await knex.schema.dropTable("programmes");
  await knex.raw("drop function partial_date_ok(date, text)");
}
