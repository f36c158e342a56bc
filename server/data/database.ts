/**
 * The database factory: an embedded PostgreSQL (PGlite) in a data folder, or a
 * PostgreSQL server through `pg`. Both give the application the same types:
 * bigint and numeric as JS numbers, dates as "YYYY-MM-DD" text.
 */
import fs from "node:fs/promises";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import knexFactory, { type Knex } from "knex";
import pg from "pg";
import os from "node:os";
import lockfile from "proper-lockfile";
import { StartupError } from "../errors.js";
import { listenEmbedded, listenOnServer, type NotificationHandlers, type StopListening } from "./notifications.js";

export type Engine = "embedded" | "postgres";

export interface Database {
  knex: Knex;
  engine: Engine;
  /** LISTEN on `channel` (data/notifications.ts) until the returned function is called or the database closed. */
  listen(channel: string, handlers: NotificationHandlers): Promise<StopListening>;
  /** Finishes pending queries, closes connections and releases the data-folder lock. */
  close(): Promise<void>;
}

/** Listeners of one database, stopped with it. */
class Listeners {
  private readonly open = new Set<StopListening>();
  private closed = false;

  async add(start: () => Promise<StopListening>): Promise<StopListening> {
    const stop = await start();
    // Closed while it was starting: it must not outlive its database (a retrying connection would).
    if (this.closed) {
      await stop();
      throw new Error("the database was closed while a listener started");
    }
    const once: StopListening = async () => {
      if (this.open.delete(once)) await stop();
    };
    this.open.add(once);
    return once;
  }

  async stopAll(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.open].map((stop) => stop()));
  }
}

const OID = { int8: 20, numeric: 1700, date: 1082 } as const;

function toNumber(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value)) throw new Error(`Database returned a non-finite number: ${text}`);
  return value;
}

const PARSERS: Record<number, (text: string) => unknown> = {
  [OID.int8]: toNumber,
  [OID.numeric]: toNumber,
  [OID.date]: (text) => text,
};

/**
 * knex-pglite 0.14 hands back PGlite's raw result from `.del()` instead of a
 * row count; mapping `del` to `delete` lets knex's own response handling count.
 * Loaded only when the embedded engine is used: a process on a server never pays for it.
 */
/**
 * knex's own console output, minus the pool's "Acquire connection error" and "Connection Error", which repeat
 * (the first with a stack trace) an error the query that needed the connection throws anyway, and is reported
 * there in plain words (a database outage as a 503, logged once per request).
 */
const KNEX_LOG = {
  warn: (message: unknown) => {
    if (!/^(Acquire connection error|Connection Error)/.test(String(message))) console.warn(message);
  },
  error: (message: unknown) => console.error(message),
  deprecate: (method: string, alternative: string) => console.warn(`knex: ${method} is deprecated, use ${alternative}`),
  debug: () => undefined,
};

async function embeddedClient(): Promise<typeof knexFactory.Client> {
  const { default: ClientPGLite } = await import("knex-pglite");
  const PGliteBase = ClientPGLite as unknown as new (config: Knex.Config) => {
    processResponse(obj: unknown, runner: unknown): unknown;
  };
  class EmbeddedClient extends PGliteBase {
    override processResponse(obj: { method?: string }, runner: unknown): unknown {
      const method = obj.method === "del" ? "delete" : obj.method;
      return super.processResponse({ ...obj, method }, runner);
    }
  }
  return EmbeddedClient as unknown as typeof knexFactory.Client;
}

export interface EmbeddedOptions {
  /** Folder of the database; null for an in-memory one (tests). */
  dataDir: string | null;
  /** A tarball made with PGlite's dumpDataDir to start from (tests). */
  snapshot?: Blob;
}

/**
 * Who holds a lock: written beside the lock folder (which proper-lockfile removes with rmdir, so it must stay
 * empty), so that a later process can tell a crashed owner from a live one.
 */
const ownerFileOf = (lockPath: string) => `${lockPath}.owner`;

/** True when the lock's recorded owner is a process on this machine that no longer exists. */
async function ownerIsGone(lockPath: string): Promise<boolean> {
  let owner: { pid?: unknown; host?: unknown };
  try {
    owner = JSON.parse(await fs.readFile(ownerFileOf(lockPath), "utf8"));
  } catch {
    return false;
  }
  if (typeof owner.pid !== "number" || owner.host !== os.hostname()) return false;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else — alive.
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/** Why a folder cannot be written, by the error code the file system gave; undefined for any other failure. */
const UNWRITABLE: Readonly<Record<string, string>> = {
  EROFS: "it is on a read-only file system",
  EACCES: "this user has no permission to write it",
  EPERM: "this user has no permission to write it",
  ENOSPC: "the disk is full",
  EDQUOT: "the disk quota is used up",
};

const unwritable = (folder: string, error: unknown, what: string): StartupError | undefined => {
  const reason = UNWRITABLE[(error as NodeJS.ErrnoException).code ?? ""];
  return reason === undefined
    ? undefined
    : new StartupError(`The ${what} ${folder} cannot be written: ${reason}. Make it writable for this user, or set DATA_DIR to another folder.`);
};

/** mkdir -p that fails with the real reason: Node's recursive mkdir says ENOENT when an ancestor cannot be made. */
async function makeFolder(folder: string): Promise<void> {
  try {
    await fs.mkdir(folder, { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    const missing: string[] = [];
    for (let f = folder; !(await fs.stat(f).then(() => true, () => false)); f = path.dirname(f)) missing.unshift(f);
    for (const f of missing) await fs.mkdir(f);
    throw error;
  }
}

/**
 * Refuses a data folder this process cannot write (a read-only mount, another user's folder, a full disk) before
 * anything is opened or locked: the embedded engine would otherwise fail deep inside its WebAssembly heap with
 * a message nobody can act on. The probe file is removed again, so a folder that passes is left as it was.
 */
async function ensureWritable(dataDir: string): Promise<void> {
  const probe = path.join(dataDir, `.write-check-${process.pid}`);
  try {
    await makeFolder(dataDir);
    await fs.writeFile(probe, "");
    await fs.rm(probe);
  } catch (error) {
    throw unwritable(dataDir, error, "data folder") ?? error;
  }
}

async function lockDataDir(dataDir: string, takeOverDead = true): Promise<() => Promise<void>> {
  const lockPath = `${dataDir}.lock`;
  try {
    const release = await lockfile.lock(dataDir, {
      realpath: false,
      lockfilePath: lockPath,
      onCompromised: (error) => {
        // Another process took the folder over: stop rather than corrupt it.
        console.error(`The lock on the data folder ${dataDir} was lost: ${error.message}`);
        process.exit(1);
      },
    });
    await fs.writeFile(ownerFileOf(lockPath), JSON.stringify({ pid: process.pid, host: os.hostname() }));
    return async () => {
      await fs.rm(ownerFileOf(lockPath), { force: true });
      await release();
    };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ELOCKED" && takeOverDead && (await ownerIsGone(lockPath))) {
      // The owner was killed without releasing the lock (kill -9, a crash): its lock is taken over at once.
      await fs.rm(lockPath, { recursive: true, force: true });
      await fs.rm(ownerFileOf(lockPath), { force: true });
      return lockDataDir(dataDir, false);
    }
    const refused = unwritable(path.dirname(dataDir), error, "folder that holds the data folder's lock,");
    if (refused) throw refused;
    if ((error as NodeJS.ErrnoException).code === "ELOCKED") {
      throw new StartupError(
        `The data folder ${dataDir} is in use by another Projekttár process (lock: ${dataDir}.lock). ` +
          `Stop that process, or set DATA_DIR to another folder. ` +
          `(A crashed process's lock is taken over at once; one on another machine expires within 10 seconds.)`,
      );
    }
    throw error;
  }
}

export async function openEmbedded(options: EmbeddedOptions): Promise<Database> {
  if (options.dataDir) await ensureWritable(options.dataDir);
  const release = options.dataDir ? await lockDataDir(options.dataDir) : async () => {};
  try {
    const { PGlite } = await import("@electric-sql/pglite");
    // Search uses trigram indexes and accent-free stems; the embedded engine loads the extensions itself.
    const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
    const { unaccent } = await import("@electric-sql/pglite/contrib/unaccent");
    const pglite = await PGlite.create({
      extensions: { pg_trgm, unaccent },
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      ...(options.snapshot ? { loadDataDir: options.snapshot } : {}),
      parsers: PARSERS,
      // PGlite reserves shared_buffers inside its WebAssembly heap (128 MB by default: half the server's memory at
      // rest). The data folder's files are also in the operating system's page cache, so a smaller pool costs
      // little speed (`npm run bench:history -- --engine embedded` was no slower with it).
      postgresqlconf: ["shared_buffers=32MB"],
    });
    const knex = knexFactory({ client: await embeddedClient(), connection: { pglite }, log: KNEX_LOG } as Knex.Config);
    const listeners = new Listeners();
    return {
      knex,
      engine: "embedded",
      listen: (channel, handlers) => listeners.add(() => listenEmbedded(pglite, (sql) => knex.raw(sql), channel, handlers)),
      async close() {
        await listeners.stopAll();
        await knex.destroy();
        if (!pglite.closed) await pglite.close();
        await release();
      },
    };
  } catch (error) {
    await release();
    throw error;
  }
}

export async function dumpEmbedded(database: Database): Promise<Blob> {
  const client = database.knex.client as { pglite?: PGlite };
  if (!client.pglite) throw new Error("Only an embedded database can be dumped");
  return client.pglite.dumpDataDir("none");
}

const serverTypes = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    return PARSERS[oid] ?? pg.types.getTypeParser(oid, format);
  },
};

export async function openServer(url: string, pool: Knex.PoolConfig = { min: 0, max: 10 }): Promise<Database> {
  // While the server is down or restarting, a request fails within seconds (a 503) instead of waiting a minute
  // for a connection; the pool makes new connections by itself once the server is back.
  const connection = { connectionString: url, types: serverTypes, connectionTimeoutMillis: 3_000 };
  const knex = knexFactory({
    client: "pg",
    connection: connection as Knex.PgConnectionConfig,
    acquireConnectionTimeout: 5_000,
    pool,
    log: KNEX_LOG,
  });
  try {
    await knex.raw("select 1");
  } catch (error) {
    await knex.destroy();
    throw new StartupError(`Cannot reach the PostgreSQL server at ${redactUrl(url)}: ${(error as Error).message}`);
  }
  const listeners = new Listeners();
  return {
    knex,
    engine: "postgres",
    listen: (channel, handlers) => listeners.add(() => listenOnServer(connection, channel, handlers)),
    async close() {
      await listeners.stopAll();
      await knex.destroy();
    },
  };
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}

/** Opens what the configuration asks for. */
export function openDatabase(config: { databaseUrl: string | null; dataDir: string }): Promise<Database> {
  return config.databaseUrl ? openServer(config.databaseUrl) : openEmbedded({ dataDir: config.dataDir });
}
