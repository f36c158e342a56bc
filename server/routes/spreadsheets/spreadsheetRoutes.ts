/** Spreadsheets: the portfolio and a project downloaded as XLSX or CSV; a portfolio spreadsheet uploaded, previewed, confirmed. */
import { Router, type RequestHandler } from "express";
import multer from "multer";
import { ValidationError, ValidationErrors } from "../../errors.js";
import { actorOf, requireAction } from "../../middleware/auth.js";
import { importPreviewView, importSummaryView } from "../../presenters/spreadsheetPresenter.js";
import { SPREADSHEET_FORMATS, type SpreadsheetFormat } from "../../services/spreadsheetService.js";
import type { Services } from "../../services/index.js";

export const IMPORT_PATH = "/kezelo/import";

/** The largest spreadsheet the browser may upload; the national list's CSV is about 5 MB. */
export const MAX_UPLOAD_MB = 20;

class UploadTooLarge extends Error {
  readonly status = 413;
}

const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_UPLOAD_MB * 1024 * 1024, files: 1, fields: 5 } }).single("file");

/**
 * Reads the upload form's multipart body, so that its CSRF token is where the CSRF check looks: it runs
 * before that check, and only for a signed-in session posting to the import page.
 */
export const spreadsheetUpload: RequestHandler = (req, res, next) => {
  if (req.method !== "POST" || req.path !== IMPORT_PATH || req.session?.userId === undefined) return next();
  upload(req, res, (error: unknown) => {
    if (error instanceof multer.MulterError && error.code === "LIMIT_FILE_SIZE") {
      return next(new UploadTooLarge(`A fájl túl nagy: a böngészőből legfeljebb ${MAX_UPLOAD_MB} MB-os táblázat tölthető fel. Semmi sem íródott az adatbázisba.`));
    }
    next(error);
  });
};

const CONTENT_TYPES: Record<SpreadsheetFormat, string> = {
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  csv: "text/csv; charset=utf-8",
};

function formatOf(raw: unknown): SpreadsheetFormat | null {
  return (SPREADSHEET_FORMATS as readonly unknown[]).includes(raw) ? (raw as SpreadsheetFormat) : null;
}

export function spreadsheetRoutes({ spreadsheets, projects }: Services): Router {
  const router = Router();

  router.get("/kezelo/export/projektek.:format", requireAction("read_staff_pages"), async (req, res, next) => {
    const format = formatOf(req.params.format);
    if (!format) return next();
    res.type(CONTENT_TYPES[format]).attachment(`projektek.${format}`);
    await spreadsheets.exportPortfolio(format, res);
  });

  router.get("/kezelo/projektek/:key/export.:format", requireAction("read_staff_pages"), async (req, res, next) => {
    const format = formatOf(req.params.format);
    if (!format) return next();
    const project = await projects.get(String(req.params.key));
    const name = (project.record.identifier ?? `projekt-${project.id}`).replace(/[^\p{L}\p{N}._-]+/gu, "_");
    res.type(CONTENT_TYPES[format]).attachment(`${name}.${format}`);
    await spreadsheets.exportProject(project, format, res);
  });

  router.get(IMPORT_PATH, requireAction("create_project"), (req, res) => {
    res.render("pages/spreadsheets/import.hbs", { pageTitle: "Importálás táblázatból", maxMb: MAX_UPLOAD_MB, done: importSummaryView(req.query) });
  });

  router.post(IMPORT_PATH, requireAction("create_project"), async (req, res) => {
    const file = req.file;
    const fail = (message: string) =>
      res.status(400).render("pages/spreadsheets/import.hbs", {
        pageTitle: "Hiba: Importálás táblázatból",
        maxMb: MAX_UPLOAD_MB,
        errors: [{ field: "file", message }],
      });
    if (!file || file.size === 0) return fail("Válasszon ki egy XLSX- vagy CSV-fájlt.");
    let preview;
    try {
      preview = await spreadsheets.stage(actorOf(res), file.originalname, file.buffer);
    } catch (error) {
      if (error instanceof ValidationErrors) return fail(error.errors.map((e: ValidationError) => e.rawMessage()).join(" "));
      throw error;
    }
    const view = importPreviewView(preview);
    res.status(preview.stagedId ? 200 : 400).render("pages/spreadsheets/preview.hbs", {
      pageTitle: preview.stagedId ? "Importálás: előnézet" : "Hiba: Importálás: előnézet",
      ...view,
      confirmAction: preview.stagedId ? `${IMPORT_PATH}/${preview.stagedId}` : null,
    });
  });

  router.post(`${IMPORT_PATH}/:id`, requireAction("create_project"), async (req, res) => {
    const summary = await spreadsheets.confirm(actorOf(res), String(req.params.id));
    const query = new URLSearchParams({
      uj: String(summary.created),
      modositott: String(summary.updated),
      valtozatlan: String(summary.unchanged),
      ...(summary.programmesCreated.length ? { programok: summary.programmesCreated.join(",") } : {}),
    });
    res.redirect(303, `${IMPORT_PATH}?${query}`);
  });

  return router;
}
