/**
 * The public site: the index of published projects at the root, with search and filters, and one page per
 * project at its slug, with an embeddable block; older addresses (a former slug, any spelling of the identifier,
 * the id) answer 301 to the current one. Nothing internal is reachable here.
 */
import { Router, type RequestHandler, type Response } from "express";
import { dayInBudapest } from "../../domain/dates.js";
import { ValidationErrors } from "../../errors.js";
import { EMBED_STYLES } from "../../rendering/embedStyles.js";
import { embeddable } from "../../middleware/securityHeaders.js";
import { countText, indexChoices, indexRow } from "../../presenters/indexPresenter.js";
import { projectFeedPath } from "../../presenters/noticePresenter.js";
import { publicPath } from "../../presenters/projectPresenter.js";
import { publicProjectPage } from "../../presenters/publicProjectPresenter.js";
import type { ProjectDetail } from "../../services/projectService.js";
import type { Services } from "../../services/index.js";
import { parseIndexQuery, positionText, typedParameters, type IndexParameter } from "./indexQuery.js";
import { publicPageCaching } from "../../middleware/publicCaching.js";

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

/** `cached`: the public page cache's middleware (middleware/publicCaching.ts). */
export function publicRoutes({ projects, settings }: Services, cached: RequestHandler): Router {
  const router = Router();

  /** The project a key names, or a 301 to its current address (with `rest`) when the key is not its slug; null once redirected. */
  async function atSlug(key: string, res: Response, rest = ""): Promise<ProjectDetail | null> {
    const detail = await projects.getPublic(key);
    if (key === detail.slug) return detail;
    res.redirect(301, `${publicPath(detail)}${rest}`);
    return null;
  }

  const pageOf = (detail: ProjectDetail) => publicProjectPage(detail, dayInBudapest(new Date()), settings.publicBaseUrl);

  router.get("/", cached, async (req, res) => {
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
  router.get("/projektek", publicPageCaching, (req, res) => {
    const query = req.originalUrl.indexOf("?");
    res.redirect(301, `/${query >= 0 ? req.originalUrl.slice(query) : ""}`);
  });

  router.get("/projektek/:key", cached, async (req, res) => {
    const detail = await atSlug(String(req.params.key), res);
    if (!detail) return;
    const view = pageOf(detail);
    res.render("pages/public/project.hbs", { pageTitle: view.title, project: view, publicPage: true, feedHref: projectFeedPath(detail) });
  });

  // The block an organisation pastes into its own website: an HTML fragment whose styles apply only inside it.
  router.get("/projektek/:key/beagyazas.html", cached, async (req, res) => {
    const detail = await atSlug(String(req.params.key), res, "/beagyazas.html");
    if (!detail) return;
    res.render("pages/public/embedFragment.hbs", { project: pageOf(detail), styles: EMBED_STYLES, layout: false });
  });

  // The same block as a page of its own for an iframe: the only response any other site may frame.
  router.get("/projektek/:key/beagyazott", embeddable, cached, async (req, res) => {
    const detail = await atSlug(String(req.params.key), res, "/beagyazott");
    if (!detail) return;
    const view = pageOf(detail);
    res.render("pages/public/embedFragment.hbs", { pageTitle: view.title, project: view, layout: "embed" });
  });

  // The public page's address before the staff pages moved under /kezelo.
  router.get("/nyilvanos/projektek/:key", publicPageCaching, async (req, res) => {
    res.redirect(301, publicPath(await projects.getPublic(String(req.params.key))));
  });

  return router;
}
