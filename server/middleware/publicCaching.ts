/**
 * Caching of the public pages, in browsers and in the app.
 *
 * Browsers and proxies must ask again every time (`no-cache`), so an edit shows at once; while a page is unchanged
 * the answer is a 304 without the body. A signed-in person's pages carry their name in the header: those are
 * `private`, and every page varies by cookie.
 *
 * The app keeps the pages it rendered for anonymous visitors, by address, under the public-content version they were
 * rendered at (services/publicContentService.ts), within a byte budget (least recently used pages go first). A
 * request looks the version up, then the page: a page kept at the current version is sent as it was stored, with
 * its ETag and Last-Modified, or answered 304 — nothing is read or rendered. Any write the public can see raises the
 * version in the database and announces it (services/publicContentService.ts: the writer's own process sees it at once,
 * others within milliseconds). Signed-in people's pages are never kept.
 */
import type { Request, RequestHandler, Response } from "express";
import etag from "etag";
import { LRUCache } from "lru-cache";
import type { PublicContentVersion } from "../services/publicContentService.js";
import { SESSION_COOKIE } from "./session.js";

/** Headers, besides cache control, every response of a public page carries. */
export const publicPageCaching: RequestHandler = (_req, res, next) => {
  res.set("Cache-Control", res.locals.currentUser ? "private, no-cache" : "public, no-cache");
  res.vary("Cookie");
  next();
};

const SESSION_COOKIE_PATTERN = new RegExp(`(?:^|;)\\s*${SESSION_COOKIE.replace(/\./g, "\\.")}=`);
const hasSessionCookie = (req: Request) => SESSION_COOKIE_PATTERN.test(req.headers.cookie ?? "");

/** Headers of one response only, never sent again from the cache. */
const OWN_HEADERS = new Set(["set-cookie", "date", "content-length", "connection", "keep-alive", "transfer-encoding"]);

interface StoredPage {
  body: Buffer;
  headers: Record<string, string | string[]>;
}

export interface PublicPageCacheOptions {
  /** The most bytes kept (bodies, addresses and headers); 0 keeps nothing. */
  maxBytes: number;
  /** The current public-content version, read after the request arrived. */
  version: () => Promise<Pick<PublicContentVersion, "version" | "changedAt">>;
}

export function publicPageCache({ maxBytes, version: currentVersion }: PublicPageCacheOptions) {
  const pages = maxBytes > 0
    ? new LRUCache<string, StoredPage>({
        maxSize: maxBytes,
        sizeCalculation: (page, key) =>
          page.body.length + key.length + Object.entries(page.headers).reduce((n, [k, v]) => n + k.length + String(v).length, 0),
      })
    : null;
  /** The newest version seen: pages of older ones are never asked for again. */
  let newest = 0;
  const stats = { hits: 0, misses: 0 };

  const sendKept = (res: Response, page: StoredPage) => {
    stats.hits++;
    // The headers exactly as stored; res.send answers 304 when If-None-Match or If-Modified-Since matches, and HEAD
    // without a body.
    for (const name of res.getHeaderNames()) if (!(name in page.headers) && !OWN_HEADERS.has(name)) res.removeHeader(name);
    res.set(page.headers).send(page.body);
  };

  /**
   * Ahead of the session and form middleware, for every request: a visitor without a session cookie asking for a
   * page kept at the newest version gets it here, without a session object, a body parser or a CSRF token being
   * made for a request that needs none (on a kept page they were most of its cost). Anything else — another
   * address, an older version, a session cookie — goes on to the routes, where `cached` decides as before.
   */
  const keptForVisitors: RequestHandler = async (req, res, next) => {
    if (!pages || (req.method !== "GET" && req.method !== "HEAD") || hasSessionCookie(req)) return next();
    const seen = newest;
    const page = pages.get(`${seen} ${req.originalUrl}`);
    if (!page) return next();
    const { version } = await currentVersion();
    if (version !== seen) return next();
    sendKept(res, page);
  };

  /** Sends a kept page, or renders and keeps it; for the routes of anonymous, public pages. */
  const cached: RequestHandler = async (req, res, next) => {
    publicPageCaching(req, res, () => undefined);
    if (!pages || res.locals.currentUser || (req.method !== "GET" && req.method !== "HEAD")) return next();
    const { version, changedAt } = await currentVersion();
    if (version > newest) {
      pages.clear();
      newest = version;
    }
    const key = `${version} ${req.originalUrl}`;
    const hit = pages.get(key);
    if (hit) return sendKept(res, hit);
    stats.misses++;
    const send = res.send.bind(res);
    res.send = (body?: unknown) => {
      if (res.statusCode !== 200 || typeof body !== "string" || res.get("Set-Cookie")) return send(body);
      const bytes = Buffer.from(body);
      if (!res.get("Content-Type")) res.type("html");
      if (!res.get("Last-Modified")) res.set("Last-Modified", changedAt.toUTCString());
      res.set("ETag", etag(bytes));
      if (version === newest) {
        const headers: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(res.getHeaders())) {
          if (value !== undefined && !OWN_HEADERS.has(name)) headers[name] = typeof value === "number" ? String(value) : value;
        }
        pages.set(key, { body: bytes, headers });
      }
      return send(bytes);
    };
    next();
  };

  return {
    cached,
    keptForVisitors,
    /** What is kept, for tests and operators. */
    stats: () => ({ ...stats, pages: pages?.size ?? 0, bytes: pages?.calculatedSize ?? 0, maxBytes }),
  };
}

export type PublicPageCache = ReturnType<typeof publicPageCache>;
