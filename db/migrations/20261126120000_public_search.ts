/**
 * Full-text search of the public index, in Hungarian, accent-insensitive.
 *
 * Each word is stemmed with the `hungarian` Snowball stemmer first and its stem then stripped of accents
 * (stripping first would hide the suffixes the stemmer knows: "önkormányzatokból" → "önkormányzat", but
 * "onkormanyzatokbol" stays as it is). The stemmer is not consistent between a word's base form and its
 * suffixed forms ("épület" → "épül", "épületekről" → "épület"), so the vector also holds each word itself,
 * accent-free, and queries match stems as prefixes. Title weighs most (A), then the beneficiary's name (B),
 * then the summary (C). The vector is stored and kept current by triggers — on the project's own columns, and
 * on the beneficiary's name — so every writer (the write path, the bulk loader, a future one) keeps it right.
 *
 * Typo tolerance for names uses trigrams over the accent-free text (pg_trgm, already installed). The other
 * indexes serve the index page's newest-first keyset paging and its place and year filters.
 */
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.raw("create extension if not exists unaccent");
  // unaccent() is only stable (its dictionary could be changed); naming the dictionary makes the result fixed,
  // which is what lets an index use it.
  await knex.raw(`
    create function search_fold(body text) returns text
    language sql immutable parallel safe strict as $$ select lower(public.unaccent('public.unaccent'::regdictionary, body)) $$`);
  // Words as they are (lower case), minus the stop words the stemmer also drops, so positions line up.
  await knex.raw("create text search dictionary hungarian_word (template = simple, stopwords = hungarian)");
  await knex.raw("create text search configuration hungarian_word (copy = simple)");
  await knex.raw(`
    alter text search configuration hungarian_word alter mapping for
      asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, hword_part, hword_numpart
    with hungarian_word`);
  // The lexemes of both configurations, accents stripped, merged at their positions: the vectors' text is
  // unaccented in one call (a third of the cost of one call per lexeme) and read back, which merges a stem and
  // a word that end up the same. Lexemes never hold the quote or backslash that unaccent makes of typographic
  // marks: the parser does not count those as letters.
  await knex.raw(`
    create function search_lexemes(body text) returns tsvector
    language sql immutable parallel safe as $$
      select public.unaccent('public.unaccent'::regdictionary,
        to_tsvector('hungarian', coalesce(body, ''))::text || ' ' || to_tsvector('hungarian_word', coalesce(body, ''))::text)::tsvector
    $$`);
  await knex.raw(`
    create function project_search_vector(title text, beneficiary text, summary text) returns tsvector
    language sql immutable parallel safe as $$
      select setweight(search_lexemes(title), 'A') || setweight(search_lexemes(beneficiary), 'B')
          || setweight(search_lexemes(summary), 'C')
    $$`);

  await knex.raw("alter table projects add column search_vector tsvector");
  await knex.raw(`
    create function projects_search_vector_fill() returns trigger
    language plpgsql as $$
    begin
      new.search_vector := project_search_vector(
        new.title, (select name from organisations where id = new.beneficiary_id), new.summary);
      return new;
    end $$`);
  await knex.raw(`
    create trigger projects_search_vector_fill before insert or update of title, summary, beneficiary_id on projects
    for each row execute function projects_search_vector_fill()`);
  await knex.raw(`
    create function organisations_search_vector_refill() returns trigger
    language plpgsql as $$
    begin
      update projects set search_vector = project_search_vector(title, new.name, summary) where beneficiary_id = new.id;
      return null;
    end $$`);
  await knex.raw(`
    create trigger organisations_search_vector_refill after update of name on organisations
    for each row when (old.name is distinct from new.name) execute function organisations_search_vector_refill()`);
  await knex.raw(`
    update projects p set search_vector = project_search_vector(p.title, o.name, p.summary)
    from organisations o where o.id = p.beneficiary_id`);
  await knex.raw("alter table projects alter column search_vector set not null");

  await knex.raw("create index projects_search_vector on projects using gin (search_vector)");
  await knex.raw("create index organisations_name_trigram on organisations using gin (search_fold(name) gin_trgm_ops)");
  // Newest published first, page after page by (published_from, id).
  await knex.raw("create index projects_published_from_id on projects (published_from, id)");
  await knex.raw("create index projects_county on projects (county)");
  await knex.raw("create index projects_settlement_folded on projects (search_fold(settlement))");
  await knex.raw("create index projects_decision_date on projects (decision_date)");
}

export async function down(knex: Knex): Promise<void> {
  for (const index of [
    "projects_decision_date", "projects_settlement_folded", "projects_county", "projects_published_from_id",
    "organisations_name_trigram", "projects_search_vector",
  ]) {
    await knex.raw(`drop index ${index}`);
  }
  await knex.raw("drop trigger organisations_search_vector_refill on organisations");
  await knex.raw("drop function organisations_search_vector_refill()");
  await knex.raw("drop trigger projects_search_vector_fill on projects");
  await knex.raw("drop function projects_search_vector_fill()");
  await knex.raw("alter table projects drop column search_vector");
  await knex.raw("drop function project_search_vector(text, text, text)");
  await knex.raw("drop function search_lexemes(text)");
  await knex.raw("drop text search configuration hungarian_word");
  await knex.raw("drop text search dictionary hungarian_word");
  await knex.raw("drop function search_fold(text)");
  // unaccent stays: dropping an extension is the server owner's decision.
}
