/**
 * Security headers (helmet), in one place: every response gets a strict
 * Content-Security-Policy that lets only our own pages frame it; the
 * embeddable project block alone may be framed by any site.
 */
import type { RequestHandler } from "express";
import helmet from "helmet";

const DIRECTIVES = {
  // Staff open the app over plain HTTP on a LAN too: asking the browser to upgrade would leave pages unstyled.
  // Production runs behind HTTPS (README), where the proxy redirects and HSTS keeps browsers on HTTPS.
  upgradeInsecureRequests: null,
  formAction: ["'self'"],
};

export const securityHeaders = (): RequestHandler => helmet({ contentSecurityPolicy: { directives: DIRECTIVES } });

const embeddablePolicy = helmet.contentSecurityPolicy({ directives: { ...DIRECTIVES, frameAncestors: ["*"] } });

/** For a page other websites show in an iframe: any site may frame it (CSP `frame-ancestors *`, no X-Frame-Options). */
export const embeddable: RequestHandler = (req, res, next) => {
  res.removeHeader("X-Frame-Options");
  embeddablePolicy(req, res, next);
};

/** For what only a logged-in user or a token may see: no browser or proxy keeps a copy (ASVS V8.2.1). */
export const noStore: RequestHandler = (_req, res, next) => {
  res.set("Cache-Control", "no-store");
  next();
};
