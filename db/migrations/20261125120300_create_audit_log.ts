/**
 * The audit trail: one entry per change-set, append-only and hash-chained.
 * The database itself refuses UPDATE, DELETE and TRUNCATE on the log. The one
 * row of audit_head holds the chain's last position and hash: a writer locks
 * it just before commit, so appends from several processes form one chain.
 */
import type { Knex } from "knex";

const GENESIS_HASH = "0".repeat(64);

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table audit_log (
      id bigint generated always as identity primary key,
      seq bigint not null unique,
      recorded_at timestamptz not null,
      actor text not null,
      action text not null,
      entity text not null,
      entity_key text not null,
      project_uid uuid,
      project_version integer,
      changes jsonb not null,
      prev_hash text not null,
      hash text not null unique,
      constraint audit_log_seq_positive check (seq >= 1),
      constraint audit_log_actor_present check (btrim(actor) <> ''),
      constraint audit_log_action_known check (action in ('create', 'update', 'delete')),
      constraint audit_log_hash_shape check (hash ~ '^[0-9a-f]{64}$' and prev_hash ~ '^[0-9a-f]{64}$')
    )`);
  await knex.raw("create index audit_log_project on audit_log (project_uid, seq) where project_uid is not null");
  await knex.raw("create index audit_log_entity on audit_log (entity, entity_key, seq)");
  await knex.raw("create index audit_log_recorded_at on audit_log using brin (recorded_at)");

  await knex.raw(`
    create table audit_head (
      singleton boolean primary key default true,
      seq bigint not null,
      hash text not null,
      constraint audit_head_one_row check (singleton)
    )`);
  await knex("audit_head").insert({ singleton: true, seq: 0, hash: GENESIS_HASH });

  await knex.raw(`
    create function audit_log_append_only() returns trigger
    language plpgsql as $$
    begin
      raise exception 'the audit log is append-only: % is not allowed on %', tg_op, tg_table_name
        using errcode = 'P0001', hint = 'audit_append_only';
    end
    $$`);
  await knex.raw(`
    create trigger audit_log_no_update_delete before update or delete on audit_log
    for each row execute function audit_log_append_only()`);
  await knex.raw(`
    create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function audit_log_append_only()`);
  await knex.raw(`
    create trigger audit_head_no_delete before delete on audit_head
    for each row execute function audit_log_append_only()`);
  await knex.raw(`
    create trigger audit_head_no_truncate before truncate on audit_head
    for each statement execute function audit_log_append_only()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw("drop table audit_head");
  await knex.raw("drop table audit_log");
  await knex.raw("drop function audit_log_append_only()");
}
