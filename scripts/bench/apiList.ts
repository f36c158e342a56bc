/** api-list: GET /api/v1/projects?limit=20 at pages drawn over the list's first MAX_PAGES pages. */
import { compareWithStatic } from "./load.js";
import type { BenchOptions } from "./options.js";
import { withPortfolio } from "./portfolio.js";
import { startApp } from "./processes.js";
import type { Row } from "./report.js";

/** Pages reached by offset (a list a person pages through); the deepest pages are the cursor's job, not measured here. */
const MAX_PAGES = 500;
const LIMIT = 20;

export function apiList(options: BenchOptions): Promise<Row[]> {
  return withPortfolio("api-list", options, async (db) => {
    const pages = Math.min(MAX_PAGES, Math.ceil(options.projects / LIMIT));
    const paths = Array.from({ length: pages }, (_, page) => `/api/v1/projects?limit=${LIMIT}&offset=${page * LIMIT}`);
    const app = await startApp(db.env, options.workers);
    try {
      return await compareWithStatic("api-list", app, paths, "json", options);
    } finally {
      await app.stop();
    }
  });
}
