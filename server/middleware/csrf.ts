/**
 * CSRF protection for every state-changing form: the synchroniser-token
 * pattern (csrf-sync), the token kept in the session and sent back as the
 * form's `_csrf` field. The API is exempt: its writes accept only bearer
 * tokens, never the session cookie, so a forged cross-site request carries
 * no credentials.
 */
import { csrfSync } from "csrf-sync";
import type { RequestHandler } from "express";

const { csrfSynchronisedProtection, generateToken } = csrfSync({
  getTokenFromRequest: (req) => (req.body as Record<string, unknown> | undefined)?._csrf as string | undefined,
  errorConfig: {
    statusCode: 403,
    message: "Az űrlap elavult vagy nem ebből az alkalmazásból érkezett (hiányzó vagy hibás CSRF-token). Töltse be újra az oldalt, és küldje el ismét.",
    code: "EBADCSRFTOKEN",
  },
  skipCsrfProtection: (req) => req.path.startsWith("/api/"),
});

export const csrfProtection: RequestHandler = csrfSynchronisedProtection;

/** Puts the session's token where forms (and the layout's logout button) find it. */
export const provideCsrfToken: RequestHandler = (req, res, next) => {
  res.locals.csrfToken = generateToken(req);
  next();
};
