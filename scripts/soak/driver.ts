/**
 * Sends the mix to the app over keep-alive connections (undici): closed-loop at a fixed concurrency to find the
 * maximum rate, open-loop at a fixed rate for the soak. Latency is measured from the moment a request was due, so a
 * server that falls behind shows it (no coordinated omission).
 */
import { Pool } from "undici";
import { KINDS, type Kind, type SoakRequest } from "./mix.js";

export interface KindStats {
  requests: number;
  errors: number;
  non2xx: number;
  /** Latencies in ms, kept whole for exact percentiles (a 10-minute soak holds a few hundred thousand). */
  latencies: number[];
  /** A few of the refusals and failures, to say what went wrong. */
  samples: string[];
}

export type Stats = Record<Kind, KindStats>;

export const emptyStats = (): Stats =>
  Object.fromEntries(KINDS.map((k) => [k, { requests: 0, errors: 0, non2xx: 0, latencies: [], samples: [] }])) as unknown as Stats;

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function totals(stats: Stats): { requests: number; errors: number; non2xx: number } {
  return Object.values(stats).reduce((t, s) => ({ requests: t.requests + s.requests, errors: t.errors + s.errors, non2xx: t.non2xx + s.non2xx }), { requests: 0, errors: 0, non2xx: 0 });
}

export function openPool(url: string, connections: number): Pool {
  return new Pool(url, { connections, pipelining: 1, keepAliveTimeout: 4_000 });
}

/** Sends one request and records it; never throws. */
async function send(pool: Pool, request: SoakRequest, dueAt: number, stats: Stats): Promise<void> {
  const s = stats[request.kind];
  try {
    const response = await pool.request({ method: request.method, path: request.path, headers: request.headers, body: request.body, headersTimeout: 30_000, bodyTimeout: 30_000 });
    const body = await response.body.text();
    s.latencies.push(performance.now() - dueAt);
    s.requests++;
    if (response.statusCode < 200 || response.statusCode > 299) {
      s.non2xx++;
      if (s.samples.length < 5) s.samples.push(`${request.method} ${request.path} → ${response.statusCode}: ${body.slice(0, 200)}`);
    }
    request.done(response.statusCode, body);
  } catch (error) {
    s.requests++;
    s.errors++;
    if (s.samples.length < 5) s.samples.push(`${request.method} ${request.path} → ${(error as Error).message}`);
    request.done(0, "");
  }
}

/** `concurrency` loops, each sending its next request when the last is answered, for `seconds`; returns requests/s. */
export async function closedLoop(url: string, next: () => SoakRequest, concurrency: number, seconds: number, stats: Stats): Promise<number> {
  const pool = openPool(url, concurrency);
  const started = performance.now();
  const until = started + seconds * 1000;
  let answered = 0;
  try {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < until) {
          await send(pool, next(), performance.now(), stats);
          answered++;
        }
      }),
    );
  } finally {
    await pool.close();
  }
  // Over the time the answers took, past `seconds` too: the last requests sent are still answered after it.
  return answered / ((performance.now() - started) / 1000);
}

export interface OpenLoopResult {
  /** Requests that were due while `maxInFlight` were already waiting: the server fell too far behind. */
  shed: number;
}

/**
 * Requests at `rate` per second for `seconds` over `connections` keep-alive connections, whatever the answers' pace,
 * at most `maxInFlight` waiting at once; `tick` is called about once a second with the elapsed seconds.
 */
export async function openLoop(
  url: string,
  next: () => SoakRequest,
  { rate, seconds, connections, maxInFlight }: { rate: number; seconds: number; connections: number; maxInFlight: number },
  stats: Stats,
  tick: (elapsedSeconds: number) => void,
): Promise<OpenLoopResult> {
  const pool = openPool(url, connections);
  const started = performance.now();
  const pending = new Set<Promise<void>>();
  let issued = 0;
  let shed = 0;
  let lastTick = 0;
  try {
    for (;;) {
      const now = performance.now();
      const elapsed = (now - started) / 1000;
      if (elapsed >= seconds) break;
      const due = Math.floor(elapsed * rate);
      for (; issued < due; issued++) {
        const dueAt = started + (issued / rate) * 1000;
        if (pending.size >= maxInFlight) {
          shed++;
          continue;
        }
        const sending = send(pool, next(), dueAt, stats).finally(() => pending.delete(sending));
        pending.add(sending);
      }
      if (elapsed - lastTick >= 1) {
        lastTick = Math.floor(elapsed);
        tick(elapsed);
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await Promise.all(pending);
  } finally {
    await pool.close();
  }
  return { shed };
}
