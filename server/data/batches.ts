/** Working in batches: bounded IN lists, rows grouped by the project they belong to. */
import type { Knex } from "knex";

/** Large IN lists are split so that no statement nears PostgreSQL's parameter limit. */
const CHUNK = 1000;

export function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

export function groupByProject<T extends { project_id: number }>(rows: T[]): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    const group = groups.get(row.project_id);
    if (group) group.push(row);
    else groups.set(row.project_id, [row]);
  }
  return groups;
}

/** The external keys and fund codes of the given projects, by project id. */
export async function valueListsOf(db: Knex, projectIds: readonly number[]) {
  return valueListsFrom(
    await db("project_external_keys").whereIn("project_id", projectIds).orderBy("id").select("project_id", "source", "key"),
    await db("project_funds as pf")
      .join("funds as f", "f.id", "pf.fund_id")
      .whereIn("pf.project_id", projectIds)
      .orderBy(["pf.project_id", "pf.position"])
      .select("pf.project_id", "f.code", "f.name"),
  );
}

/** The value lists from rows of external keys (in id order) and of funds (in position order), by project id. */
export function valueListsFrom(keyRows: Array<Record<string, unknown> & { project_id: number }>, fundRows: Array<Record<string, unknown> & { project_id: number }>) {
  const keys = groupByProject(keyRows);
  const funds = groupByProject(fundRows);
  return {
    externalKeysOf: (id: number) => (keys.get(id) ?? []).map((k) => ({ source: k.source as string, key: k.key as string })),
    fundsOf: (id: number) => (funds.get(id) ?? []).map((f) => f.code as string),
    namedFundsOf: (id: number) => (funds.get(id) ?? []).map((f) => ({ code: f.code as string, name: f.name as string })),
  };
}
