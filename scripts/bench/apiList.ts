/**
 * api-list: GET /api/v1/projects?limit=20 at pages drawn over the list's first MAX_PAGES pages, each reached by
 * its cursor (`after=`, the `next` of the page before it), as a client pages through the list.
 */
import { compareWithStatic } from "./load.js";
import type { BenchOptions } from "./options.js";
import { withPortfolio } from "./portfolio.js";
import { startApp } from "./processes.js";
import type { Row } from "./report.js";

/** 5,000 pages of 20: the whole list at 100,000 projects, the first 100,000 projects of a larger one. */
const MAX_PAGES = 5000;
const LIMIT = 20;

/** The paths of the list's first `pages` pages: the first, then each page's `next`, walked on the running app. */
async function pagePaths(base: string, pages: number): Promise<string[]> {
  const paths = [`/api/v1/projects?limit=${LIMIT}`];
  while (paths.length < pages) {
    const response = await fetch(`${base}${paths.at(-1)}`);
    if (response.status !== 200) throw new Error(`GET ${paths.at(-1)} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
    const { next } = (await response.json()) as { next: string | null };
    if (next === null) break;
    paths.push(`/api/v1/projects?limit=${LIMIT}&after=${encodeURIComponent(next)}`);
  }
  return paths;
}

export function apiList(options: BenchOptions): Promise<Row[]> {
  return withPortfolio("api-list", options, async (db) => {
    const app = await startApp(db.env, options.workers);
    try {
      const started = Date.now();
      const paths = await pagePaths(app.url, Math.min(MAX_PAGES, Math.ceil(options.projects / LIMIT)));
      console.error(`api-list: walked ${paths.length} pages by cursor in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return await compareWithStatic("api-list", app, paths, "json", options);
    } finally {
      await app.stop();
    }
  });
}
