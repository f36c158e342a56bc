/**
 * Backups of either engine, consistent while the app runs.
 * - PostgreSQL server: pg_dump's custom format (its snapshot is one transaction), restored with pg_restore.
 * - Embedded engine: a gzipped tarball of the PGlite data folder, taken between two queries (PGlite runs one at a
 *   time), so it is the folder as a crash at that instant would leave it, which PostgreSQL recovers from its WAL.
 *   The data folder admits one process: while the server runs, the backup command asks it through a Unix socket
 *   beside the folder (its file permissions are the access control: whoever can use it can read the folder anyway).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import fsPromises from "node:fs/promises";
import http from "node:http";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import pg from "pg";
import { StartupError } from "../errors.js";
import type { Database } from "./database.js";
import { openEmbedded } from "./database.js";

/** The socket a running embedded server answers backup requests on. */
export const backupSocketOf = (dataDir: string) => `${dataDir}.backup.sock`;

/** The first bytes of each kind of backup, to refuse a file meant for the other engine. */
const PG_DUMP_MAGIC = "PGDMP";
const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);

async function embeddedTarball(db: Database): Promise<Blob> {
  const client = db.knex.client as { pglite?: { dumpDataDir(compression: "gzip"): Promise<Blob> } };
  if (!client.pglite) throw new Error("not an embedded database");
  // Data pages written out, so that a restore has little WAL to replay.
  await db.knex.raw("checkpoint");
  return client.pglite.dumpDataDir("gzip");
}

/** Serves backups of the open embedded database on a Unix socket; returns a function that stops serving. */
export async function serveEmbeddedBackups(db: Database, dataDir: string): Promise<() => Promise<void>> {
  const socketPath = backupSocketOf(dataDir);
  // This process holds the data folder's lock: a socket file left here belongs to a process that is gone.
  await fsPromises.rm(socketPath, { force: true });
  const server = http.createServer((req, res) => {
    if (req.method !== "GET" || req.url !== "/backup") return void res.writeHead(404).end();
    embeddedTarball(db).then(
      async (tarball) => {
        res.writeHead(200, { "Content-Type": "application/gzip", "Content-Length": tarball.size });
        await pipeline(Readable.fromWeb(tarball.stream() as never), res);
      },
      (error: unknown) => res.writeHead(500).end(String(error)),
    );
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(socketPath, resolve));
  await fsPromises.chmod(socketPath, 0o600);
  return () => new Promise((resolve) => server.close(() => resolve()));
}

/** A backup from the embedded server running on dataDir, or null when none answers there. */
async function askRunningServer(dataDir: string, file: string): Promise<boolean> {
  const socketPath = backupSocketOf(dataDir);
  if (!fs.existsSync(socketPath)) return false;
  const response = await new Promise<http.IncomingMessage | null>((resolve) => {
    const request = http.get({ socketPath, path: "/backup" }, resolve);
    request.on("error", () => resolve(null));
  });
  if (!response) return false;
  if (response.statusCode !== 200) throw new Error(`A futó szerver nem tudta elkészíteni a mentést (${response.statusCode}).`);
  await pipeline(response, fs.createWriteStream(file));
  return true;
}

export type BackupSource = { databaseUrl: string } | { dataDir: string };

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "ENOENT"
          ? new StartupError(`A ${command} nem található: telepítse a PostgreSQL kliensprogramjait (Debian: postgresql-client), a szerverével egyező vagy újabb változatban.`)
          : error,
      ),
    );
    child.on("close", (code) => (code === 0 ? resolve() : reject(new StartupError(`A ${command} hibával állt le: ${stderr.trim()}`))));
  });
}

/** Writes a backup of the database to file; says how it was made. */
export async function backUp(source: BackupSource, file: string): Promise<"pg_dump" | "running server" | "data folder"> {
  if ("databaseUrl" in source) {
    await run("pg_dump", ["--format=custom", "--no-owner", "--file", file, "--dbname", source.databaseUrl]);
    return "pg_dump";
  }
  if (await askRunningServer(source.dataDir, file)) return "running server";
  if (!fs.existsSync(source.dataDir)) throw new StartupError(`Nincs beágyazott adatbázis itt: ${source.dataDir}`);
  const db = await openEmbedded({ dataDir: source.dataDir });
  try {
    const tarball = await embeddedTarball(db);
    await fsPromises.writeFile(file, Buffer.from(await tarball.arrayBuffer()));
  } finally {
    await db.close();
  }
  return "data folder";
}

/** Restores a backup into an empty database: a new data folder, or a server database without tables. */
export async function restore(target: BackupSource, file: string): Promise<void> {
  const head = Buffer.alloc(5);
  const handle = await fsPromises.open(file).catch(() => {
    throw new StartupError(`${file}: nincs ilyen fájl`);
  });
  await handle.read(head, 0, 5, 0).finally(() => handle.close());
  const isPgDump = head.toString("latin1") === PG_DUMP_MAGIC;
  const isTarball = head.subarray(0, 2).equals(GZIP_MAGIC);

  if ("databaseUrl" in target) {
    if (!isPgDump) throw new StartupError(`${file} nem PostgreSQL-szerver mentése (ilyet a DATABASE_URL-lel futó npm run backup készít).`);
    const client = new pg.Client({ connectionString: target.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query("select count(*)::int as tables from pg_tables where schemaname = 'public'");
      if (rows[0].tables > 0) throw new StartupError("A céladatbázis nem üres: új, üres adatbázisba állítson vissza.");
    } finally {
      await client.end();
    }
    await run("pg_restore", ["--no-owner", "--no-privileges", "--exit-on-error", "--dbname", target.databaseUrl, file]);
    return;
  }
  if (!isTarball) throw new StartupError(`${file} nem beágyazott adatbázis mentése (ilyet a DATABASE_URL nélkül futó npm run backup készít).`);
  const existing = await fsPromises.readdir(target.dataDir).catch(() => []);
  if (existing.length > 0) throw new StartupError(`${target.dataDir} nem üres: új adatmappába állítson vissza (DATA_DIR).`);
  const snapshot = new Blob([await fsPromises.readFile(file)]);
  const db = await openEmbedded({ dataDir: target.dataDir, snapshot });
  await db.close();
}
