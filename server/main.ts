/** The only entry point: config → database → services → app → listen; clean shutdown on SIGINT/SIGTERM. */
import cluster from "node:cluster";
import net, { type AddressInfo } from "node:net";
import { createApp } from "./app.js";
import { followPrimary, runPrimary } from "./cluster.js";
import { loadConfig } from "./config.js";
import { StartupError } from "./errors.js";
import { createLogger } from "./logger.js";
import { serveEmbeddedBackups } from "./data/backup.js";
import { openReadyDatabase } from "./data/startup.js";
import { buildServices } from "./services/index.js";
import { loadDemoPortfolio } from "./services/demoService.js";

const portTaken = (port: number) => `Port ${port} is already in use by another program: stop it, or set PORT to a free port.`;

/** Refuses a port another process listens on, before anything (a new data folder) is made. */
function ensurePortFree(port: number): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE"
          ? new StartupError(portTaken(port))
          : error.code === "EACCES"
            ? new StartupError(`Port ${port} needs more rights than this user has: set PORT to a port above 1023.`)
            : error,
      ),
    );
    probe.listen(port, () => probe.close(() => resolve()));
  });
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  if (cluster.isPrimary) await ensurePortFree(config.port);
  if (cluster.isPrimary && config.workers > 1) return runPrimary(config, logger);
  const primary = cluster.isWorker ? followPrimary() : null;
  const db = await openReadyDatabase(config);
  const services = buildServices(db, { publicBaseUrl: config.publicBaseUrl });

  if (db.engine === "embedded" && (await services.projects.count()) === 0) {
    const summary = await loadDemoPortfolio(services.importer);
    logger.info(`Empty database: loaded the demo portfolio (${summary.created} projects)`);
  }

  // On a server, the first users are made with `npm run user`; a fresh embedded database makes its own admin.
  const firstAdmin = db.engine === "embedded" ? await services.accounts.createFirstAdmin() : null;
  // `npm run backup` cannot open a data folder this process holds: it asks this process instead.
  const stopServingBackups = db.engine === "embedded" ? await serveEmbeddedBackups(db, config.dataDir) : async () => {};
  const app = createApp(services, {
    logger,
    production: config.production,
    showErrorDetails: config.showErrorDetails,
    sessionSecret: await services.sessionSecret(),
    trustProxy: config.trustProxy,
    pageCacheBytes: config.pageCacheBytes,
  });
  const server = app.listen(config.port);
  server.once("error", async (error: NodeJS.ErrnoException) => {
    // Taken between the check and now: say so, and leave the database as it was.
    console.error(error.code === "EADDRINUSE" ? portTaken(config.port) : error);
    await stopServingBackups();
    await db.close();
    process.exit(1);
  });
  server.once("listening", () => {
    // Under a cluster, the primary says where the app runs once all its processes listen.
    if (cluster.isWorker) return;
    const { port } = server.address() as AddressInfo;
    const where = db.engine === "embedded" ? `embedded database in ${config.dataDir}` : "PostgreSQL server";
    console.log(`Projekttár is running at http://localhost:${port}/ (${where})`);
    if (firstAdmin) {
      // Printed once: the account must set its own password at first login, and this start is the only time it is shown.
      console.log(
        `\nFirst start: an admin account was created.\n  Log in at http://localhost:${port}/belepes\n  e-mail:            ${firstAdmin.email}\n  one-time password: ${firstAdmin.oneTimePassword}\n`,
      );
    }
  });

  let draining = false;
  // Once draining, every response (to a request in flight or one arriving on an open keep-alive connection) closes
  // its connection after it is sent, so no client is left holding a connection the server is about to drop.
  server.prependListener("request", (_req, res) => {
    if (draining) res.setHeader("Connection", "close");
  });
  let listeningStopped = false;
  const stopListening = () => {
    if (listeningStopped) return;
    listeningStopped = true;
    // net.Server's close, not http.Server's: the latter also drops idle keep-alive connections at once, and a
    // client may be writing its next request on one of them right now (it would see a reset). Stop listening only;
    // the open connections end after their next response or, if silent, at the keep-alive timeout.
    net.Server.prototype.close.call(server, async () => {
      await stopServingBackups();
      await db.close();
      logger.info("stopped");
      process.exit(0);
    });
  };
  const drain = (signal: NodeJS.Signals) => {
    if (draining) return;
    draining = true;
    logger.info(`${signal}: finishing in-flight requests, then closing the database`);
    stopListening();
    // Do not wait forever for a slow client.
    setTimeout(() => server.closeAllConnections(), 10_000).unref();
  };
  if (primary) {
    primary.serving({ stopListening, drain });
  } else {
    // A second signal (Ctrl-C pressed again) means now: what is in flight is dropped, as a kill would drop it,
    // and the database keeps only what was committed.
    const onSignal = (signal: NodeJS.Signals) => {
      if (!draining) return drain(signal);
      logger.warn(`${signal} again: stopping now, without waiting for the requests in flight`);
      process.exit(1);
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof StartupError ? error.message : error);
  process.exit(1);
});
