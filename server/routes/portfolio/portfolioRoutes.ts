/** Staff-facing pages: the portfolio list and a project's detail page. */
import { Router } from "express";
import { ValidationErrors } from "../../errors.js";
import { PROJECT_STATUSES } from "../../domain/project.js";
import { STATUS_LABELS } from "../../presenters/labels.js";
import { listTotalText, projectPage, summaryRow } from "../../presenters/projectPresenter.js";
import type { Services } from "../../services/index.js";
import { cursorText } from "../listCursor.js";
import { parseListQuery } from "../listQuery.js";
import { actorOf, requireAction } from "../../middleware/auth.js";
import { may } from "../../domain/permissions.js";
import { projectKey } from "../../domain/projectKey.js";
import { progressView } from "../../presenters/progressPresenter.js";

const PAGE_SIZE = 50;

const FIELD_LABELS: Record<string, string> = {
  status: "Állapot",
  programme: "Operatív program",
  beneficiary: "Kedvezményezett",
  q: "Cím",
  sort: "Rendezés",
  offset: "Oldal",
  after: "Lapozás",
  limit: "Találatok oldalanként",
};

function pageLink(query: Record<string, string>, after?: string): string {
  return `/kezelo/projektek?${new URLSearchParams({ ...query, ...(after ? { after } : {}) })}`;
}

export function portfolioRoutes({ projects, settings }: Services): Router {
  const router = Router();

  router.get("/kezelo/projektek", requireAction("read_staff_pages"), async (req, res) => {
    const typed = Object.fromEntries(
      ["q", "programme", "status", "beneficiary", "sort"].map((k) => [k, typeof req.query[k] === "string" ? (req.query[k] as string) : ""]),
    );
    let parsed;
    try {
      parsed = parseListQuery({ ...req.query, limit: PAGE_SIZE }, PAGE_SIZE);
    } catch (error) {
      if (!(error instanceof ValidationErrors)) throw error;
      res.status(400).render("pages/portfolio/list.hbs", {
        pageTitle: "Projektek",
        errors: error.errors.map((e) => ({ field: e.path, label: FIELD_LABELS[e.path] ?? e.path, message: e.rawMessage() })),
        query: typed,
        statuses: PROJECT_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s], selected: s === typed.status })),
        byTitle: typed.sort === "title",
        rows: [],
      });
      return;
    }
    const { filter, page } = parsed;
    const { total, items, next } = await projects.list(filter, page);
    const filters = Object.fromEntries(Object.entries(typed).filter(([, v]) => v));
    res.render("pages/portfolio/list.hbs", {
      pageTitle: "Projektek",
      canCreate: may(actorOf(res), "create_project"),
      query: typed,
      statuses: PROJECT_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s], selected: s === filter.status })),
      byTitle: page.order === "title",
      rows: items.map(summaryRow),
      total: listTotalText(total),
      // Pages follow by cursor (keyset), fast at any depth; the way back is to the first page.
      first: page.after || page.offset > 0 ? pageLink(filters) : null,
      next: next === null ? null : pageLink(filters, cursorText(next)),
    });
  });

  router.get("/kezelo/projektek/:key", requireAction("read_staff_pages"), async (req, res) => {
    const detail = await projects.get(String(req.params.key));
    const view = projectPage(detail, settings.publicBaseUrl);
    const actor = actorOf(res);
    res.render("pages/portfolio/project.hbs", {
      pageTitle: view.shortTitle ?? view.title,
      project: view,
      editHref: may(actor, "edit_project", detail.id) ? `/kezelo/projektek/${encodeURIComponent(projectKey({ id: detail.id, identifier: detail.record.identifier }))}/szerkesztes` : null,
      exportHref: `/kezelo/projektek/${encodeURIComponent(projectKey({ id: detail.id, identifier: detail.record.identifier }))}/export`,
      saved: req.query.mentve === "1",
      progress: progressView(detail, actor),
    });
  });

  return router;
}
