/** public-page: GET /projektek/:key, keys drawn over every project of the portfolio. */
import { compareWithStatic } from "./load.js";
import type { BenchOptions } from "./options.js";
import { query, withPortfolio } from "./portfolio.js";
import { startApp } from "./processes.js";
import type { Row } from "./report.js";

export function publicPage(options: BenchOptions): Promise<Row[]> {
  return withPortfolio("public-page", options, async (db) => {
    const identifiers = await query(db, (d) => d.knex("projects").whereNotNull("identifier").orderBy("id").pluck<string[]>("identifier"));
    const app = await startApp(db.env, options.workers);
    try {
      return await compareWithStatic("public-page", app, identifiers.map((i) => `/projektek/${encodeURIComponent(i)}`), "html", options);
    } finally {
      await app.stop();
    }
  });
}
