/** `GET /api/v1/funding-review`: the funding review table as JSON, for auditors' scripts (filters, order, cursor as on the page). */
import { Router } from "express";
import { actorOf, requireToken } from "../../middleware/auth.js";
import { reviewTableJson } from "../../presenters/reviewPresenter.js";
import type { Services } from "../../services/index.js";
import { encodeCursor, parseReviewTableQuery } from "../review/reviewQuery.js";

export function fundingReviewApi(services: Services): Router {
  const router = Router();
  router.get("/api/v1/funding-review", requireToken(services, "review_funding"), async (req, res) => {
    const query = parseReviewTableQuery(req.query, { strict: true });
    res.json(reviewTableJson(await services.fundingReview.table(actorOf(res), query), encodeCursor));
  });
  return router;
}
