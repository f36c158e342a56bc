/** startup: from spawning the process to its first 200 on /healthz, five times, against a bare Express app's. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BenchOptions } from "./options.js";
import { withPortfolio } from "./portfolio.js";
import { startApp, startStatic, type Running } from "./processes.js";
import { ratioOf, type Row } from "./report.js";

const TIMES = 5;

async function timesToReady(start: () => Promise<Running>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < TIMES; i++) {
    const running = await start();
    times.push(running.readyMs);
    await running.stop();
  }
  return times;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export function startup(options: BenchOptions): Promise<Row[]> {
  return withPortfolio("startup", options, async (db) => {
    const app = await timesToReady(() => startApp(db.env, options.workers));
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "projekttar-bench-empty-"));
    try {
      const baseline = await timesToReady(() => startStatic(folder, options.workers));
      console.error(`startup: app ${app.map((t) => t.toFixed(0)).join(", ")} ms; baseline ${baseline.map((t) => t.toFixed(0)).join(", ")} ms`);
      return [
        {
          benchmark: "startup",
          measure: `median of ${TIMES} starts`,
          unit: "ms",
          app: median(app),
          baseline: median(baseline),
          ratio: ratioOf(median(app), median(baseline), false, true),
          p50Ms: median(app),
          p99Ms: Math.max(...app),
          errors: 0,
          non2xx: 0,
        },
      ];
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
}
