/**
 * WEB_CONCURRENCY=N on a PostgreSQL server: this process forks N workers that each run the whole app and share
 * the port (node:cluster), so that every core serves requests. The primary serves nothing itself: it replaces a
 * worker that dies, and on SIGINT/SIGTERM passes the signal on and exits once every worker has finished its
 * in-flight requests.
 */
import cluster, { type Worker } from "node:cluster";
import type { Config } from "./config.js";
import type { Logger } from "./logger.js";

/** A worker that dies this soon after starting is failing to start, not crashing: restarting it would only loop. */
const START_GRACE_MS = 10_000;

export function runPrimary(config: Config, logger: Logger): void {
  let stopping = false;
  let listening = 0;
  const startedAt = new Map<Worker, number>();

  const fork = () => startedAt.set(cluster.fork(), Date.now());

  cluster.on("listening", (_worker, address) => {
    listening++;
    if (listening === config.workers) {
      const where = `PostgreSQL server, ${config.workers} processes`;
      console.log(`Projekttár is running at http://localhost:${address.port}/ (${where})`);
    }
  });

  cluster.on("exit", (worker, code, signal) => {
    const started = startedAt.get(worker) ?? 0;
    startedAt.delete(worker);
    if (stopping) {
      if (startedAt.size === 0) {
        logger.info("stopped");
        process.exit(0);
      }
      return;
    }
    if (Date.now() - started < START_GRACE_MS) {
      logger.error(`a server process could not start (exit ${code ?? signal}); stopping the others`);
      stopping = true;
      for (const other of startedAt.keys()) other.process.kill("SIGTERM");
      process.exitCode = 1;
      if (startedAt.size === 0) process.exit(1);
      return;
    }
    logger.warn(`server process ${worker.process.pid} ended (${code ?? signal}); starting a new one`);
    fork();
  });

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: asking ${startedAt.size} server processes to finish their in-flight requests`);
    for (const worker of startedAt.keys()) worker.process.kill(signal);
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));

  for (let i = 0; i < config.workers; i++) fork();
}
