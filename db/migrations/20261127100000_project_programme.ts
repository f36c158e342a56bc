/**
 * The programme and period on the project, so that the lists' programme and period filters read an index on
 * projects instead of joining calls → programmes for every row (at 1M projects the join's estimate was 6× off
 * and the plan a nested loop over 400k buffers).
 *
 * Both are derived from the project's call, the way search_vector is derived from the title and beneficiary:
 * kept by triggers, so that every writer (the write path, the bulk loader, an admin moving a call to another
 * programme or changing a programme's period in the reference-data editor) keeps them right without a second
 * place to remember it. They are not part of the record (no version, no audit entry of their own): the audit
 * entry is the call's or the programme's edit that moved them.
 *
 * Rows stored before this migration are filled in here.
 */
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.raw("alter table projects add column programme_id integer references programmes (id), add column programme_period text");
  await knex.raw(`
    create function projects_programme_fill() returns trigger
    language plpgsql as $$
    begin
      -- No call (or no row): both become null, as select into does when it finds nothing.
      select c.programme_id, pr.period into new.programme_id, new.programme_period
      from calls c left join programmes pr on pr.id = c.programme_id where c.id = new.call_id;
      return new;
    end $$`);
  await knex.raw(`
    create trigger projects_programme_fill before insert or update of call_id on projects
    for each row execute function projects_programme_fill()`);
  await knex.raw(`
    create function calls_programme_refill() returns trigger
    language plpgsql as $$
    begin
      update projects set programme_id = new.programme_id,
        programme_period = (select period from programmes where id = new.programme_id)
      where call_id = new.id;
      return null;
    end $$`);
  await knex.raw(`
    create trigger calls_programme_refill after update of programme_id on calls
    for each row when (old.programme_id is distinct from new.programme_id) execute function calls_programme_refill()`);
  await knex.raw(`
    create function programmes_period_refill() returns trigger
    language plpgsql as $$
    begin
      update projects set programme_period = new.period where programme_id = new.id;
      return null;
    end $$`);
  await knex.raw(`
    create trigger programmes_period_refill after update of period on programmes
    for each row when (old.period is distinct from new.period) execute function programmes_period_refill()`);

  await knex.raw(`
    update projects p set programme_id = c.programme_id, programme_period = pr.period
    from calls c left join programmes pr on pr.id = c.programme_id
    where c.id = p.call_id`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw("drop trigger programmes_period_refill on programmes");
  await knex.raw("drop function programmes_period_refill()");
  await knex.raw("drop trigger calls_programme_refill on calls");
  await knex.raw("drop function calls_programme_refill()");
  await knex.raw("drop trigger projects_programme_fill on projects");
  await knex.raw("drop function projects_programme_fill()");
  await knex.raw("alter table projects drop column programme_period, drop column programme_id");
}
