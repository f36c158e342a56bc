/** A project's history for staff: every change, or one field's, one person's or one record's. */
import { Router } from "express";
import { ValidationError } from "../../errors.js";
import { actorOf, requireAction } from "../../middleware/auth.js";
import { FIELD_LABELS, RECORD_FIELD_LABELS } from "../../presenters/labels.js";
import { historyPage } from "../../presenters/historyPresenter.js";
import type { HistoryQuery } from "../../services/historyService.js";
import type { Services } from "../../services/index.js";

const UID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const word = (value: unknown): string | undefined => (typeof value === "string" && value.trim() !== "" ? value.trim() : undefined);

/** `mezo` (a field or record kind), `szemely` (who changed it), `rekord` (a record's uid), `elott` (the cursor). */
export function parseHistoryQuery(query: Record<string, unknown>): HistoryQuery {
  const field = word(query.mezo);
  const actor = word(query.szemely);
  const record = word(query.rekord);
  const before = word(query.elott);
  if (field !== undefined && !Object.hasOwn(FIELD_LABELS, field) && !Object.hasOwn(RECORD_FIELD_LABELS, field)) {
    throw new ValidationError(`ismeretlen mező: „${field}”`, "mezo");
  }
  if (record !== undefined && !UID.test(record)) throw new ValidationError("a rekord azonosítója nem uid", "rekord");
  if (before !== undefined && !/^[1-9]\d{0,14}$/.test(before)) throw new ValidationError("a lapozás helye pozitív egész szám", "elott");
  return {
    ...(field ? { field } : {}),
    ...(actor ? { actor } : {}),
    ...(record ? { record: record.toLowerCase() } : {}),
    ...(before ? { before: Number(before) } : {}),
  };
}

export function historyRoutes({ history }: Services): Router {
  const router = Router();

  router.get("/kezelo/projektek/:key/valtozasok", requireAction("read_history"), async (req, res) => {
    const query = parseHistoryQuery(req.query);
    const found = await history.projectHistory(actorOf(res), String(req.params.key), query);
    res.render("pages/portfolio/history.hbs", historyPage(found, query.before ?? null));
  });

  return router;
}
