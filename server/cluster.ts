/**
 * WEB_CONCURRENCY=N on a PostgreSQL server: this process forks N workers that each run the whole app and share
 * the port (node:cluster), so that every core serves requests. The primary serves nothing itself: it replaces a
 * worker that dies, and on SIGINT/SIGTERM (to it or to any worker) stops them all gracefully.
 *
 * A graceful stop has two steps, and their order is what keeps connections from being reset. The port is shared
 * through the primary, which accepts each connection and hands it to a worker; it stops accepting only when the
 * last worker has stopped listening, and a connection it accepted but could hand to no one is then dropped. So
 * first every worker stops listening while still serving its keep-alive connections as usual (clients have no
 * reason to open new ones); only when all have done so does each one drain: every response then closes its
 * connection, and a client that reconnects finds the port closed (refused, not reset).
 * A worker still starting has no request to finish and may not hear a message yet: it is killed. A worker still
 * running 20 s into a stop is killed too.
 */
import cluster, { type Worker } from "node:cluster";
import type { Config } from "./config.js";
import type { Logger } from "./logger.js";

/** A worker that dies this soon after starting is failing to start, not crashing: restarting it would only loop. */
const START_GRACE_MS = 10_000;
/** A worker that does not confirm it stopped listening within this time is not waited for any longer. */
const STOP_LISTENING_TIMEOUT_MS = 5_000;
/** A worker still running this long after a stop began is killed (its own drain gives up on slow clients at 10 s). */
const STOP_TIMEOUT_MS = 20_000;

type StopMessage =
  | { projekttar: "stop"; signal: NodeJS.Signals } // worker → primary: a signal reached me
  | { projekttar: "stop-listening" } // primary → worker
  | { projekttar: "listening-stopped" } // worker → primary
  | { projekttar: "drain"; signal: NodeJS.Signals }; // primary → worker

const isStopMessage = (message: unknown): message is StopMessage =>
  typeof message === "object" && message !== null && "projekttar" in message;

export function runPrimary(config: Config, logger: Logger): void {
  let stopping = false;
  let listening = 0;
  const startedAt = new Map<Worker, number>();
  const awaitingStopListening = new Set<Worker>();
  let drainSignal: NodeJS.Signals = "SIGTERM";

  /** Workers that listen: only they have their message handler in place (one still loading would drop a message). */
  const serving = new Set<Worker>();

  const fork = () => {
    const worker = cluster.fork();
    startedAt.set(worker, Date.now());
    // A send to a worker that has just exited fails (EPIPE) as an 'error' event; its exit is handled below.
    worker.on("error", () => undefined);
  };
  const send = (worker: Worker, message: StopMessage) => {
    if (worker.isConnected()) worker.send(message, () => undefined);
  };

  const drainAll = () => {
    awaitingStopListening.clear();
    for (const worker of startedAt.keys()) send(worker, { projekttar: "drain", signal: drainSignal });
  };
  const stoppedListening = (worker: Worker) => {
    if (!awaitingStopListening.delete(worker)) return;
    if (awaitingStopListening.size === 0) drainAll();
  };

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    drainSignal = signal;
    logger.info(`${signal}: asking ${startedAt.size} server processes to finish their in-flight requests`);
    for (const worker of startedAt.keys()) {
      if (serving.has(worker)) {
        awaitingStopListening.add(worker);
        send(worker, { projekttar: "stop-listening" });
      } else {
        // Still starting: it has no request to finish, and may not hear a message yet.
        worker.process.kill("SIGKILL");
      }
    }
    if (awaitingStopListening.size > 0) {
      setTimeout(() => {
        if (awaitingStopListening.size > 0) drainAll();
      }, STOP_LISTENING_TIMEOUT_MS).unref();
    }
    setTimeout(() => {
      for (const worker of startedAt.keys()) {
        logger.error(`server process ${worker.process.pid} did not stop in ${STOP_TIMEOUT_MS / 1000} s; killing it`);
        process.exitCode = 1;
        worker.process.kill("SIGKILL");
      }
    }, STOP_TIMEOUT_MS).unref();
  };

  cluster.on("listening", (worker, address) => {
    serving.add(worker);
    listening++;
    if (listening === config.workers) {
      const where = `PostgreSQL server, ${config.workers} processes`;
      console.log(`Projekttár is running at http://localhost:${address.port}/ (${where})`);
    }
  });

  cluster.on("message", (worker, message: unknown) => {
    if (!isStopMessage(message)) return;
    if (message.projekttar === "stop") stop(message.signal);
    else if (message.projekttar === "listening-stopped") stoppedListening(worker);
  });

  cluster.on("exit", (worker, code, signal) => {
    const started = startedAt.get(worker) ?? 0;
    startedAt.delete(worker);
    serving.delete(worker);
    if (stopping) {
      stoppedListening(worker);
      if (startedAt.size === 0) {
        logger.info("stopped");
        process.exit();
      }
      return;
    }
    if (Date.now() - started < START_GRACE_MS) {
      logger.error(`a server process could not start (exit ${code ?? signal}); stopping the others`);
      process.exitCode = 1;
      if (startedAt.size === 0) process.exit();
      stop("SIGTERM");
      return;
    }
    logger.warn(`server process ${worker.process.pid} ended (${code ?? signal}); starting a new one`);
    fork();
  });

  // A second signal to this process (Ctrl-C pressed again) stops every server process now. Only signals to this
  // process count: a terminal's Ctrl-C also reaches every worker, which passes it on as a message, and that message
  // may arrive before the primary's own signal.
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (!signalled) {
      signalled = true;
      return stop(signal);
    }
    logger.warn(`${signal} again: stopping every server process now, without waiting for the requests in flight`);
    for (const worker of startedAt.keys()) worker.process.kill("SIGKILL");
    process.exit(1);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  for (let i = 0; i < config.workers; i++) fork();
}

/** What a worker's server does when the primary stops it. */
export interface StoppableServer {
  /** Stop accepting connections; the open ones are served as before. */
  stopListening(): void;
  /** Finish the in-flight requests, closing each connection after its response; then end the process. */
  drain(signal: NodeJS.Signals): void;
}

/**
 * In a worker: a signal is passed to the primary, which stops every worker in the two steps above. Called first
 * thing, before the server exists: a stop that comes while the worker is still starting ends it at once (it has
 * no requests to finish); `serving` hands over the server once it listens.
 */
export function followPrimary(): { serving(server: StoppableServer): void } {
  let server: StoppableServer | undefined;
  const reply = (message: StopMessage) => {
    if (process.connected) process.send?.(message, undefined, undefined, () => undefined);
  };
  const passOn = (signal: NodeJS.Signals) => reply({ projekttar: "stop", signal });
  process.on("SIGINT", () => passOn("SIGINT"));
  process.on("SIGTERM", () => passOn("SIGTERM"));
  process.on("message", (message: unknown) => {
    if (!isStopMessage(message)) return;
    if (message.projekttar === "stop-listening") {
      if (!server) process.exit(0);
      // Sent after the cluster's own message that this worker no longer listens, on the same channel: when the
      // primary reads this reply, it has taken this worker out of its rotation.
      server.stopListening();
      reply({ projekttar: "listening-stopped" });
    } else if (message.projekttar === "drain") {
      if (!server) process.exit(0);
      server.drain(message.signal);
    }
  });
  return {
    serving(stoppable) {
      server = stoppable;
    },
  };
}
