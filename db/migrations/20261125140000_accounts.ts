/**
 * Accounts: users with roles, their project assignments, login sessions
 * shared by every app instance, API tokens (only their hash is kept), the
 * counters of failed logins, the secret calendar-feed key per user, and the
 * secrets every instance shares.
 */
import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table users (
      id bigint generated always as identity primary key,
      uid uuid not null unique,
      email text not null,
      name text not null,
      roles text[] not null,
      password_hash text not null,
      must_change_password boolean not null default true,
      restricted_to_assigned boolean not null default false,
      active boolean not null default true,
      calendar_key_hash text unique,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint users_email_shape check (email = lower(btrim(email)) and email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
      constraint users_name_present check (btrim(name) <> ''),
      constraint users_roles_known check (
        cardinality(roles) >= 1 and roles <@ array['admin', 'project_manager', 'communication', 'auditor']::text[]
      )
    )`);
  await knex.raw("create unique index users_email_unique on users (email)");

  await knex.raw(`
    create table project_assignments (
      user_id bigint not null references users (id) on delete cascade,
      project_id integer not null references projects (id) on delete cascade,
      created_at timestamptz not null default now(),
      primary key (user_id, project_id)
    )`);
  await knex.raw("create index project_assignments_project on project_assignments (project_id)");

  await knex.raw(`
    create table api_tokens (
      id bigint generated always as identity primary key,
      user_id bigint not null references users (id) on delete cascade,
      name text not null,
      token_hash text not null unique,
      created_at timestamptz not null default now(),
      last_used_at timestamptz,
      revoked_at timestamptz,
      constraint api_tokens_name_present check (btrim(name) <> '')
    )`);
  await knex.raw("create index api_tokens_user on api_tokens (user_id)");

  // The shape connect-session-knex reads and writes.
  await knex.raw(`
    create table sessions (
      sid varchar(255) primary key,
      sess json not null,
      expired timestamptz not null
    )`);
  await knex.raw("create index sessions_expired on sessions (expired)");

  // The shape rate-limiter-flexible's PostgreSQL store reads and writes.
  await knex.raw(`
    create table login_attempts (
      key varchar(255) primary key,
      points integer not null default 0,
      expire bigint
    )`);

  // Secrets the app makes itself on first start and every instance shares (the session cookie's signing key).
  await knex.raw(`
    create table app_secrets (
      name text primary key,
      value text not null,
      created_at timestamptz not null default now()
    )`);
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ["app_secrets", "login_attempts", "sessions", "api_tokens", "project_assignments", "users"]) {
    await knex.raw(`drop table ${table}`);
  }
}
