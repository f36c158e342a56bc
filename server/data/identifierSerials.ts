/** The serials stored under each identifier prefix, for handing out more (domain/identifierSerials.ts). */
import type { Knex } from "knex";
import type { LastSerial } from "../domain/identifierSerials.js";

/**
 * The highest serial stored under each prefix ("CALL-YEAR-"), in one grouped query over the identifiers.
 * Where there is none, there is no row: the prefix starts at 1.
 */
export async function lastSerials(db: Knex): Promise<LastSerial[]> {
  const rows = await db("projects")
    .whereRaw("identifier ~ '-[0-9]{4}-[0-9]{4,5}$'")
    .groupByRaw("1")
    .select(
      db.raw("substring(identifier from '^(.*-)[0-9]{4,5}$') as prefix"),
      db.raw("max(substring(identifier from '([0-9]{4,5})$')::integer) as serial"),
    );
  return rows.map((r: { prefix: string; serial: number }) => ({ prefix: r.prefix, serial: Number(r.serial) }));
}
