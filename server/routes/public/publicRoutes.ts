/**
 * The public site: the index of published projects and one page per project
 * at its slug, with an embeddable block; older addresses (a former slug, any
 * spelling of the identifier, the id) answer 301 to the current one. Nothing
 * internal is reachable here.
 */
import { Router, type Response } from "express";
import { dayInBudapest } from "../../domain/dates.js";
import { ValidationErrors } from "../../errors.js";
import { EMBED_STYLES } from "../../rendering/embedStyles.js";
import { embeddable } from "../../middleware/securityHeaders.js";
import { projectFeedPath } from "../../presenters/noticePresenter.js";
import { publicPath, publicRow } from "../../presenters/projectPresenter.js";
import { publicProjectPage } from "../../presenters/publicProjectPresenter.js";
import type { ProjectDetail } from "../../services/projectService.js";
import type { Services } from "../../services/index.js";
import { parseListQuery } from "../listQuery.js";

const PAGE_SIZE = 20;
const FILTER_LABELS: Record<string, string> = { programme: "Operatív program", beneficiary: "Kedvezményezett", offset: "Oldal" };

export function publicRoutes({ projects, settings }: Services): Router {
  const router = Router();

  /** The project a key names, or a 301 to its current address (with `rest`) when the key is not its slug; null once redirected. */
  async function atSlug(key: string, res: Response, rest = ""): Promise<ProjectDetail | null> {
    const detail = await projects.getPublic(key);
    if (key === detail.slug) return detail;
    res.redirect(301, `${publicPath(detail)}${rest}`);
    return null;
  }

  const pageOf = (detail: ProjectDetail) => publicProjectPage(detail, dayInBudapest(new Date()), settings.publicBaseUrl);

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
    const detail = await atSlug(req.params.key, res);
    if (!detail) return;
    const view = pageOf(detail);
    res.render("pages/public/project.hbs", { pageTitle: view.title, project: view, publicPage: true, feedHref: projectFeedPath(detail) });
  });

  // The block an organisation pastes into its own website: an HTML fragment whose styles apply only inside it.
  router.get("/projektek/:key/beagyazas.html", async (req, res) => {
    const detail = await atSlug(req.params.key, res, "/beagyazas.html");
    if (!detail) return;
    res.render("pages/public/embedFragment.hbs", { project: pageOf(detail), styles: EMBED_STYLES, layout: false });
  });

  // The same block as a page of its own for an iframe: the only response any other site may frame.
  router.get("/projektek/:key/beagyazott", embeddable, async (req, res) => {
    const detail = await atSlug(String(req.params.key), res, "/beagyazott");
    if (!detail) return;
    const view = pageOf(detail);
    res.render("pages/public/embedFragment.hbs", { pageTitle: view.title, project: view, layout: "embed" });
  });

  // The public page's address before the staff pages moved under /kezelo.
  router.get("/nyilvanos/projektek/:key", async (req, res) => {
    res.redirect(301, publicPath(await projects.getPublic(req.params.key)));
  });

  return router;
}
