/**
 * The edit forms of the staff pages: the project, any record under it (one generic form, described in
 * presenters/editForms.ts), a new project started from a call code or identifier, and marking a
 * milestone or deliverable done. Every save is POST → redirect → GET; a refused one comes back with
 * what the user typed: 400 invalid, 403 a field their role may not change, 409 saved by someone else.
 */
import { Router, type NextFunction, type Request, type Response } from "express";
import { ConflictError, ForbiddenError, ValidationError, ValidationErrors } from "../../errors.js";
import { actorOf, requireAction } from "../../middleware/auth.js";
import { forbiddenField, recordSubject, rolesAllowedToChange, type Actor } from "../../domain/permissions.js";
import { dayInBudapest } from "../../domain/dates.js";
import { noticeFacts } from "../../domain/noticeFacts.js";
import { roleNames } from "../../presenters/labels.js";
import { projectKey } from "../../domain/projectKey.js";
import { projectDocument } from "../../projectFile/document.js";
import {
  displayValue,
  DONE_FIELDS,
  fieldsOf,
  LIST_FORMS,
  listBySlug,
  NEW_PROJECT_FORM,
  PROJECT_FORM,
  valueAt,
  type FieldGroup,
  type FieldSpec,
  type ListSpec,
} from "../../presenters/editForms.js";
import { conflictView, errorSummary, formGroups, mayChange, type Typed } from "../../presenters/editFormView.js";
import { newProjectDraft } from "../../presenters/newProjectPresenter.js";
import { NOTICE_TEMPLATES } from "../../presenters/noticeDraftPresenter.js";
import { noticePreview } from "../../presenters/noticePresenter.js";
import type { ProjectDetail } from "../../services/projectService.js";
import type { Link } from "../../domain/project.js";
import type { Services } from "../../services/index.js";
import { fieldsFromForm } from "./formBody.js";

const STAFF = "/kezelo/projektek";
const keyOf = (project: ProjectDetail) => projectKey({ id: project.id, identifier: project.record.identifier });
const projectHref = (key: string) => `${STAFF}/${encodeURIComponent(key)}`;
const editHref = (key: string) => `${projectHref(key)}/szerkesztes`;
const recordHref = (key: string, spec: ListSpec, uid: string) => `${projectHref(key)}/${spec.slug}/${encodeURIComponent(uid)}`;

/** A refused save as its form shows it: 400 invalid, 403 a field the role may not change, 409 stale. */
interface Refusal {
  status: number;
  errors: ValidationError[];
  conflict: ConflictError | null;
  /** What the user sent, shown again; none when the form sent no fields (a deletion). */
  typed?: Typed;
}

/** Runs a save and redirects; a refusal is shown on the form again, anything else goes to the error handler. */
async function save(res: Response, specs: readonly FieldSpec[], typed: Typed | undefined, write: () => Promise<string>, showAgain: (refused: Refusal) => Promise<void>) {
  let refused: Refusal;
  try {
    return res.redirect(303, await write());
  } catch (error) {
    if (error instanceof ValidationErrors) refused = { status: 400, errors: error.errors, conflict: null, typed };
    else if (error instanceof ConflictError) refused = { status: 409, errors: [], conflict: error, typed };
    else if (error instanceof ForbiddenError && error.field !== null) {
      const spec = specs.find((s) => s.column === error.field);
      refused = { status: 403, errors: [new ValidationError(error.message, spec?.name ?? "")], conflict: null, typed };
    } else throw error;
  }
  await showAgain(refused);
}

/** How a record form is shown: after a save, refused, as a new draft, or as typed with a preview. */
interface RecordFormShown {
  saved?: boolean;
  refused?: Refusal;
  /** A new record's starting values, in the project file's shape. */
  draft?: Record<string, unknown>;
  /** What the user typed, shown again with the preview of it. */
  preview?: Typed;
}

const versionOf = (body: Record<string, unknown>) => Number(body.version);
/** The page title; "Hiba: " first when the form comes back with errors. */
const title = (text: string, errors: readonly unknown[] = []) => `${errors.length > 0 ? "Hiba: " : ""}${text}`;

/** A stored record of a list as a document, with its version; undefined when there is none. */
function storedRecord(project: ProjectDetail, spec: ListSpec, uid: string) {
  const index = project.record[spec.list].findIndex((r) => r.uid === uid);
  if (index < 0) return undefined;
  return {
    document: projectDocument(project.record)[spec.list][index] as Record<string, unknown>,
    version: project.record[spec.list][index]!.version ?? 1,
  };
}

function listsView(project: ProjectDetail, actor: Actor) {
  const key = keyOf(project);
  const document = projectDocument(project.record);
  return Object.values(LIST_FORMS).map((spec) => ({
    slug: spec.slug,
    heading: spec.heading,
    addHref: mayChange(actor, spec) ? `${projectHref(key)}/${spec.slug}/uj` : null,
    addLabel: `Új ${spec.noun}`,
    // Notices may also start from a draft written from the project's facts.
    templates:
      spec.list === "notices" && mayChange(actor, spec)
        ? Object.entries(NOTICE_TEMPLATES).map(([word, t]) => ({ href: `${projectHref(key)}/${spec.slug}/uj?sablon=${word}`, label: t.label }))
        : [],
    items: (document[spec.list] as Array<Record<string, unknown>>).map((item) => ({
      title: typeof item[spec.titleField] === "string" && item[spec.titleField] ? (item[spec.titleField] as string) : spec.noun,
      href: recordHref(key, spec, item.uid as string),
    })),
  }));
}

/** The notice form's "Előnézet" button: show what was typed as the public will see it, and save nothing. */
const wantsPreview = (spec: ListSpec, req: Request) => spec.list === "notices" && (req.body as Typed).elonezet !== undefined;

/** The form's fields as stored, in the words the form shows, with `changes` typed over them. */
function storedTyped(spec: ListSpec, document: Record<string, unknown>, changes: Typed): Typed {
  return { ...Object.fromEntries(spec.fields.map((f) => [f.name, displayValue(f, valueAt(document, f.name))])), ...changes };
}

export function editingRoutes({ editing }: Services): Router {
  const router = Router();
  const guard = requireAction("edit_project");

  function renderProjectForm(res: Response, project: ProjectDetail, saved: boolean, refused?: Refusal) {
    const actor = actorOf(res);
    const editable = (spec: FieldSpec) => mayChange(actor, spec);
    const specs = fieldsOf(PROJECT_FORM);
    const key = keyOf(project);
    res.status(refused?.status ?? 200).render("pages/editing/project.hbs", {
      pageTitle: title(`${project.record.title} – szerkesztés`, refused?.errors),
      project: { title: project.record.title, href: projectHref(key) },
      action: editHref(key),
      // After a conflict the form is based on the version now stored: saving again is a deliberate overwrite.
      version: refused?.typed && !refused.conflict ? versionOf(refused.typed) : project.version,
      saved,
      errors: errorSummary(refused?.errors ?? [], specs),
      conflict: refused?.conflict ? conflictView(refused.conflict, specs) : null,
      groups: formGroups(PROJECT_FORM, { stored: projectDocument(project.record), typed: refused?.typed, errors: refused?.errors, editable }),
      canSave: specs.some(editable),
      lists: listsView(project, actor),
    });
  }

  /**
   * A record's form: a stored record, a new one (empty, or a draft given), or the form again as typed
   * (refused, or shown with a notice's preview).
   */
  function renderRecordForm(res: Response, project: ProjectDetail, spec: ListSpec, uid: string | null, shown: RecordFormShown = {}) {
    const { saved = false, refused, draft, preview } = shown;
    const actor = actorOf(res);
    const key = keyOf(project);
    const stored = uid === null ? undefined : storedRecord(project, spec, uid);
    // A notice once given a publication moment is publishing to change; a field of its own may need more.
    const recordEditable = mayChange(actor, { entity: recordSubject(spec.entity, Boolean(stored?.document.publishedAt)) });
    const editable = (field: FieldSpec) => recordEditable && (!field.column || mayChange(actor, { column: field.column }));
    const typed = refused?.typed ?? preview;
    const heading = uid === null ? `Új ${spec.noun}` : `${spec.noun[0]!.toUpperCase()}${spec.noun.slice(1)} szerkesztése`;
    res.status(refused?.status ?? 200).render("pages/editing/record.hbs", {
      pageTitle: title(`${heading} – ${project.record.title}`, refused?.errors),
      heading,
      project: { title: project.record.title, href: projectHref(key), editHref: editHref(key) },
      action: uid === null ? `${projectHref(key)}/${spec.slug}/uj` : recordHref(key, spec, uid),
      deleteAction: uid !== null && stored && recordEditable ? `${recordHref(key, spec, uid)}/torles` : null,
      version: typed && !refused?.conflict && uid !== null ? versionOf(typed) : (stored?.version ?? null),
      saved,
      errors: errorSummary(refused?.errors ?? [], spec.fields),
      conflict: refused?.conflict ? conflictView(refused.conflict, spec.fields) : null,
      groups: formGroups([{ legend: spec.heading, fields: spec.fields }], { stored: stored?.document ?? draft ?? null, typed, errors: refused?.errors, editable }),
      canSave: spec.fields.some(editable) && (uid === null || stored !== undefined),
      previewable: spec.list === "notices",
      preview: preview
        ? noticePreview(preview, (stored?.document.links as Link[] | undefined) ?? [], { slug: project.slug, title: project.record.title }, new Date())
        : null,
    });
  }

  function renderNewProject(res: Response, code: string, typed?: Typed, refused?: Refusal) {
    let draft;
    let errors: ValidationError[] = refused?.errors ?? [];
    try {
      draft = code.trim() ? newProjectDraft(code) : undefined;
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      errors = [error];
    }
    // A refused save with no code has no draft form to show its errors on: the code is what is missing.
    if (!draft && refused) errors = [new ValidationError("kötelező: ebből készül az új projekt űrlapja", "kod")];
    const start: FieldGroup[] = [{ legend: "Kiindulás", fields: [{ name: "kod", label: "Felhívás kódja vagy projektazonosító", kind: "text", hint: "pl. GINOP_PLUSZ-1.2.2-22 vagy KÖFOP-1.0.0-VEKOP-15-2016-00041" }] }];
    const status = refused?.status ?? (errors.length > 0 ? 400 : 200);
    res.status(status).render("pages/editing/new.hbs", {
      pageTitle: title("Új projekt", errors),
      kod: code,
      errors: errorSummary(errors, [...start[0]!.fields, ...fieldsOf(NEW_PROJECT_FORM)]),
      start: formGroups(start, { stored: { kod: code }, errors, editable: () => true }),
      draft: draft
        ? {
            programme: draft.programme,
            period: draft.period,
            groups: formGroups(NEW_PROJECT_FORM, { stored: draft.document, typed, errors, editable: () => true }),
          }
        : null,
    });
  }

  /** Saves a record and redirects; a refusal shows the record form again with what was typed. */
  const saveRecord = (res: Response, spec: ListSpec, key: string, uid: string | null, typed: Typed | undefined, write: () => Promise<string>) =>
    save(res, spec.fields, typed, write, async (refused) => renderRecordForm(res, await editing.forEditing(actorOf(res), key), spec, uid, { refused }));

  /** The list a slug names. */
  const listOf = (req: Request) => listBySlug(String(req.params.list));
  /** A path under a project naming no list goes on to routes of its own, once the project is known to be the actor's. */
  async function notAList(req: Request, res: Response, next: NextFunction) {
    await editing.forEditing(actorOf(res), String(req.params.key));
    next();
  }

  router.get(`${STAFF}/uj`, requireAction("create_project"), (req, res) => {
    renderNewProject(res, typeof req.query.kod === "string" ? req.query.kod : "");
  });

  router.post(`${STAFF}/uj`, requireAction("create_project"), async (req, res) => {
    const body = req.body as Typed;
    const code = typeof body.kod === "string" ? body.kod : "";
    await save(
      res,
      fieldsOf(NEW_PROJECT_FORM),
      body,
      async () => `${editHref((await editing.createProject(actorOf(res), fieldsFromForm(fieldsOf(NEW_PROJECT_FORM), body))).key)}?mentve=1`,
      async (refused) => renderNewProject(res, code, body, refused),
    );
  });

  router.get(`${STAFF}/:key/szerkesztes`, guard, async (req, res) => {
    renderProjectForm(res, await editing.forEditing(actorOf(res), String(req.params.key)), req.query.mentve === "1");
  });

  router.post(`${STAFF}/:key/szerkesztes`, guard, async (req, res) => {
    const key = String(req.params.key);
    const specs = fieldsOf(PROJECT_FORM);
    await save(
      res,
      specs,
      req.body as Typed,
      async () => `${editHref((await editing.updateProject(actorOf(res), key, versionOf(req.body), fieldsFromForm(specs, req.body))).key)}?mentve=1`,
      async (refused) => renderProjectForm(res, await editing.forEditing(actorOf(res), key), false, refused),
    );
  });

  router.get(`${STAFF}/:key/:list/uj`, guard, async (req, res, next) => {
    const spec = listOf(req);
    if (!spec) return notAList(req, res, next);
    // A form the role could only look at: say so at once, not after the user has filled it in.
    if (forbiddenField(actorOf(res), [], [spec.entity]) !== null) {
      throw new ForbiddenError(`Új ${spec.noun} felvételéhez ${roleNames(rolesAllowedToChange(spec.entity))} szerepkör kell.`, spec.entity);
    }
    const project = await editing.forEditing(actorOf(res), String(req.params.key));
    const template = spec.list === "notices" && typeof req.query.sablon === "string" ? NOTICE_TEMPLATES[req.query.sablon] : undefined;
    const draft = template?.write(noticeFacts(project, dayInBudapest(new Date())));
    renderRecordForm(res, project, spec, null, { draft: draft && { ...draft, publishedAt: null } });
  });

  router.post(`${STAFF}/:key/:list/uj`, guard, async (req, res, next) => {
    const spec = listOf(req);
    if (!spec) return notAList(req, res, next);
    const key = String(req.params.key);
    if (wantsPreview(spec, req)) return renderRecordForm(res, await editing.forEditing(actorOf(res), key), spec, null, { preview: req.body as Typed });
    await saveRecord(res, spec, key, null, req.body as Typed, async () => {
      const saved = await editing.addRecord(actorOf(res), key, spec.list, fieldsFromForm(spec.fields, req.body));
      return `${editHref(saved.key)}?mentve=1#${spec.slug}`;
    });
  });

  router.get(`${STAFF}/:key/:list/:uid`, guard, async (req, res, next) => {
    const spec = listOf(req);
    if (!spec) return notAList(req, res, next);
    const project = await editing.forEditing(actorOf(res), String(req.params.key));
    if (!storedRecord(project, spec, String(req.params.uid))) return next();
    renderRecordForm(res, project, spec, String(req.params.uid), { saved: req.query.mentve === "1" });
  });

  router.post(`${STAFF}/:key/:list/:uid`, guard, async (req, res, next) => {
    const spec = listOf(req);
    if (!spec) return notAList(req, res, next);
    const key = String(req.params.key);
    const uid = String(req.params.uid);
    if (wantsPreview(spec, req)) {
      const project = await editing.forEditing(actorOf(res), key);
      if (!storedRecord(project, spec, uid)) return next();
      return renderRecordForm(res, project, spec, uid, { preview: req.body as Typed });
    }
    await saveRecord(res, spec, key, uid, req.body as Typed, async () => {
      const saved = await editing.updateRecord(actorOf(res), key, spec.list, uid, fieldsFromForm(spec.fields, req.body), versionOf(req.body));
      return `${recordHref(saved.key, spec, uid)}?mentve=1`;
    });
  });

  router.post(`${STAFF}/:key/:list/:uid/torles`, guard, async (req, res, next) => {
    const spec = listOf(req);
    if (!spec) return notAList(req, res, next);
    const key = String(req.params.key);
    const uid = String(req.params.uid);
    await saveRecord(res, spec, key, uid, undefined, async () => {
      const saved = await editing.deleteRecord(actorOf(res), key, spec.list, uid, versionOf(req.body));
      return `${editHref(saved.key)}?mentve=1#${spec.slug}`;
    });
  });

  // Marking done from the project page: only the date is sent; a refusal shows the whole record form.
  router.post(`${STAFF}/:key/:list/:uid/teljesitve`, guard, async (req, res, next) => {
    const spec = listOf(req);
    const field = spec && DONE_FIELDS[spec.list];
    if (!spec || !field) return notAList(req, res, next);
    const key = String(req.params.key);
    const uid = String(req.params.uid);
    const date = typeof req.body[field] === "string" ? (req.body[field] as string) : "";
    await save(
      res,
      spec.fields,
      { [field]: date },
      async () => {
        const saved = await editing.updateRecord(actorOf(res), key, spec.list, uid, { [field]: date }, versionOf(req.body));
        return `${projectHref(saved.key)}?mentve=1#${spec.slug}`;
      },
      async (refused) => {
        const project = await editing.forEditing(actorOf(res), key);
        const stored = storedRecord(project, spec, uid);
        const typed = storedTyped(spec, stored?.document ?? {}, { [field]: date, version: req.body.version });
        renderRecordForm(res, project, spec, uid, { refused: { ...refused, typed } });
      },
    );
  });

  return router;
}
