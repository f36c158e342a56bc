/** The command line of `npm run bench -- <name> [--projects N] [--duration S] [--workers N] [--engine embedded|server]`. */
import { parseArgs } from "node:util";

export const BENCHMARKS = ["public-page", "api-list", "search", "import", "export", "startup"] as const;
export type BenchmarkName = (typeof BENCHMARKS)[number];

export interface BenchOptions {
  names: BenchmarkName[];
  projects: number;
  duration: number;
  workers: number;
  connections: number;
  seed: number;
  /** Keep the generated portfolio (a template database or data folder) for the next run with the same size and seed. */
  keepPortfolio: boolean;
  /** postgres://… of the server whose fresh databases the runs use; null: the embedded engine in a temporary folder. */
  serverUrl: string | null;
}

export const USAGE = `Usage: npm run bench -- <${[...BENCHMARKS, "all"].join("|")}> [--projects N (100000)] [--duration S (10)]
       [--workers N (1; server engine only)] [--engine embedded|server] [--seed S (1)]
       [--keep-portfolio]
The portfolio is generated once per run and copied for each benchmark; --keep-portfolio keeps it for the next run.
The server engine uses BENCH_DATABASE_URL, else DATABASE_URL; without either, or with --engine embedded, a temporary data folder.`;

const positive = (text: string, name: string): number => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive whole number`);
  return n;
};

export function parseBenchArgs(argv: string[], env: Readonly<Record<string, string | undefined>>): BenchOptions {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      projects: { type: "string", default: "100000" },
      duration: { type: "string", default: "10" },
      workers: { type: "string", default: "1" },
      engine: { type: "string" },
      seed: { type: "string", default: "1" },
      "keep-portfolio": { type: "boolean", default: false },
    },
  });
  const [name, ...rest] = positionals;
  if (rest.length > 0 || name === undefined) throw new Error("name one benchmark, or all");
  const names = name === "all" ? [...BENCHMARKS] : BENCHMARKS.filter((b) => b === name);
  if (names.length === 0) throw new Error(`unknown benchmark: ${name}`);
  if (values.engine !== undefined && values.engine !== "embedded" && values.engine !== "server") throw new Error("--engine must be embedded or server");
  const url = env.BENCH_DATABASE_URL || env.DATABASE_URL || null;
  if (values.engine === "server" && !url) throw new Error("--engine server needs BENCH_DATABASE_URL or DATABASE_URL");
  const serverUrl = values.engine === "embedded" ? null : url;
  const workers = positive(values.workers, "workers");
  if (workers > 1 && !serverUrl) throw new Error("--workers above 1 needs a server database (the embedded engine is one process)");
  return {
    names,
    projects: positive(values.projects, "projects"),
    duration: positive(values.duration, "duration"),
    workers,
    connections: 50,
    seed: positive(values.seed, "seed"),
    keepPortfolio: values["keep-portfolio"],
    serverUrl,
  };
}
