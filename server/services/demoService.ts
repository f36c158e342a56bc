import fs from "node:fs/promises";
import path from "node:path";
import { PROJECT_ROOT } from "../paths.js";
import type { ImportService, ImportSummary } from "./importService.js";

export const DEMO_PORTFOLIO = path.join(PROJECT_ROOT, "db", "seeds", "demo-portfolio.json");

/** Loads the demo portfolio through the ordinary importer; safe to run again. */
export async function loadDemoPortfolio(importer: ImportService): Promise<ImportSummary> {
  const document = JSON.parse(await fs.readFile(DEMO_PORTFOLIO, "utf8")) as unknown;
  return importer.importDocument(document, "demo");
}
