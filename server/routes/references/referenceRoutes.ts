/**
 * Staff pages of organisations, programmes and calls: a searchable list, one
 * record with the projects that use it, and the new and edit forms. A
 * rejected form comes back (400, or 409 when someone saved meanwhile) with
 * everything typed; a saved one redirects to the record's page.
 */
import { Router, type Request, type Response } from "express";
import { z } from "zod";
import { ConflictError, NotFoundError, ValidationErrors } from "../../errors.js";
import { may, type Actor } from "../../domain/permissions.js";
import type { Page } from "../../domain/project.js";
import type { Listed, StoredCall, StoredOrganisationRecord, StoredProgramme } from "../../data/referenceReads.js";
import { actorOf, requireAction } from "../../middleware/auth.js";
import {
  callPage,
  formPage,
  listPage,
  organisationPage,
  programmePage,
  REFERENCE_PATHS,
  storedDocument,
  type FormState,
  type ReferencePageKind,
} from "../../presenters/referencePresenter.js";
import type { Services } from "../../services/index.js";
import type { Saved } from "../../services/referenceEditService.js";

const PAGE_SIZE = 50;

const listQuery = z.object({
  q: z.string().trim().max(200).catch(""),
  offset: z.coerce.number().int().min(0).catch(0),
});

function idParam(req: Request): number {
  const id = String(req.params.id);
  if (!/^\d{1,9}$/.test(id)) throw new NotFoundError(`Nincs ilyen rekord: ${id}`);
  return Number(id);
}

type Stored = StoredOrganisationRecord | StoredProgramme | StoredCall;

/** What the pages of one kind need from the edit service. */
interface KindOperations<S extends Stored, D> {
  list(actor: Actor, text: string | null, page: Page): Promise<Listed<S>>;
  get(actor: Actor, id: number): Promise<S>;
  detail(actor: Actor, id: number): Promise<D>;
  create(actor: Actor, form: unknown): Promise<Saved>;
  update(actor: Actor, id: number, form: unknown): Promise<Saved>;
}

function kindRoutes<S extends Stored, D>(
  router: Router,
  { references }: Services,
  kind: ReferencePageKind,
  operations: KindOperations<S, D>,
  present: (detail: D) => object,
): void {
  const base = REFERENCE_PATHS[kind];
  const read = requireAction("read_staff_pages");
  const edit = requireAction("edit_references");

  async function renderForm(res: Response, state: Omit<FormState, "choices">, status = 200) {
    res.status(status).render("pages/references/form.hbs", formPage(kind, { ...state, choices: await references.choices() }));
  }

  /** A refused save: the form again, as typed, with what was wrong; anything else goes to the error handler. */
  async function refused(res: Response, error: unknown, id: number | null, body: unknown) {
    const typed = (body ?? {}) as Record<string, unknown>;
    const typedVersion = Number((body as { version?: unknown } | undefined)?.version);
    const version = Number.isInteger(typedVersion) ? typedVersion : null;
    if (error instanceof ValidationErrors) return renderForm(res, { id, stored: null, typed, version, errors: error.errors }, 400);
    if (error instanceof ConflictError && id !== null) {
      // The form now carries the current version: saving again, once the changes are reviewed, is deliberate.
      const current = await operations.get(actorOf(res), id);
      return renderForm(res, { id, stored: null, typed, version: current.version, conflict: error }, 409);
    }
    throw error;
  }

  router.get(base, read, async (req, res) => {
    const { q, offset } = listQuery.parse(req.query);
    const page = { limit: PAGE_SIZE, offset };
    const listed = await operations.list(actorOf(res), q || null, page);
    res.render("pages/references/list.hbs", { ...listPage(kind, listed, q, page), canEdit: may(actorOf(res), "edit_references") });
  });

  router.get(`${base}/uj`, edit, async (_req, res) => {
    await renderForm(res, { id: null, stored: null, version: null });
  });

  router.post(base, edit, async (req, res) => {
    try {
      const { id } = await operations.create(actorOf(res), req.body);
      res.redirect(303, `${base}/${id}`);
    } catch (error) {
      await refused(res, error, null, req.body);
    }
  });

  router.get(`${base}/:id`, read, async (req, res) => {
    const view = present(await operations.detail(actorOf(res), idParam(req)));
    res.render("pages/references/detail.hbs", {
      ...view,
      canEdit: may(actorOf(res), "edit_references"),
      canConfirm: may(actorOf(res), "confirm_programmes"),
    });
  });

  router.get(`${base}/:id/szerkesztes`, edit, async (req, res) => {
    const id = idParam(req);
    const stored = await operations.get(actorOf(res), id);
    await renderForm(res, { id, stored: storedDocument(kind, stored), version: stored.version });
  });

  router.post(`${base}/:id`, edit, async (req, res) => {
    const id = idParam(req);
    try {
      await operations.update(actorOf(res), id, req.body);
      res.redirect(303, `${base}/${id}`);
    } catch (error) {
      await refused(res, error, id, req.body);
    }
  });
}

export function referenceRoutes(services: Services): Router {
  const router = Router();
  const { organisations, programmes, calls } = services.references;
  kindRoutes(router, services, "organisation", organisations, organisationPage);
  kindRoutes(router, services, "programme", programmes, programmePage);
  router.post(`${REFERENCE_PATHS.programme}/:id/megerosites`, requireAction("confirm_programmes"), async (req, res) => {
    const version = Number((req.body as Record<string, unknown>).version);
    await programmes.confirm(actorOf(res), idParam(req), Number.isInteger(version) ? version : 0);
    res.redirect(303, `${REFERENCE_PATHS.programme}/${idParam(req)}`);
  });
  kindRoutes(router, services, "call", calls, callPage);
  return router;
}
