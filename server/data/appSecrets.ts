/** Secrets the app makes on first use and keeps in the database, so that every instance uses the same one. */
import { randomBytes } from "node:crypto";
import type { Knex } from "knex";

export async function sharedSecret(db: Knex, name: string): Promise<string> {
  await db("app_secrets").insert({ name, value: randomBytes(32).toString("base64url") }).onConflict("name").ignore();
  return (await db("app_secrets").where({ name }).first("value")).value as string;
}
