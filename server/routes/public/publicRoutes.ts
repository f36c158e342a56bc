/**
 * The public site: the index of published projects and one page per project,
 * at short readable URLs; older addresses answer 301 to the canonical page.
 * Nothing internal is reachable here.
 */
import { Router } from "express";
import { ValidationErrors } from "../../errors.js";
import { projectKey } from "../../domain/projectKey.js";
import { projectPage, publicPath, publicRow } from "../../presenters/projectPresenter.js";
import type { Services } from "../../services/index.js";
import { parseListQuery } from "../listQuery.js";

const PAGE_SIZE = 20;
const FILTER_LABELS: Record<string, string> = { programme: "Operatív program", beneficiary: "Kedvezményezett", offset: "Oldal" };

export function publicRoutes({ projects }: Services): Router {
  const router = Router();

  router.get("/", (_req, res) => res.redirect("/projektek"));

  router.get("/projektek", async (req, res) => {
    const typed = Object.fromEntries(["programme", "beneficiary"].map((k) => [k, typeof req.query[k] === "string" ? (req.query[k] as string) : ""]));
    let parsed;
    try {
      parsed = parseListQuery({ programme: req.query.programme, beneficiary: req.query.beneficiary, offset: req.query.offset, limit: PAGE_SIZE }, PAGE_SIZE);
    } catch (error) {
      if (!(error instanceof ValidationErrors)) throw error;
      const errors = error.errors.map((e) => ({ field: e.path, label: FILTER_LABELS[e.path] ?? e.path, message: e.rawMessage() }));
      res.status(400).render("pages/public/list.hbs", { pageTitle: "Projektjeink", publicPage: true, query: typed, errors });
      return;
    }
    const { filter, page } = parsed;
    const { total, items } = await projects.listPublic(filter, page);
    const kept = Object.fromEntries(Object.entries(typed).filter(([, v]) => v));
    const link = (offset: number) => `/projektek?${new URLSearchParams({ ...kept, offset: String(offset) })}`;
    res.render("pages/public/list.hbs", {
      pageTitle: "Projektjeink",
      publicPage: true,
      query: typed,
      rows: items.map(publicRow),
      total: total.toLocaleString("hu-HU"),
      from: total === 0 ? 0 : page.offset + 1,
      to: page.offset + items.length,
      previous: page.offset > 0 ? link(Math.max(0, page.offset - PAGE_SIZE)) : null,
      next: page.offset + items.length < total ? link(page.offset + PAGE_SIZE) : null,
    });
  });

  router.get("/projektek/:key", async (req, res) => {
    const detail = await projects.getPublic(req.params.key);
    const named = { id: detail.id, identifier: detail.record.identifier };
    // Any accepted spelling of the identifier, or the id of a project that has one, lands on the one canonical address.
    if (req.params.key !== projectKey(named)) return res.redirect(301, publicPath(named));
    const view = projectPage(detail, "public");
    res.render("pages/public/project.hbs", { pageTitle: view.title, project: view, publicPage: true });
  });

  // The public page's address before the staff pages moved under /kezelo.
  router.get("/nyilvanos/projektek/:key", async (req, res) => {
    const detail = await projects.getPublic(req.params.key);
    res.redirect(301, publicPath({ id: detail.id, identifier: detail.record.identifier }));
  });

  return router;
}
