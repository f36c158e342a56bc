/**
 * Load on a running server with autocannon (50 connections, bounded duration, loopback only), every request's path
 * drawn from a sampler; and the comparison of the app with the same bytes served as static files.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import type { BenchOptions } from "./options.js";
import { startStatic, type Running } from "./processes.js";
import { ratioOf, type Row } from "./report.js";
import { DISTRIBUTIONS, indexSampler, seededRandom, shuffled } from "./sampler.js";

/** How many distinct responses are copied into static files for the baseline. */
const BASELINE_FILES = 500;

interface Load {
  served: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

export async function load(url: string, nextPath: () => string, options: BenchOptions): Promise<Load> {
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: options.duration,
    requests: [{ method: "GET", setupRequest: (request) => ({ ...request, path: nextPath() }) }],
  });
  // Only 2xx responses count as served: a fast rejection (4xx, 5xx) or a redirect is not a page.
  return { served: result["2xx"] / result.duration, p50Ms: result.latency.p50, p99Ms: result.latency.p99, errors: result.errors, non2xx: result.non2xx };
}

/** Fetches paths a few at a time; every one must answer 200. */
async function fetchAll(base: string, paths: readonly string[], each: (index: number, body: Buffer) => void): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < paths.length; i = next++) {
      const response = await fetch(`${base}${paths[i]}`, { redirect: "manual" });
      const body = Buffer.from(await response.arrayBuffer());
      if (response.status !== 200) throw new Error(`GET ${paths[i]} answered ${response.status}: ${body.toString().slice(0, 300)}`);
      each(i, body);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

/**
 * The app against a bare Express app serving the app's own responses as files, in as many processes, on the same
 * machine in the same run, for keys drawn Zipf-like and uniformly. The app draws over every path; the baseline
 * serves copies of the first BASELINE_FILES paths of the same shuffled order (the Zipf draw's hottest ranks
 * among them), the drawn rank taken modulo their number.
 */
export async function compareWithStatic(benchmark: string, app: Running, allPaths: readonly string[], extension: string, options: BenchOptions): Promise<Row[]> {
  const order = shuffled(allPaths, seededRandom(options.seed));
  const sample = order.slice(0, BASELINE_FILES);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), `projekttar-bench-static-`));
  const rows: Row[] = [];
  try {
    await fetchAll(app.url, sample, (index, body) => fs.writeFileSync(path.join(folder, `${index}.${extension}`), body));
    const baseline = await startStatic(folder, options.workers);
    try {
      for (const distribution of DISTRIBUTIONS) {
        const appDraw = indexSampler(order.length, distribution, seededRandom(options.seed + 1));
        const measured = await load(app.url, () => order[appDraw()]!, options);
        const baseDraw = indexSampler(order.length, distribution, seededRandom(options.seed + 1));
        const base = await load(baseline.url, () => `/${baseDraw() % sample.length}.${extension}`, options);
        const failed = measured.errors + measured.non2xx + base.errors + base.non2xx > 0;
        rows.push({
          benchmark,
          measure: `${distribution} keys`,
          unit: "req/s",
          app: measured.served,
          baseline: base.served,
          ratio: ratioOf(measured.served, base.served, failed),
          p50Ms: measured.p50Ms,
          p99Ms: measured.p99Ms,
          errors: measured.errors + base.errors,
          non2xx: measured.non2xx + base.non2xx,
        });
      }
    } finally {
      await baseline.stop();
    }
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
  return rows;
}
