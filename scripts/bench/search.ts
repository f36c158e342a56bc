/** search: GET /api/v1/projects?q=<word>&limit=20, the words taken from the generated projects' titles. */
import { compareWithStatic } from "./load.js";
import type { BenchOptions } from "./options.js";
import { query, withPortfolio } from "./portfolio.js";
import { startApp } from "./processes.js";
import type { Row } from "./report.js";

const MAX_TERMS = 300;

export function search(options: BenchOptions): Promise<Row[]> {
  return withPortfolio("search", options, async (db) => {
    const titles = await query(db, (d) => d.knex("projects").orderBy("id").limit(2000).pluck<string[]>("title"));
    const words = new Set(titles.flatMap((t) => t.toLocaleLowerCase("hu").split(/[^\p{L}]+/u)).filter((w) => w.length >= 5));
    const paths = [...words].slice(0, MAX_TERMS).map((w) => `/api/v1/projects?q=${encodeURIComponent(w)}&limit=20`);
    const app = await startApp(db.env, options.workers);
    try {
      return await compareWithStatic("search", app, paths, "json", options);
    } finally {
      await app.stop();
    }
  });
}
