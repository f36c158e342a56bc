import supertest from "supertest";
import { createApp } from "../../server/app.js";
import type { Database } from "../../server/data/database.js";
import { createLogger } from "../../server/logger.js";
import { buildServices } from "../../server/services/index.js";

export const PUBLIC_BASE_URL = "https://projektek.example.hu";

/** The real app, with real routes and views, over the given database. */
export function testApp(db: Database) {
  const services = buildServices(db, { publicBaseUrl: PUBLIC_BASE_URL });
  const app = createApp(services, { logger: createLogger("silent"), production: false });
  return { services, app, request: supertest(app) };
}
