import { Router } from "express";
import { apiDetail, apiSummary } from "../../presenters/projectPresenter.js";
import type { Services } from "../../services/index.js";
import { parseListQuery } from "../listQuery.js";

export function projectsApi({ projects, settings }: Services): Router {
  const router = Router();

  router.get("/api/v1/projects", async (req, res) => {
    const { filter, page } = parseListQuery(req.query, 20, { strict: true });
    const { total, items } = await projects.listPublic(filter, page);
    res.json({ total, limit: page.limit, offset: page.offset, items: items.map((s) => apiSummary(s, settings.publicBaseUrl)) });
  });

  router.get("/api/v1/projects/:key", async (req, res) => {
    res.json(apiDetail(await projects.getPublic(req.params.key), settings.publicBaseUrl));
  });

  return router;
}
