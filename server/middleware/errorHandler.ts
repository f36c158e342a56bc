/** The one error handler, and the 404 fall-through. API paths answer JSON; pages answer HTML in Hungarian. */
import type { ErrorRequestHandler, RequestHandler } from "express";
import { isDatabaseUnavailable, isDiskFull } from "../data/dbErrors.js";
import { ClosureRefusedError, ConflictError, ForbiddenError, ValidationErrors } from "../errors.js";
import type { Logger } from "../logger.js";

const wantsJson = (path: string) => path.startsWith("/api/") || path === "/healthz";

export const notFound: RequestHandler = (req, res) => {
  if (wantsJson(req.path)) {
    res.status(404).json({ error: { message: `Nincs ilyen végpont: ${req.method} ${req.path}` } });
    return;
  }
  res.status(404).render("pages/error.hbs", { pageTitle: "Nem található", heading: "Az oldal nem található", message: "A keresett oldal nem létezik." });
};

/** The body parsers' refusals (they carry a `type`), said in Hungarian; undefined for any other error. */
function bodyParserMessage(error: { type?: unknown; limit?: unknown; charset?: unknown }): string | undefined {
  switch (error?.type) {
    case "entity.parse.failed":
      return "A kérés törzse nem érvényes JSON.";
    case "entity.too.large":
      return `A kérés törzse túl nagy: legfeljebb ${Math.round(Number(error.limit) / 1024 / 1024)} MB lehet.`;
    case "parameters.too.many":
      return "A kérés törzse túl sok mezőt tartalmaz.";
    case "charset.unsupported":
    case "encoding.unsupported":
      return "A kérés törzse nem támogatott kódolású: UTF-8 kódolású szöveget küldjön.";
    case "request.aborted":
    case "request.size.invalid":
      return "A kérés törzse hiányos: nem érkezett meg teljesen.";
    default:
      return undefined;
  }
}

/** `showErrorDetails` puts the stack trace on 500 pages; only a developer's own machine should ask for it. */
export function errorHandler(logger: Logger, { showErrorDetails }: { showErrorDetails: boolean }): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const unavailable = isDatabaseUnavailable(error);
    const diskFull = isDiskFull(error);
    const status = unavailable ? 503 : diskFull ? 507 : typeof error?.status === "number" && error.status >= 400 && error.status < 600 ? error.status : 500;
    if (unavailable) {
      logger.warn({ path: req.path, reason: error?.code ?? error?.message }, "database unavailable");
      if (!res.headersSent) res.setHeader("Retry-After", "5");
    } else if (status >= 500) logger.error({ err: error, path: req.path }, "request failed");
    const message = unavailable
      ? "Az adatbázis átmenetileg nem érhető el. Kérjük, próbálja újra néhány másodperc múlva."
      : diskFull
        ? "Megtelt az adatbázis tárhelye, ezért a módosítás nem került mentésre; a korábban mentett adatok épek. Kérjük, szóljon az üzemeltetőnek."
        : status >= 500
        ? "Váratlan hiba történt. Kérjük, próbálja újra később."
        : error instanceof URIError
          ? "Az útvonal hibásan kódolt: a % jel után két hexadecimális számjegy kell (például %C3%96)."
          : (bodyParserMessage(error) ?? (error.message as string));
    if (res.headersSent) return;
    if (wantsJson(req.path)) {
      const details =
        error instanceof ValidationErrors ? error.errors.map((e) => ({ field: e.path, message: e.rawMessage() })) : undefined;
      res.status(status).json({
        error: {
          message: details ? "Érvénytelen kérés." : message,
          ...(details ? { details } : {}),
          ...(error instanceof ForbiddenError && error.field ? { field: error.field } : {}),
          ...(error instanceof ConflictError ? { changes: error.changes } : {}),
          ...(error instanceof ClosureRefusedError ? { unmetClosureItems: error.unmet } : {}),
        },
      });
      return;
    }
    res.status(status).render("pages/error.hbs", {
      pageTitle: "Hiba",
      heading:
        status === 404 ? "Nem található" : status === 403 ? "Nincs jogosultság" : status === 409 ? "Ütközés" : status === 503 ? "Átmenetileg nem érhető el" : status === 507 ? "Megtelt a tárhely" : status >= 500 ? "Hiba történt" : "Érvénytelen kérés",
      message,
      stack: showErrorDetails && status >= 500 ? (error as Error).stack : null,
    });
  };
}
