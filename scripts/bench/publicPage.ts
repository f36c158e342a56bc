/** public-page: GET /projektek/:key at each project's canonical address, keys drawn over every project. */
import type { Database } from "../../server/data/database.js";
import { compareWithStatic } from "./load.js";
import type { BenchOptions } from "./options.js";
import { query, withPortfolio } from "./portfolio.js";
import { startApp } from "./processes.js";
import type { Row } from "./report.js";

/**
 * The key the page answers 200 at: the slug where projects have one (any other key is a 301 to it, which is not a
 * page served), else the identifier.
 */
export async function canonicalKeys(d: Database): Promise<string[]> {
  const column = (await d.knex.schema.hasColumn("projects", "slug")) ? "slug" : "identifier";
  return d.knex("projects").whereNotNull(column).orderBy("id").pluck<string[]>(column);
}

export function publicPage(options: BenchOptions): Promise<Row[]> {
  return withPortfolio("public-page", options, async (db) => {
    const keys = await query(db, canonicalKeys);
    const app = await startApp(db.env, options.workers);
    try {
      return await compareWithStatic("public-page", app, keys.map((k) => `/projektek/${encodeURIComponent(k)}`), "html", options);
    } finally {
      await app.stop();
    }
  });
}
