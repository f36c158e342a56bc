/**
 * The public news: every published notice, newest first (`/hirek`), one notice (`/hirek/<uid>`), and
 * Atom feeds of all notices and of one project's. Drafts, notices not yet due and notices of projects
 * that are not public are never found here.
 */
import { Router, type RequestHandler, type Response } from "express";
import { ValidationError } from "../../errors.js";
import { NEWS_FEED_PATH, noticeArticle, noticeFeed, noticeRow, projectFeedPath } from "../../presenters/noticePresenter.js";
import { publicPath } from "../../presenters/projectPresenter.js";
import type { Services } from "../../services/index.js";

const PAGE_SIZE = 20;
/** How many of the newest notices a feed carries. */
const FEED_SIZE = 50;
const ATOM = "application/atom+xml; charset=utf-8";

/**
 * A feed with what readers need to poll it cheaply: Last-Modified (and Express's ETag) let a reader ask
 * again with If-Modified-Since / If-None-Match and get 304; it holds for five minutes in any cache, as
 * nothing in it depends on who asks.
 */
function sendFeed(res: Response, feed: { xml: string; updated: Date }) {
  res.set({ "Cache-Control": "public, max-age=300", "Last-Modified": feed.updated.toUTCString() }).type(ATOM).send(feed.xml);
}

/** `cached`: the public page cache's middleware (middleware/publicCaching.ts). */
export function noticeRoutes({ notices, settings }: Services, cached: RequestHandler): Router {
  const router = Router();
  const baseUrl = settings.publicBaseUrl;

  router.get("/hirek", cached, async (req, res) => {
    const before = req.query.elott;
    if (before !== undefined && typeof before !== "string") throw new ValidationError("az „elott” paraméter egyszer adható meg", "elott");
    const { items, more } = await notices.list(PAGE_SIZE, before);
    res.render("pages/public/notices.hbs", {
      pageTitle: "Hírek",
      publicPage: true,
      feedHref: NEWS_FEED_PATH,
      rows: items.map(noticeRow),
      newest: before !== undefined ? "/hirek" : null,
      older: more ? `/hirek?${new URLSearchParams({ elott: items.at(-1)!.notice.uid })}` : null,
    });
  });

  router.get(NEWS_FEED_PATH, cached, async (_req, res) => {
    const { items } = await notices.list(FEED_SIZE);
    sendFeed(res, noticeFeed({ id: `${baseUrl}${NEWS_FEED_PATH}`, title: "Projekttár – hírek", baseUrl, selfPath: NEWS_FEED_PATH, pagePath: "/hirek", emptySince: new Date(0) }, items));
  });

  router.get("/hirek/:uid", cached, async (req, res) => {
    const { notice, project } = await notices.get(String(req.params.uid));
    res.render("pages/public/notice.hbs", { pageTitle: notice.title, publicPage: true, feedHref: NEWS_FEED_PATH, article: noticeArticle(notice, project) });
  });

  router.get("/projektek/:key/hirek.atom", cached, async (req, res) => {
    const { project, items } = await notices.ofProject(String(req.params.key), FEED_SIZE);
    // A former slug, an identifier or an id lands on the one canonical feed address, as the project page does.
    if (req.params.key !== project.slug) return res.redirect(301, projectFeedPath(project));
    const selfPath = projectFeedPath(project);
    sendFeed(
      res,
      noticeFeed(
        { id: `urn:uuid:${project.record.uid}`, title: `${project.record.title} – hírek`, baseUrl, selfPath, pagePath: publicPath(project), emptySince: new Date(project.createdAt) },
        items,
      ),
    );
  });

  return router;
}
