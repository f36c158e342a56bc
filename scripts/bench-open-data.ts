/**
 * npm run bench:open-data — downloads /nyilt-adatok/projektek.csv and .json from the app, built in this process
 * over the configured database, and prints each file's size, time and the process's peak memory while it was
 * streamed, against the memory before: flat memory whatever the number of projects is the point.
 */
import http from "node:http";
import { once } from "node:events";
import { createApp } from "../server/app.js";
import { createLogger } from "../server/logger.js";
import { runWithServices } from "./cli.js";

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

await runWithServices(async (services) => {
  const app = createApp(services, { logger: createLogger("warn"), production: true, showErrorDetails: false, sessionSecret: "bench" });
  const server = http.createServer(app).listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  try {
    for (const file of ["projektek.csv", "projektek.json"]) {
      global.gc?.();
      const before = process.memoryUsage().rss;
      let peak = before;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
      const started = Date.now();
      const response = await fetch(`http://127.0.0.1:${port}/nyilt-adatok/${file}`);
      let bytes = 0;
      let rows = 0;
      for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
        bytes += chunk.length;
        for (const byte of chunk) if (byte === 10) rows++;
      }
      clearInterval(sampler);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(`${file}: ${rows} lines, ${mb(bytes)}, ${seconds} s, RSS before ${mb(before)}, peak ${mb(peak)}`);
    }
  } finally {
    server.close();
    server.closeAllConnections();
  }
});
