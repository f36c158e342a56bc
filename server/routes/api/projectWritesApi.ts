/**
 * The API's writes: what the forms do, for scripts. Only bearer tokens are
 * accepted (never the session cookie, so no CSRF token is needed); each
 * write is the token owner's, with the same validation, version checks,
 * field permissions and audit trail as a form (projectEditService).
 */
import express, { Router, type Request } from "express";
import type { z } from "zod";
import { ValidationError, ValidationErrors } from "../../errors.js";
import { projectDocument } from "../../projectFile/document.js";
import { formatPath } from "../../projectFile/parse.js";
import { actorOf, requireToken } from "../../middleware/auth.js";
import type { Services } from "../../services/index.js";
import { EDITABLE_LISTS } from "../../services/projectEditService.js";
import { addRecordRequest, deleteRecordQuery, listParam, updateProjectRequest, updateRecordRequest } from "./apiSchemas.js";

function parsed<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new ValidationErrors(
      result.error.issues.flatMap((i) =>
        i.code === "unrecognized_keys"
          ? i.keys.map((k) => new ValidationError("ismeretlen mező", formatPath([...i.path, k])))
          : [new ValidationError(i.message, formatPath(i.path))],
      ),
    );
  }
  return result.data;
}

const param = (req: Request, name: string) => String(req.params[name]);
const resultOf = (r: { key: string; projectId: number; version: number; recordUid?: string }) => ({
  key: r.key,
  id: r.projectId,
  version: r.version,
  ...(r.recordUid ? { recordUid: r.recordUid } : {}),
});

export function projectWritesApi(services: Services): Router {
  const { editing, projects } = services;
  const router = Router();
  router.use("/api/v1/projects", express.json({ limit: "2mb" }));

  /** Everything stored about a project, with the versions a write must name. */
  router.get("/api/v1/projects/:key/document", requireToken(services, "read_staff_pages"), async (req, res) => {
    const stored = await projects.get(param(req, "key"));
    const recordVersions = Object.fromEntries(
      EDITABLE_LISTS.map((list) => [list, Object.fromEntries(stored.record[list].map((r) => [r.uid, r.version ?? 1]))]),
    );
    res.json({ id: stored.id, version: stored.version, document: projectDocument(stored.record), recordVersions });
  });

  router.post("/api/v1/projects", requireToken(services, "create_project"), async (req, res) => {
    const body = parsed(addRecordRequest.pick({ record: true }).strict(), { record: req.body }).record;
    const result = await editing.createProject(actorOf(res), body);
    res.status(201).location(`/api/v1/projects/${encodeURIComponent(result.key)}`).json(resultOf(result));
  });

  router.patch("/api/v1/projects/:key", requireToken(services, "edit_project"), async (req, res) => {
    const { version, changes } = parsed(updateProjectRequest, req.body);
    res.json(resultOf(await editing.updateProject(actorOf(res), param(req, "key"), version, changes)));
  });

  router.post("/api/v1/projects/:key/records/:list", requireToken(services, "edit_project"), async (req, res) => {
    const list = parsed(listParam, param(req, "list"));
    const { record, projectVersion } = parsed(addRecordRequest, req.body);
    res.status(201).json(resultOf(await editing.addRecord(actorOf(res), param(req, "key"), list, record, projectVersion)));
  });

  router.patch("/api/v1/projects/:key/records/:list/:uid", requireToken(services, "edit_project"), async (req, res) => {
    const list = parsed(listParam, param(req, "list"));
    const { version, changes } = parsed(updateRecordRequest, req.body);
    res.json(resultOf(await editing.updateRecord(actorOf(res), param(req, "key"), list, param(req, "uid"), changes, version)));
  });

  router.delete("/api/v1/projects/:key/records/:list/:uid", requireToken(services, "edit_project"), async (req, res) => {
    const list = parsed(listParam, param(req, "list"));
    const { version } = parsed(deleteRecordQuery, req.query);
    res.json(resultOf(await editing.deleteRecord(actorOf(res), param(req, "key"), list, param(req, "uid"), version)));
  });

  /** A contract amendment: from its effective date its figures are the ones in force. */
  router.post("/api/v1/projects/:key/amendments", requireToken(services, "edit_project"), async (req, res) => {
    const { record, projectVersion } = parsed(addRecordRequest, req.body);
    res.status(201).json(resultOf(await editing.recordAmendment(actorOf(res), param(req, "key"), record, projectVersion)));
  });

  return router;
}
