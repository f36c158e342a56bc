/** Users, their project assignments, API tokens and calendar keys. */
import type { Knex } from "knex";
import type { Role } from "../domain/permissions.js";
import { guarded } from "./dbErrors.js";

export interface StoredUser {
  id: number;
  uid: string;
  email: string;
  name: string;
  roles: Role[];
  passwordHash: string;
  mustChangePassword: boolean;
  restrictedToAssigned: boolean;
  active: boolean;
  version: number;
}

const COLUMNS = ["id", "uid", "email", "name", "roles", "password_hash", "must_change_password", "restricted_to_assigned", "active", "version"];

function fromRow(row: Record<string, unknown>): StoredUser {
  return {
    id: Number(row.id),
    uid: row.uid as string,
    email: row.email as string,
    name: row.name as string,
    roles: row.roles as Role[],
    passwordHash: row.password_hash as string,
    mustChangePassword: row.must_change_password as boolean,
    restrictedToAssigned: row.restricted_to_assigned as boolean,
    active: row.active as boolean,
    version: row.version as number,
  };
}

/** A user as first stored: active, at version 1. */
export type NewUser = Omit<StoredUser, "id" | "active" | "version">;

export async function insertUser(db: Knex, user: NewUser): Promise<StoredUser> {
  const [row] = await guarded(() =>
    db("users")
      .insert({
        uid: user.uid,
        email: user.email,
        name: user.name,
        roles: user.roles,
        password_hash: user.passwordHash,
        must_change_password: user.mustChangePassword,
        restricted_to_assigned: user.restrictedToAssigned,
      })
      .returning(COLUMNS),
  );
  return fromRow(row);
}

export async function userById(db: Knex, id: number): Promise<StoredUser | undefined> {
  const row = await db("users").where({ id }).first(COLUMNS);
  return row ? fromRow(row) : undefined;
}

export async function userByEmail(db: Knex, email: string): Promise<StoredUser | undefined> {
  const row = await db("users").where({ email }).first(COLUMNS);
  return row ? fromRow(row) : undefined;
}

export async function listUsers(db: Knex): Promise<StoredUser[]> {
  return (await db("users").orderBy("email").select(COLUMNS)).map(fromRow);
}

export async function countUsers(db: Knex): Promise<number> {
  return Number((await db("users").count({ n: "*" }))[0]!.n);
}

/** Sets the fields given and raises the version. */
export async function updateUser(
  db: Knex,
  id: number,
  fields: Partial<Pick<StoredUser, "name" | "roles" | "passwordHash" | "mustChangePassword" | "restrictedToAssigned" | "active">>,
): Promise<void> {
  const row: Record<string, unknown> = {};
  if (fields.name !== undefined) row.name = fields.name;
  if (fields.roles !== undefined) row.roles = fields.roles;
  if (fields.passwordHash !== undefined) row.password_hash = fields.passwordHash;
  if (fields.mustChangePassword !== undefined) row.must_change_password = fields.mustChangePassword;
  if (fields.restrictedToAssigned !== undefined) row.restricted_to_assigned = fields.restrictedToAssigned;
  if (fields.active !== undefined) row.active = fields.active;
  await guarded(() => db("users").where({ id }).update({ ...row, version: db.raw("version + 1"), updated_at: db.fn.now() }));
}

export async function assignedProjectIds(db: Knex, userId: number): Promise<number[]> {
  return (await db("project_assignments").where({ user_id: userId }).select("project_id")).map((r) => Number(r.project_id));
}

/** Returns true when the assignment is new. */
export async function assignProject(db: Knex, userId: number, projectId: number): Promise<boolean> {
  const rows = await db("project_assignments").insert({ user_id: userId, project_id: projectId }).onConflict(["user_id", "project_id"]).ignore().returning("project_id");
  return rows.length > 0;
}

export async function unassignProject(db: Knex, userId: number, projectId: number): Promise<boolean> {
  return (await db("project_assignments").where({ user_id: userId, project_id: projectId }).del()) > 0;
}

export interface StoredToken {
  id: number;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export async function insertToken(db: Knex, userId: number, name: string, tokenHash: string): Promise<number> {
  const [row] = await guarded(() => db("api_tokens").insert({ user_id: userId, name, token_hash: tokenHash }).returning("id"));
  return Number(row.id);
}

export async function tokensOf(db: Knex, userId: number): Promise<StoredToken[]> {
  const rows = await db("api_tokens").where({ user_id: userId }).orderBy("id", "desc").select("id", "name", "created_at", "last_used_at", "revoked_at");
  const moment = (v: unknown) => (v === null ? null : new Date(v as string).toISOString());
  return rows.map((r) => ({ id: Number(r.id), name: r.name, createdAt: moment(r.created_at)!, lastUsedAt: moment(r.last_used_at), revokedAt: moment(r.revoked_at) }));
}

export async function revokeToken(db: Knex, userId: number, tokenId: number): Promise<boolean> {
  return (await db("api_tokens").where({ id: tokenId, user_id: userId }).whereNull("revoked_at").update({ revoked_at: db.fn.now() })) > 0;
}

/** The owner of a live token with this hash, marking the token used. */
export async function userIdForToken(db: Knex, tokenHash: string): Promise<number | undefined> {
  const rows = await db("api_tokens")
    .where({ token_hash: tokenHash })
    .whereNull("revoked_at")
    .update({ last_used_at: db.fn.now() })
    .returning("user_id");
  return rows[0] ? Number(rows[0].user_id) : undefined;
}

export async function setCalendarKeyHash(db: Knex, userId: number, hash: string | null): Promise<void> {
  await db("users").where({ id: userId }).update({ calendar_key_hash: hash, updated_at: db.fn.now() });
}

export async function userIdForCalendarKey(db: Knex, hash: string): Promise<number | undefined> {
  const row = await db("users").where({ calendar_key_hash: hash, active: true }).first("id");
  return row ? Number(row.id) : undefined;
}

export async function hasCalendarKey(db: Knex, userId: number): Promise<boolean> {
  const row = await db("users").where({ id: userId }).first("calendar_key_hash");
  return Boolean(row?.calendar_key_hash);
}

/** Ends the user's login sessions (all of them, or all but `keepSid`). Sessions are JSON rows of connect-session-knex. */
export async function endSessions(db: Knex, userId: number, keepSid: string | null = null): Promise<number> {
  const query = db("sessions").whereRaw("(sess::jsonb ->> 'userId') = ?", [String(userId)]);
  if (keepSid !== null) query.whereNot({ sid: keepSid });
  return query.del();
}

/** Revokes every live API token of the user. */
export async function revokeAllTokens(db: Knex, userId: number): Promise<number> {
  return db("api_tokens").where({ user_id: userId }).whereNull("revoked_at").update({ revoked_at: db.fn.now() });
}
