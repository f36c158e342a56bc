import fs from "node:fs/promises";
import path from "node:path";
import supertest from "supertest";
import { createApp, type AppOptions } from "../../server/app.js";
import type { Database } from "../../server/data/database.js";
import { createLogger } from "../../server/logger.js";
import { buildServices } from "../../server/services/index.js";
import { useTestDatabase } from "./database.js";

export const PUBLIC_BASE_URL = "https://projektek.example.hu";

/** The real app, with real routes and views, over the given database; no stack traces on error pages unless asked. */
export function testApp(db: Database, options: Partial<Omit<AppOptions, "logger">> = {}) {
  const services = buildServices(db, { publicBaseUrl: PUBLIC_BASE_URL });
  const app = createApp(services, { logger: createLogger("silent"), production: false, showErrorDetails: false, ...options });
  return { services, app, request: supertest(app) };
}

/** The tests' own portfolio (13 projects of every period and shape), independent of the demo data. */
export const TEST_PORTFOLIO = path.join(import.meta.dirname, "..", "fixtures", "portfolio.json");

export async function loadTestPortfolio(services: ReturnType<typeof buildServices>) {
  return services.importer.importDocument(JSON.parse(await fs.readFile(TEST_PORTFOLIO, "utf8")), "import:portfolio.json");
}

/** Registers hooks giving the suite its own database with the test portfolio, and the app over it. */
export function usePortfolioApp(): { readonly request: ReturnType<typeof testApp>["request"] } {
  const database = useTestDatabase();
  const context = {} as { request: ReturnType<typeof testApp>["request"] };
  before(async () => {
    const app = testApp(database.db);
    context.request = app.request;
    await loadTestPortfolio(app.services);
  });
  return context;
}
