/**
 * Caching of the public pages. A cache must ask again every time (`no-cache`), so an edit shows at once; while a
 * page is unchanged the answer is a 304 without the body (Express's ETag, made from the page itself, so a change to
 * anything the page shows — an organisation, a call, a notice — changes it). A signed-in person's pages carry their
 * name in the header: those are `private`, and every page varies by cookie.
 */
import type { RequestHandler } from "express";

export const publicPageCaching: RequestHandler = (_req, res, next) => {
  res.set("Cache-Control", res.locals.currentUser ? "private, no-cache" : "public, no-cache");
  res.vary("Cookie");
  next();
};
