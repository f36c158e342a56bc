import type { Knex } from "knex";
import type { Organisation } from "../domain/project.js";
import { guarded } from "./dbErrors.js";

export interface StoredOrganisation extends Organisation {
  id: number;
  uid: string;
}

const COLUMNS = ["id", "uid", "name", "tax_number", "address", "phone", "email", "website"];
const CHUNK = 1000;

export function organisationFromRow(row: Record<string, unknown>, prefix = ""): Organisation {
  const get = (column: string) => (row[`${prefix}${column}`] as string | null) ?? null;
  return {
    name: get("name") as string,
    taxNumber: get("tax_number"),
    address: get("address"),
    phone: get("phone"),
    email: get("email"),
    website: get("website"),
  };
}

export function organisationRow(organisation: Organisation) {
  return {
    name: organisation.name,
    tax_number: organisation.taxNumber,
    address: organisation.address,
    phone: organisation.phone,
    email: organisation.email,
    website: organisation.website,
  };
}

const stored = (row: Record<string, unknown>): StoredOrganisation => ({
  id: row.id as number,
  uid: row.uid as string,
  ...organisationFromRow(row),
});

/** Every stored organisation with one of these tax numbers or names. */
export async function findByTaxNumbersOrNames(db: Knex, taxNumbers: string[], names: string[]): Promise<StoredOrganisation[]> {
  const rows: Array<Record<string, unknown>> = [];
  for (let i = 0; i < taxNumbers.length; i += CHUNK) {
    rows.push(...(await db("organisations").whereIn("tax_number", taxNumbers.slice(i, i + CHUNK)).select(COLUMNS)));
  }
  for (let i = 0; i < names.length; i += CHUNK) {
    rows.push(...(await db("organisations").whereIn("name", names.slice(i, i + CHUNK)).select(COLUMNS)));
  }
  const byId = new Map(rows.map((r) => [r.id as number, stored(r)]));
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

/**
 * Inserts the organisations that no one else has created meanwhile (a concurrent writer's row wins the
 * unique tax number or name); returns the ids of those inserted, by uid.
 */
export async function insertOrganisations(db: Knex, organisations: Array<Organisation & { uid: string }>): Promise<Map<string, number>> {
  return guarded(async () => {
    const ids = new Map<string, number>();
    for (let i = 0; i < organisations.length; i += CHUNK / 2) {
      const chunk = organisations.slice(i, i + CHUNK / 2);
      const rows = await db("organisations")
        .insert(chunk.map((o) => ({ uid: o.uid, ...organisationRow(o) })))
        .onConflict()
        .ignore()
        .returning(["id", "uid"]);
      for (const r of rows as Array<{ id: number; uid: string }>) ids.set(r.uid, r.id);
    }
    return ids;
  });
}

export async function updateOrganisation(db: Knex, id: number, organisation: Organisation): Promise<void> {
  await guarded(() =>
    db("organisations")
      .where({ id })
      .update({ ...organisationRow(organisation), version: db.raw("version + 1"), updated_at: db.fn.now() }),
  );
}
