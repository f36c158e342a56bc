/**
 * npm run publish -- --out DIR
 * Writes the public site as static files into DIR: every page the public site links to, the open data, the
 * feeds, styles and images, with relative links. A later run into the same folder rewrites only files whose
 * bytes changed and removes what is no longer public.
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { createApp } from "../server/app.js";
import { createLogger } from "../server/logger.js";
import { publishSite } from "../server/publish/staticSite.js";
import { runWithServices } from "./cli.js";

const { values } = parseArgs({ options: { out: { type: "string" } } });
if (!values.out) {
  console.error("Használat: npm run publish -- --out MAPPA");
  process.exit(2);
}
const outDir = values.out;

await runWithServices(async (services) => {
  const app = createApp(services, {
    logger: createLogger("warn"),
    production: true,
    showErrorDetails: false,
    // Pages are requested anonymously: no session is ever made, so the secret that would sign one is a throwaway.
    sessionSecret: randomBytes(32).toString("hex"),
  });
  // On a terminal a bar; in a pipe or a scheduled job only the summary.
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar({ format: "Közzététel [{bar}] {value}/{total} oldal és fájl", hideCursor: true }, cliProgress.Presets.shades_classic)
    : null;
  bar?.start(1, 0);
  let summary;
  try {
    summary = await publishSite(app, outDir, {
      onProgress: (done, found) => {
        bar?.setTotal(found);
        bar?.update(done);
      },
    });
  } finally {
    bar?.stop();
  }
  for (const { url, status, linkedFrom } of summary.broken) {
    console.error(`Nem exportálható: ${url} (HTTP ${status}), hivatkozik rá: ${linkedFrom || "kezdőlap"}`);
  }
  console.log(
    `${outDir}: ${summary.written.length} fájl írva, ${summary.unchanged} változatlan, ${summary.removed.length} törölve.`,
  );
  if (summary.broken.length > 0) process.exitCode = 1;
});
