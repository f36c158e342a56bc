/**
 * The auditor's funding review: the portfolio's figures as a table, a project's review page,
 * and recording a review (POST → redirect → GET; a refused form comes back with what was typed).
 */
import { Router, type Response } from "express";
import { ConflictError, ValidationError, ValidationErrors } from "../../errors.js";
import { dayInBudapest } from "../../domain/dates.js";
import { formatPartialDate } from "../../rendering/dates.js";
import { actorOf, requireAction } from "../../middleware/auth.js";
import {
  REVIEW_TABLE_PATH,
  reviewFieldLabel,
  reviewPath,
  reviewProjectPage,
  reviewTablePage,
  type ReviewFormState,
} from "../../presenters/reviewPresenter.js";
import type { Services } from "../../services/index.js";
import { encodeCursor, parseReviewForm, parseReviewTableQuery } from "./reviewQuery.js";

const typedOf = (body: Record<string, unknown>): ReviewFormState["values"] => {
  const text = (name: string) => (typeof body[name] === "string" ? (body[name] as string) : "");
  return { reviewedOn: text("reviewedOn"), outcome: text("outcome"), comment: text("comment") };
};

const errorsOf = (errors: readonly ValidationError[]) =>
  errors.map((e) => ({ field: e.path, label: reviewFieldLabel(e.path), message: e.rawMessage() }));

export function reviewRoutes(services: Services): Router {
  const { fundingReview } = services;
  const router = Router();

  router.get(REVIEW_TABLE_PATH, requireAction("review_funding"), async (req, res) => {
    let query;
    try {
      query = parseReviewTableQuery(req.query);
    } catch (error) {
      if (!(error instanceof ValidationErrors)) throw error;
      res.status(400).render("pages/error.hbs", {
        pageTitle: "Hibás szűrés",
        heading: "A szűrés nem sikerült",
        message: error.errors.map((e) => e.message).join("; "),
      });
      return;
    }
    const table = await fundingReview.table(actorOf(res), query);
    res.render("pages/review/table.hbs", reviewTablePage(table, query, encodeCursor));
  });

  async function showReview(res: Response, key: string, form: ReviewFormState, status = 200, saved = false) {
    const review = await fundingReview.review(actorOf(res), key);
    res.status(status).render("pages/review/project.hbs", reviewProjectPage(review, form, { saved }));
  }

  router.get(`${REVIEW_TABLE_PATH}/:key`, requireAction("review_funding"), async (req, res) => {
    const today = formatPartialDate(dayInBudapest(new Date()));
    await showReview(res, String(req.params.key), { values: { reviewedOn: today, outcome: "", comment: "" }, errors: [] }, 200, req.query.mentve === "1");
  });

  router.post(`${REVIEW_TABLE_PATH}/:key`, requireAction("review_funding"), async (req, res) => {
    const key = String(req.params.key);
    const body = req.body as Record<string, unknown>;
    try {
      const input = parseReviewForm(body);
      const project = await fundingReview.record(actorOf(res), key, input);
      res.redirect(303, `${reviewPath(project)}?mentve=1`);
    } catch (error) {
      if (error instanceof ValidationErrors) return showReview(res, key, { values: typedOf(body), errors: errorsOf(error.errors) }, 400);
      if (error instanceof ConflictError) {
        // Not a field's fault: the summary says it without a link.
        return showReview(res, key, { values: typedOf(body), errors: errorsOf([new ValidationError(error.message)]) }, 409);
      }
      throw error;
    }
  });

  return router;
}
