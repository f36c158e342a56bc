import fs from "node:fs/promises";
import path from "node:path";
import supertest from "supertest";
import { createApp, type AppOptions } from "../../server/app.js";
import type { Database } from "../../server/data/database.js";
import { createLogger } from "../../server/logger.js";
import { buildServices } from "../../server/services/index.js";
import { useTestDatabase } from "./database.js";
import { signedIn, type SignedIn } from "./session.js";

export const PUBLIC_BASE_URL = "https://projektek.example.hu";

/** The real app, with real routes and views, over the given database; no stack traces on error pages unless asked. */
export function testApp(db: Database, options: Partial<Omit<AppOptions, "logger">> = {}) {
  const services = buildServices(db, { publicBaseUrl: PUBLIC_BASE_URL });
  const app = createApp(services, {
    logger: createLogger("silent"),
    production: false,
    showErrorDetails: false,
    sessionSecret: "test-session-secret",
    ...options,
  });
  return { services, app, request: supertest(app) };
}

/** The tests' own portfolio (13 projects of every period and shape), independent of the demo data. */
export const TEST_PORTFOLIO = path.join(import.meta.dirname, "..", "fixtures", "portfolio.json");

export async function loadTestPortfolio(services: ReturnType<typeof buildServices>) {
  return services.importer.importDocument(JSON.parse(await fs.readFile(TEST_PORTFOLIO, "utf8")), "import:portfolio.json");
}

export interface PortfolioApp {
  /** Anonymous requests. */
  request: ReturnType<typeof testApp>["request"];
  /** Requests of a signed-in auditor, who may read every staff page. */
  staff: SignedIn["agent"];
  app: ReturnType<typeof testApp>;
}

/** Registers hooks giving the suite its own database with the test portfolio, and the app over it. */
export function usePortfolioApp(): Readonly<PortfolioApp> {
  const database = useTestDatabase();
  const context = {} as PortfolioApp;
  before(async () => {
    const app = testApp(database.db);
    context.app = app;
    context.request = app.request;
    await loadTestPortfolio(app.services);
    context.staff = (await signedIn(app, { roles: ["auditor"] })).agent;
  });
  return context;
}
