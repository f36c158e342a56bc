import { Router } from "express";
import { apiDetail, apiSummary } from "../../presenters/projectPresenter.js";
import type { Services } from "../../services/index.js";
import { cursorText } from "../listCursor.js";
import { parseListQuery } from "../listQuery.js";

export function projectsApi({ projects, settings }: Services): Router {
  const router = Router();

  router.get("/api/v1/projects", async (req, res) => {
    const { filter, page } = parseListQuery(req.query, 20, { strict: true });
    const { total, items, next } = await projects.listPublic(filter, page);
    res.json({
      total: total.count,
      // An estimate (the whole list) or a lower bound (a filtered list counted up to a cap): see README, API.
      totalIsApproximate: total.exactness !== "exact",
      totalIsLowerBound: total.exactness === "moreThan",
      limit: page.limit,
      offset: page.offset,
      next: next === null ? null : cursorText(next),
      items: items.map((s) => apiSummary(s, settings.publicBaseUrl)),
    });
  });

  router.get("/api/v1/projects/:key", async (req, res) => {
    res.json(apiDetail(await projects.getPublic(req.params.key), settings.publicBaseUrl));
  });

  return router;
}
