import type { Knex } from "knex";
import type { Organisation } from "../domain/project.js";
import { guarded } from "./dbErrors.js";

export interface StoredOrganisation extends Organisation {
  id: number;
}

const COLUMNS = ["id", "name", "tax_number", "address", "phone", "email", "website"];

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

function toRow(organisation: Organisation) {
  return {
    name: organisation.name,
    tax_number: organisation.taxNumber,
    address: organisation.address,
    phone: organisation.phone,
    email: organisation.email,
    website: organisation.website,
  };
}

/** Organisations that may be the one meant: the one with this tax number, or else all with this exact name. */
export async function findCandidates(db: Knex, organisation: Organisation): Promise<StoredOrganisation[]> {
  const query = db("organisations").select(COLUMNS);
  const rows = organisation.taxNumber
    ? await query.where({ tax_number: organisation.taxNumber })
    : await query.where({ name: organisation.name }).orderBy("id");
  return rows.map((row) => ({ id: row.id as number, ...organisationFromRow(row) }));
}

export async function insertOrganisation(db: Knex, organisation: Organisation): Promise<number> {
  return guarded(async () => {
    const [row] = await db("organisations").insert(toRow(organisation)).returning("id");
    return row.id as number;
  });
}

export async function updateOrganisation(db: Knex, id: number, organisation: Organisation): Promise<void> {
  await guarded(() =>
    db("organisations")
      .where({ id })
      .update({ ...toRow(organisation), updated_at: db.fn.now() }),
  );
}
