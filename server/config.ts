/**
 * The only reader of process.env (scripts/test.ts and the test helpers read the TEST_* variables that configure
 * a test run, not the app). Fails fast: a setting that is set but cannot work stops start-up with a message naming
 * it and what it expects. In production a missing PUBLIC_BASE_URL does too, and so does a variable that looks like
 * a misspelt setting of ours, which would otherwise be silently ignored.
 */
import path from "node:path";
import type { LevelWithSilent } from "pino";
import { StartupError } from "./errors.js";

export const SETTINGS = ["NODE_ENV", "PORT", "DATABASE_URL", "DATA_DIR", "PUBLIC_BASE_URL", "LOG_LEVEL", "TRUST_PROXY", "WEB_CONCURRENCY", "PAGE_CACHE_MB"] as const;
export type Setting = (typeof SETTINGS)[number];

const ENVIRONMENTS = ["development", "production", "test"] as const;
const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const satisfies readonly LevelWithSilent[];

/** Variables with this prefix are reserved for Projekttár; an unknown one is a typo. */
const RESERVED_PREFIX = "PROJEKTTAR_";

const EXPECTED: Record<Setting, string> = {
  NODE_ENV: `one of ${ENVIRONMENTS.join(", ")}`,
  PORT: "a TCP port number (0–65535)",
  DATABASE_URL: "a postgres:// or postgresql:// URL",
  DATA_DIR: "the folder of the embedded database",
  PUBLIC_BASE_URL: "the public http:// or https:// address, e.g. https://projektek.example.hu",
  LOG_LEVEL: `a pino log level: one of ${LOG_LEVELS.join(", ")}`,
  TRUST_PROXY: "the number of reverse proxies in front of the app (1–9), or loopback, linklocal or uniquelocal",
  WEB_CONCURRENCY: "the number of server processes (1–64); more than one needs DATABASE_URL",
  PAGE_CACHE_MB: "the memory for rendered public pages per process, in MB (0–4096; 0 keeps none)",
};

export interface Config {
  port: number;
  /** postgres://… for a PostgreSQL server; null for the embedded engine. */
  databaseUrl: string | null;
  /** Folder of the embedded database. */
  dataDir: string;
  /** Origin used in links meant for the public (API `publicUrl`), without a trailing slash. */
  publicBaseUrl: string;
  logLevel: LevelWithSilent;
  /** NODE_ENV=production: settings are checked strictly and static files are cached. */
  production: boolean;
  /** Stack traces on error pages: only when NODE_ENV=development asks for them, never by default. */
  showErrorDetails: boolean;
  /** Express's `trust proxy`: which proxies' X-Forwarded-For/-Proto to believe (HTTPS and client address). */
  trustProxy: number | string | false;
  /** Server processes (node:cluster workers) sharing the port; 1 is the process itself. */
  workers: number;
  /** The byte budget of each process's cache of rendered public pages (middleware/publicCaching.ts). */
  pageCacheBytes: number;
}

type Environment = Readonly<Record<string, string | undefined>>;

const oneOf =
  <T extends string>(allowed: readonly T[]) =>
  (value: string): T | undefined =>
    allowed.find((a) => a === value);

function parsePort(value: string): number | undefined {
  return /^\d{1,5}$/.test(value) && Number(value) <= 65535 ? Number(value) : undefined;
}

function parseBaseUrl(value: string): string | undefined {
  if (!URL.canParse(value)) return undefined;
  const url = new URL(value);
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.search || url.hash || url.username) return undefined;
  return `${url.origin}${url.pathname}`.replace(/\/+$/, "");
}

/** Edits (insert, delete, replace, swap two neighbours) that turn one name into the other. */
function editDistance(a: string, b: string): number {
  // d[i][j]: edits between the first i letters of a and the first j letters of b.
  const d: number[][] = [];
  const at = (i: number, j: number) => d[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [];
    d.push(row);
    for (let j = 0; j <= b.length; j++) {
      const swapped = i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1];
      row[j] =
        i === 0 || j === 0
          ? i + j
          : Math.min(
              at(i - 1, j) + 1,
              at(i, j - 1) + 1,
              at(i - 1, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1),
              swapped ? at(i - 2, j - 2) + 1 : Number.POSITIVE_INFINITY,
            );
    }
  }
  return at(a.length, b.length);
}

/**
 * The setting an unknown variable was probably meant to be: the same name in another case, or (for names long
 * enough that two edits cannot turn an unrelated name such as HOST into PORT) one at most two edits away.
 */
function meantAs(name: string): Setting | undefined {
  const upper = name.toUpperCase();
  return SETTINGS.find((setting) => upper === setting || (setting.length >= 8 && editDistance(upper, setting) <= 2));
}

function unknownSettings(env: Environment): string[] {
  const problems: string[] = [];
  for (const name of Object.keys(env)) {
    if ((SETTINGS as readonly string[]).includes(name)) continue;
    const intended = meantAs(name);
    if (intended) problems.push(`${name} is not a Projekttár setting: did you mean ${intended}?`);
    else if (name.toUpperCase().startsWith(RESERVED_PREFIX)) {
      problems.push(`${name} is not a Projekttár setting (the settings are ${SETTINGS.join(", ")})`);
    }
  }
  return problems;
}

/** Reads the settings; throws a StartupError listing every problem, each naming the setting and what it expects. */
export function loadConfig(env: Environment = process.env): Config {
  const problems: string[] = [];

  /** A setting's value, parsed; undefined when unset. A blank value is a problem: usually a template not filled in. */
  const read = <T>(name: Setting, parse: (value: string) => T | undefined): T | undefined => {
    const raw = env[name];
    if (raw === undefined) return undefined;
    const value = raw.trim();
    const parsed = value === "" ? undefined : parse(value);
    if (parsed === undefined) {
      // A database URL may hold a password: never repeat it.
      const got = value === "" ? "an empty value" : name === "DATABASE_URL" ? "another kind of value" : `"${raw}"`;
      problems.push(`${name} must be ${EXPECTED[name]}; got ${got}`);
    }
    return parsed;
  };

  const environment = read("NODE_ENV", oneOf(ENVIRONMENTS));
  const port = read("PORT", parsePort) ?? 3000;
  const databaseUrl = read("DATABASE_URL", (v) => (/^postgres(ql)?:\/\/\S+$/.test(v) ? v : undefined)) ?? null;
  const dataDir = read("DATA_DIR", (v) => path.resolve(v)) ?? path.resolve("data");
  const publicBaseUrl = read("PUBLIC_BASE_URL", parseBaseUrl);
  const trustProxy =
    read("TRUST_PROXY", (v) => (/^[1-9]$/.test(v) ? Number(v) : oneOf(["loopback", "linklocal", "uniquelocal"] as const)(v))) ?? false;
  const logLevel = read("LOG_LEVEL", oneOf(LOG_LEVELS)) ?? (environment === "test" ? "silent" : "info");
  const workers = read("WEB_CONCURRENCY", (v) => (/^\d{1,2}$/.test(v) && Number(v) >= 1 && Number(v) <= 64 ? Number(v) : undefined)) ?? 1;
  const pageCacheMb = read("PAGE_CACHE_MB", (v) => (/^\d{1,4}$/.test(v) && Number(v) <= 4096 ? Number(v) : undefined)) ?? 64;
  // The embedded engine is a database inside the process and its data folder admits one process.
  if (workers > 1 && databaseUrl === null) problems.push(`WEB_CONCURRENCY=${workers} needs DATABASE_URL: the embedded engine runs in one process`);

  const production = environment === "production";
  if (production) {
    if (env.PUBLIC_BASE_URL === undefined) problems.push(`PUBLIC_BASE_URL is required in production: ${EXPECTED.PUBLIC_BASE_URL}`);
    problems.push(...unknownSettings(env));
  }
  if (problems.length > 0) {
    throw new StartupError(`Projekttár cannot start; fix these settings:\n${problems.map((p) => `  ${p}`).join("\n")}`);
  }
  return {
    port,
    databaseUrl,
    dataDir,
    publicBaseUrl: publicBaseUrl ?? `http://localhost:${port}`,
    logLevel,
    production,
    showErrorDetails: environment === "development",
    trustProxy,
    workers,
    pageCacheBytes: pageCacheMb * 1024 * 1024,
  };
}
