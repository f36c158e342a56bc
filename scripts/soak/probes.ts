/** What the soak watches in the app's process (from /proc) and on the database server (pg_stat_activity). */
import fs from "node:fs";
import knexFactory from "knex";

/** The process's resident memory now (VmRSS), in bytes. */
export function rssOf(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return Number(kb ?? 0) * 1024;
}

/**
 * The memory drift over a run: the least-squares trend of RSS samples (seconds, bytes), over the samples' time
 * span, relative to their mean. Garbage collection makes RSS rise and fall by a third within a minute, so two
 * single samples say more about where the collector stood than about a leak; a leak shows as a trend.
 */
export function rssDrift(samples: ReadonlyArray<{ seconds: number; bytes: number }>): number {
  const n = samples.length;
  if (n < 2) return 0;
  const meanT = samples.reduce((sum, s) => sum + s.seconds, 0) / n;
  const meanB = samples.reduce((sum, s) => sum + s.bytes, 0) / n;
  let covariance = 0;
  let variance = 0;
  for (const s of samples) {
    covariance += (s.seconds - meanT) * (s.bytes - meanB);
    variance += (s.seconds - meanT) ** 2;
  }
  if (variance === 0) return 0;
  const span = samples[n - 1]!.seconds - samples[0]!.seconds;
  return ((covariance / variance) * span) / meanB;
}

/** How many file descriptors the process holds open (sockets, database files, logs). */
export function openFds(pid: number): number {
  return fs.readdirSync(`/proc/${pid}/fd`).length;
}

/** Connections to the database `url` names, as the server counts them (this probe's own left out); null embedded. */
export async function serverConnections(url: string | null): Promise<number | null> {
  if (url === null) return null;
  const probe = knexFactory({ client: "pg", connection: url, pool: { min: 0, max: 1 } });
  try {
    const result = await probe.raw<{ rows: { n: string }[] }>("select count(*) as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()");
    return Number(result.rows[0]!.n);
  } finally {
    await probe.destroy();
  }
}

export interface Probe {
  rssBytes: number;
  fds: number;
  dbConnections: number | null;
}

export async function probe(pid: number, url: string | null): Promise<Probe> {
  return { rssBytes: rssOf(pid), fds: openFds(pid), dbConnections: await serverConnections(url) };
}
