/** createApp builds the Express application from services; it never listens. */
import path from "node:path";
import express from "express";
import helmet from "helmet";
import { pinoHttp } from "pino-http";
import type { Logger } from "./logger.js";
import { errorHandler, notFound } from "./middleware/errorHandler.js";
import { TEMPLATES_DIR, viewEngine } from "./rendering/viewEngine.js";
import { projectsApi } from "./routes/api/projectsApi.js";
import { healthRoutes } from "./routes/health.js";
import { portfolioRoutes } from "./routes/portfolio/portfolioRoutes.js";
import { publicRoutes } from "./routes/public/publicRoutes.js";
import type { Services } from "./services/index.js";

export interface AppOptions {
  logger: Logger;
  /** Long cache lifetimes for static files. */
  production: boolean;
  /** Stack traces on error pages (development only). */
  showErrorDetails: boolean;
}

export function createApp(services: Services, { logger, production, showErrorDetails }: AppOptions): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("query parser", "simple");
  app.engine("hbs", viewEngine());
  app.set("view engine", "hbs");
  app.set("views", TEMPLATES_DIR);

  app.use(helmet());
  app.use(
    pinoHttp({
      logger,
      autoLogging: { ignore: (req) => req.url === "/healthz" },
      serializers: {
        req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use("/static", express.static(path.join(TEMPLATES_DIR, "..", "public"), { maxAge: production ? "1d" : 0 }));

  app.use(healthRoutes(services));
  app.use("/api/v1/projects", projectsApi(services));
  app.use(publicRoutes(services));
  app.use(portfolioRoutes(services));

  app.use(notFound);
  app.use(errorHandler(logger, { showErrorDetails }));
  return app;
}
