/**
 * A description of the database schema as text, and its SHA-256: tables,
 * columns, constraints, indexes, triggers and functions of the public schema,
 * in a stable order. The schema-integrity test compares it with a recorded
 * value, so that no schema change lands without a deliberate update.
 */
import { createHash } from "node:crypto";
import type { Knex } from "knex";

const rowsOf = async (db: Knex, sql: string): Promise<string[]> =>
  ((await db.raw(sql)).rows as Array<{ line: string }>).map((r) => r.line);

export async function schemaDescription(db: Knex): Promise<string> {
  const parts = [
    await rowsOf(
      db,
      `select table_name || '.' || column_name || ' ' || data_type || case when is_nullable = 'NO' then ' not null' else '' end
              || coalesce(' default ' || column_default, '') as line
       from information_schema.columns where table_schema = 'public' and table_name not like 'knex_%'
       order by table_name, column_name`,
    ),
    await rowsOf(
      db,
      `select c.conrelid::regclass::text || ' ' || c.conname || ' ' || pg_get_constraintdef(c.oid) as line
       from pg_constraint c join pg_namespace n on n.oid = c.connamespace
       where n.nspname = 'public' and c.contype in ('c', 'f', 'p', 'u') and c.conrelid::regclass::text not like 'knex_%'
       order by 1`,
    ),
    await rowsOf(
      db,
      `select indexdef as line from pg_indexes where schemaname = 'public' and tablename not like 'knex_%' order by indexname`,
    ),
    await rowsOf(
      db,
      `select event_object_table || ' ' || trigger_name || ' ' || action_timing || ' ' || event_manipulation as line
       from information_schema.triggers where trigger_schema = 'public' order by 1`,
    ),
    await rowsOf(
      db,
      `select p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ') ' || md5(p.prosrc) as line
       from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public' order by 1`,
    ),
  ];
  return parts.map((lines) => lines.join("\n")).join("\n\n");
}

export async function schemaFingerprint(db: Knex): Promise<string> {
  return createHash("sha256").update(await schemaDescription(db)).digest("hex");
}
