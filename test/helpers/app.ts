import supertest from "supertest";
import { createApp, type AppOptions } from "../../server/app.js";
import type { Database } from "../../server/data/database.js";
import { createLogger } from "../../server/logger.js";
import { buildServices } from "../../server/services/index.js";
import { loadDemoPortfolio } from "../../server/services/demoService.js";
import { useTestDatabase } from "./database.js";

export const PUBLIC_BASE_URL = "https://projektek.example.hu";

/** The real app, with real routes and views, over the given database; no stack traces on error pages unless asked. */
export function testApp(db: Database, options: Partial<Omit<AppOptions, "logger">> = {}) {
  const services = buildServices(db, { publicBaseUrl: PUBLIC_BASE_URL });
  const app = createApp(services, { logger: createLogger("silent"), production: false, showErrorDetails: false, ...options });
  return { services, app, request: supertest(app) };
}

/** Registers hooks giving the suite its own database with the demo portfolio, and the app over it. */
export function useDemoApp(): { readonly request: ReturnType<typeof testApp>["request"] } {
  const database = useTestDatabase();
  const context = {} as { request: ReturnType<typeof testApp>["request"] };
  before(async () => {
    const app = testApp(database.db);
    context.request = app.request;
    await loadDemoPortfolio(app.services.importer);
  });
  return context;
}
