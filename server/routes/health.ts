import { Router } from "express";
import type { Services } from "../services/index.js";

export function healthRoutes({ health }: Services): Router {
  const router = Router();
  router.get("/healthz", async (_req, res) => {
    const databaseOk = await health.databaseAnswers();
    res.status(databaseOk ? 200 : 503).json({ status: databaseOk ? "ok" : "error", database: databaseOk ? "ok" : "unreachable" });
  });
  return router;
}
