/**
 * What real pages, the list of operations and closure need: contracted figures
 * and their amendments, grant paid, funds, co-financing, specific objective,
 * intervention type, location indicator and country, external keys,
 * publication, contact person, obligations, status changes, links, contractors
 * as organisations, and the fuller vocabularies of deliverables, events and
 * procurement procedures.
 */
import type { Knex } from "knex";

type Builder = Knex.CreateTableBuilder;

const DELIVERABLE_KINDS = [
  "study", "analysis", "report", "regulation", "guide", "handbook", "methodology", "training", "plan",
  "strategy", "concept", "survey", "it_system", "website", "publication", "other",
];
const EVENT_KINDS = [
  "conference", "seminar", "workshop", "training", "forum", "press", "info_day", "study_visit", "exhibition",
  "ceremony", "other",
];
const PROCUREMENT_METHODS = [
  "open", "restricted", "negotiated", "negotiated_without_notice", "competitive_dialogue", "innovation_partnership",
  "framework_call_off", "national_simplified", "direct", "unspecified", "other",
];
const OBLIGATION_KINDS = ["progress_report", "payment_claim", "closing_report", "sustainability_report", "other"];
const STATUSES = ["planned", "contracted", "in_progress", "completed", "closed", "withdrawn"];

const inList = (column: string, values: string[]) => `${column} in (${values.map((v) => `'${v}'`).join(", ")})`;

async function replaceCheck(knex: Knex, table: string, name: string, condition: string): Promise<void> {
  await knex.raw(`alter table ${table} drop constraint ${name}`);
  await knex.raw(`alter table ${table} add constraint ${name} check (${condition})`);
}

function partialDate(t: Builder, table: string, column: string, required = false): void {
  const date = t.date(column);
  const precision = t.text(`${column}_precision`);
  if (required) {
    date.notNullable();
    precision.notNullable();
  }
  t.check(`partial_date_ok(${column}, ${column}_precision)`, [], `${table}_${column}_precision`);
}

/** The columns every record under a project has (as the earlier migrations and record identity give them). */
function belongsToProject(knex: Knex, t: Builder, table: string): void {
  t.increments("id");
  t.uuid("uid").notNullable().defaultTo(knex.raw("gen_random_uuid()")).unique();
  t.integer("version").notNullable().defaultTo(1);
  t.integer("project_id").notNullable().references("projects.id").onDelete("CASCADE");
  t.integer("position").notNullable();
  t.timestamps(true, true);
  t.check("position >= 0", [], `${table}_position_not_negative`);
  t.check("version >= 1", [], `${table}_version_positive`);
}

async function positionsUnique(knex: Knex, table: string): Promise<void> {
  await knex.raw(
    `alter table ${table} add constraint ${table}_project_id_position_unique unique (project_id, position) deferrable initially deferred`,
  );
}

export async function up(knex: Knex): Promise<void> {
  // Links are [{ "title": …, "url": "http(s)://…" }].
  await knex.raw(`
    create function links_ok(links jsonb) returns boolean
    language sql immutable as $$
      select jsonb_typeof(links) = 'array' and not exists (
        select 1 from jsonb_array_elements(links) as link
        where jsonb_typeof(link) <> 'object'
           or coalesce(btrim(link->>'title'), '') = ''
           or coalesce(link->>'url', '') !~ '^https?://[^\\s/]+'
      )
    $$`);

  await knex.schema.alterTable("projects", (t) => {
    t.bigInteger("contracted_total_cost");
    t.bigInteger("contracted_grant");
    t.bigInteger("contracted_own_contribution");
    t.bigInteger("grant_paid");
    t.text("funding_explanation");
    t.decimal("eu_cofinancing_rate", 7, 4);
    t.text("specific_objective");
    t.text("intervention_type");
    t.text("country").notNullable().defaultTo("HU");
    t.text("location_indicator");
    t.date("published_from");
    t.text("internal_notes");
    t.text("contact_name");
    t.text("contact_position");
    t.text("contact_email");
    t.text("contact_phone");
    partialDate(t, "projects", "sustainability_end_date");
    t.check(
      "contracted_total_cost >= 0 and contracted_grant >= 0 and contracted_own_contribution >= 0 and grant_paid >= 0",
      [],
      "projects_contracted_money_not_negative",
    );
    t.check("eu_cofinancing_rate between 0 and 100", [], "projects_eu_cofinancing_rate_percent");
    t.check("country ~ '^[A-Z]{2}$'", [], "projects_country_code");
    t.index(["published_from"]);
  });
  await knex.raw(`
    update projects set contracted_total_cost = total_cost, contracted_grant = grant_amount,
      contracted_own_contribution = own_contribution, published_from = created_at::date`);

  await knex.schema.createTable("project_funds", (t) => {
    t.integer("project_id").notNullable().references("projects.id").onDelete("CASCADE");
    t.integer("fund_id").notNullable().references("funds.id").onDelete("RESTRICT");
    t.integer("position").notNullable();
    t.primary(["project_id", "fund_id"]);
    t.index(["fund_id"]);
  });

  await knex.schema.createTable("project_external_keys", (t) => {
    t.increments("id");
    t.integer("project_id").notNullable().references("projects.id").onDelete("CASCADE");
    t.text("source").notNullable();
    t.text("key").notNullable();
    t.timestamps(true, true);
    t.unique(["source", "key"]);
    t.check("btrim(source) <> '' and btrim(key) <> ''", [], "project_external_keys_present");
    t.index(["project_id"]);
  });

  await knex.schema.createTable("funding_amendments", (t) => {
    belongsToProject(knex, t, "funding_amendments");
    t.date("effective_date").notNullable();
    t.text("reference").notNullable();
    t.text("reason");
    t.bigInteger("total_cost");
    t.bigInteger("grant_amount");
    t.bigInteger("own_contribution");
    // [{ "organisationId": …, "grantShare": … }]: partner shares the amendment sets.
    t.jsonb("partner_shares").notNullable().defaultTo("[]");
    t.check("btrim(reference) <> ''", [], "funding_amendments_reference_present");
    t.check("total_cost >= 0 and grant_amount >= 0 and own_contribution >= 0", [], "funding_amendments_money_not_negative");
    t.check("jsonb_typeof(partner_shares) = 'array'", [], "funding_amendments_partner_shares_list");
  });
  await positionsUnique(knex, "funding_amendments");

  await knex.schema.createTable("obligations", (t) => {
    belongsToProject(knex, t, "obligations");
    t.text("kind").notNullable();
    t.text("title");
    partialDate(t, "obligations", "due_date", true);
    partialDate(t, "obligations", "done_date");
    t.check(inList("kind", OBLIGATION_KINDS), [], "obligations_kind_known");
  });
  await positionsUnique(knex, "obligations");

  await knex.schema.createTable("status_changes", (t) => {
    belongsToProject(knex, t, "status_changes");
    t.text("status").notNullable();
    partialDate(t, "status_changes", "changed_on", true);
    t.check(inList("status", STATUSES), [], "status_changes_status_known");
  });
  await positionsUnique(knex, "status_changes");

  await knex.schema.alterTable("deliverables", (t) => {
    t.text("not_delivered_reason");
    t.jsonb("links").notNullable().defaultTo("[]");
    t.check("links_ok(links)", [], "deliverables_links_http");
    t.check("delivered_date is null or not_delivered_reason is null", [], "deliverables_delivered_or_not");
  });
  await knex.schema.alterTable("notices", (t) => {
    t.jsonb("links").notNullable().defaultTo("[]");
    t.check("links_ok(links)", [], "notices_links_http");
  });
  await knex.schema.alterTable("events", (t) => {
    t.integer("held");
    t.check("held >= 0", [], "events_held_not_negative");
  });

  // Contractors become organisations, like beneficiaries.
  await knex.schema.alterTable("procurements", (t) => {
    t.integer("contractor_id").references("organisations.id").onDelete("RESTRICT");
    t.index(["contractor_id"]);
  });
  await knex.raw(`
    insert into organisations (name)
    select distinct btrim(contractor) from procurements p
    where contractor is not null and btrim(contractor) <> ''
      and not exists (select 1 from organisations o where o.name = btrim(p.contractor))`);
  await knex.raw(`
    update procurements p set contractor_id = (select min(o.id) from organisations o where o.name = btrim(p.contractor))
    where contractor is not null and btrim(contractor) <> ''`);
  await knex.schema.alterTable("procurements", (t) => t.dropColumn("contractor"));

  await replaceCheck(knex, "deliverables", "deliverables_kind_known", inList("kind", DELIVERABLE_KINDS));
  await replaceCheck(knex, "events", "events_kind_known", inList("kind", EVENT_KINDS));
  await replaceCheck(knex, "procurements", "procurements_method_known", inList("method", PROCUREMENT_METHODS));
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("procurements", (t) => t.text("contractor"));
  await knex.raw(
    "update procurements p set contractor = (select name from organisations o where o.id = p.contractor_id)",
  );
  await knex.schema.alterTable("procurements", (t) => t.dropColumn("contractor_id"));
  await knex.schema.alterTable("events", (t) => t.dropColumn("held"));
  await knex.schema.alterTable("notices", (t) => t.dropColumn("links"));
  await knex.schema.alterTable("deliverables", (t) => {
    t.dropColumn("links");
    t.dropColumn("not_delivered_reason");
  });
  for (const table of ["status_changes", "obligations", "funding_amendments", "project_external_keys", "project_funds"]) {
    await knex.schema.dropTable(table);
  }
  await knex.schema.alterTable("projects", (t) => {
    for (const column of [
      "contracted_total_cost", "contracted_grant", "contracted_own_contribution", "grant_paid", "funding_explanation",
      "eu_cofinancing_rate", "specific_objective", "intervention_type", "country", "location_indicator",
      "published_from", "internal_notes", "contact_name", "contact_position", "contact_email", "contact_phone",
      "sustainability_end_date", "sustainability_end_date_precision",
    ]) {
      t.dropColumn(column);
    }
  });
  await knex.raw("drop function links_ok(jsonb)");
  await replaceCheck(
    knex,
    "deliverables",
    "deliverables_kind_known",
    inList("kind", ["study", "report", "regulation", "guide", "methodology", "training", "other"]),
  );
  await replaceCheck(knex, "events", "events_kind_known", inList("kind", ["conference", "workshop", "training", "forum", "press", "other"]));
  await replaceCheck(
    knex,
    "procurements",
    "procurements_method_known",
    inList("method", [
      "open", "restricted", "negotiated", "negotiated_without_notice", "competitive_dialogue", "framework_call_off",
      "national_simplified", "direct", "other",
    ]),
  );
}
