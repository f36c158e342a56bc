/**
 * The public site: the index of published projects at the root, with search
 * and filters, and one page per project, at short readable URLs; older
 * addresses answer 301 to the canonical page.
 * Nothing internal is reachable here.
 */
import { Router } from "express";
import { ValidationErrors } from "../../errors.js";
import { projectKey } from "../../domain/projectKey.js";
import { countText, indexChoices, indexRow } from "../../presenters/indexPresenter.js";
import { projectPage, publicPath } from "../../presenters/projectPresenter.js";
import type { Services } from "../../services/index.js";
import { parseIndexQuery, positionText, typedParameters, type IndexParameter } from "./indexQuery.js";

const PAGE_SIZE = 20;
const INDEX_TITLE = "Projektjeink";
const PARAMETER_LABELS: Record<IndexParameter, string> = {
  q: "Keresés",
  programme: "Operatív program",
  period: "Időszak",
  beneficiary: "Kedvezményezett",
  status: "Állapot",
  county: "Megye",
  settlement: "Település",
  year: "Támogatási döntés éve",
  after: "Lapozás",
};

export function publicRoutes({ projects }: Services): Router {
  const router = Router();

  router.get("/", async (req, res) => {
    const query = req.query as Record<string, unknown>;
    const typed = typedParameters(query);
    const choices = await projects.indexChoices();
    let parsed;
    try {
      parsed = parseIndexQuery(query);
    } catch (error) {
      if (!(error instanceof ValidationErrors)) throw error;
      const errors = error.errors.map((e) => ({ field: e.path, label: PARAMETER_LABELS[e.path as IndexParameter] ?? e.path, message: e.rawMessage() }));
      res.status(400).render("pages/public/list.hbs", {
        pageTitle: `Hiba: ${INDEX_TITLE}`,
        publicPage: true,
        query: typed,
        ...indexChoices(choices, typed),
        errors,
        filtersOpen: true,
        fieldErrors: Object.fromEntries(errors.map((e) => [e.field, e.message])),
      });
      return;
    }
    const result = await projects.searchPublic({ ...parsed, limit: PAGE_SIZE });
    const kept = Object.fromEntries(Object.entries(typed).filter(([k, v]) => v && k !== "after"));
    const last = result.items.at(-1);
    res.render("pages/public/list.hbs", {
      pageTitle: parsed.text ? `„${parsed.text}” – ${INDEX_TITLE}` : INDEX_TITLE,
      publicPage: true,
      query: typed,
      ...indexChoices(choices, parsed.filter),
      searched: parsed.text !== undefined || Object.keys(parsed.filter).length > 0,
      // The filters stay folded (a phone shows the results first) unless one is in use.
      filtersOpen: Object.keys(parsed.filter).length > 0,
      filterCount: Object.keys(parsed.filter).length,
      byRelevance: parsed.text !== undefined,
      rows: result.items.map((item) => indexRow(item, result.terms)),
      count: countText(result.count, result.countCapped),
      first: parsed.after ? `/?${new URLSearchParams(kept)}` : null,
      next: result.more && last ? `/?${new URLSearchParams({ ...kept, after: positionText(last.position) })}` : null,
    });
  });

  // The index answered at /projektek before it moved to the site's root; links to it keep their query.
  router.get("/projektek", (req, res) => {
    const query = req.originalUrl.indexOf("?");
    res.redirect(301, `/${query >= 0 ? req.originalUrl.slice(query) : ""}`);
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
