/** The only reader of process.env. Fails fast on settings that cannot work. */
import path from "node:path";
import { StartupError } from "./errors.js";

export interface Config {
  port: number;
  /** postgres://… for a PostgreSQL server; null for the embedded engine. */
  databaseUrl: string | null;
  /** Folder of the embedded database. */
  dataDir: string;
  /** Origin used in links meant for the public (API `publicUrl`), without a trailing slash. */
  publicBaseUrl: string;
  logLevel: string;
  production: boolean;
}

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw === "") return 3000;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new StartupError(`PORT must be a TCP port number (0–65535), got "${raw}"`);
  }
  return port;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = parsePort(env.PORT);
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new StartupError(`DATABASE_URL must start with postgres:// or postgresql://`);
  }
  return {
    port,
    databaseUrl,
    dataDir: path.resolve(env.DATA_DIR?.trim() || "data"),
    publicBaseUrl: (env.PUBLIC_BASE_URL?.trim() || `http://localhost:${port}`).replace(/\/+$/, ""),
    logLevel: env.LOG_LEVEL?.trim() || (env.NODE_ENV === "test" ? "silent" : "info"),
    production: env.NODE_ENV === "production",
  };
}
