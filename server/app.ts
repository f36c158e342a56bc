/** createApp builds the Express application from services; it never listens. */
import path from "node:path";
import express from "express";
import { pinoHttp } from "pino-http";
import { loggedUrl, type Logger } from "./logger.js";
import { errorHandler, notFound } from "./middleware/errorHandler.js";
import { noStore, securityHeaders } from "./middleware/securityHeaders.js";
import { publicPageCache, type PublicPageCache } from "./middleware/publicCaching.js";
import { TEMPLATES_DIR, viewEngine } from "./rendering/viewEngine.js";
import { accountApi } from "./routes/api/accountApi.js";
import { openApiRoutes } from "./routes/api/openApi.js";
import { projectWritesApi } from "./routes/api/projectWritesApi.js";
import { projectsApi } from "./routes/api/projectsApi.js";
import { healthRoutes } from "./routes/health.js";
import { loadSessionUser } from "./middleware/auth.js";
import { csrfProtection } from "./middleware/csrf.js";
import { sessions } from "./middleware/session.js";
import { accountRoutes } from "./routes/account/accountRoutes.js";
import { calendarRoutes } from "./routes/account/calendarRoutes.js";
import { editingRoutes } from "./routes/editing/editingRoutes.js";
import { userAdminRoutes } from "./routes/account/userAdminRoutes.js";
import { reviewRoutes } from "./routes/review/reviewRoutes.js";
import { fundingReviewApi } from "./routes/api/fundingReviewApi.js";
import { historyRoutes } from "./routes/portfolio/historyRoutes.js";
import { closureRoutes } from "./routes/portfolio/closureRoutes.js";
import { dashboardRoutes } from "./routes/dashboard/dashboardRoutes.js";
import { spreadsheetRoutes, spreadsheetUpload } from "./routes/spreadsheets/spreadsheetRoutes.js";
import { portfolioRoutes } from "./routes/portfolio/portfolioRoutes.js";
import { noticeRoutes } from "./routes/public/noticeRoutes.js";
import { openDataRoutes } from "./routes/public/openDataRoutes.js";
import { publicRoutes } from "./routes/public/publicRoutes.js";
import { referenceRoutes } from "./routes/references/referenceRoutes.js";
import type { Services } from "./services/index.js";

export interface AppOptions {
  logger: Logger;
  /** Long cache lifetimes for static files. */
  production: boolean;
  /** Stack traces on error pages (development only). */
  showErrorDetails: boolean;
  /** Signs session cookies; every instance serving one database must use the same (services.sessionSecret()). */
  sessionSecret: string;
  /** Express's `trust proxy`: set behind a reverse proxy so that HTTPS and client addresses are seen. */
  trustProxy?: number | string | false;
  /** The byte budget of the rendered public pages kept in memory (0: none kept); 64 MiB unless told (PAGE_CACHE_MB). */
  pageCacheBytes?: number;
  /** The cache of public pages to use instead of making one (tests look into it). */
  publicPages?: PublicPageCache;
}

export const DEFAULT_PAGE_CACHE_BYTES = 64 * 1024 * 1024;

export function createApp(services: Services, options: AppOptions): express.Express {
  const { logger, production, showErrorDetails, sessionSecret, trustProxy = false } = options;
  const publicPages =
    options.publicPages ?? publicPageCache({ maxBytes: options.pageCacheBytes ?? DEFAULT_PAGE_CACHE_BYTES, version: () => services.publicContent.current() });
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", trustProxy);
  app.set("query parser", "simple");
  app.engine("hbs", viewEngine());
  app.set("view engine", "hbs");
  app.set("views", TEMPLATES_DIR);

  app.use(securityHeaders());
  app.use(
    pinoHttp({
      logger,
      autoLogging: { ignore: (req) => req.url === "/healthz" },
      serializers: {
        req: (req: { method: string; url: string }) => ({ method: req.method, url: loggedUrl(req.url) }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use("/static", express.static(path.join(TEMPLATES_DIR, "..", "public"), { maxAge: production ? "1d" : 0 }));

  app.use(healthRoutes(services));
  app.use(projectsApi(services));
  app.use(projectWritesApi(services));
  app.use(accountApi(services));
  app.use(fundingReviewApi(services));
  app.use(openApiRoutes(services));
  app.use(calendarRoutes(services));

  // A kept public page for a visitor without a session is sent before any session or form middleware runs.
  app.use(publicPages.keptForVisitors);
  // Pages: sessions only from here on, so the API and static files never touch the session store.
  app.use(sessions(services.sessionStore(), sessionSecret));
  app.use(express.urlencoded({ extended: false, limit: "1mb" }));
  // A spreadsheet upload is multipart: its CSRF token is in a body only multer reads.
  app.use(spreadsheetUpload);
  app.use(csrfProtection);
  app.use(loadSessionUser(services));
  app.use("/kezelo", noStore);
  app.use(accountRoutes(services));
  app.use(userAdminRoutes(services));
  app.use(publicRoutes(services, publicPages.cached));
  app.use(noticeRoutes(services, publicPages.cached));
  app.use(openDataRoutes(services, publicPages.cached));
  // Before the portfolio's `/kezelo/projektek/:key`, which would take `/kezelo/projektek/uj` for a project key.
  app.use(editingRoutes(services));
  app.use(dashboardRoutes(services));
  app.use(spreadsheetRoutes(services));
  app.use(portfolioRoutes(services));
  app.use(historyRoutes(services));
  app.use(reviewRoutes(services));
  app.use(closureRoutes(services));
  app.use(referenceRoutes(services));

  app.use(notFound);
  app.use(errorHandler(logger, { showErrorDetails }));
  return app;
}
