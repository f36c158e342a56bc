/**
 * Organisations, programmes and calls edited in the browser. Each save is one
 * audited transaction, recorded like the write path records the ones it
 * creates or changes (entity, uid, actor, fields before and after); a save
 * based on an older version is refused with what changed since; a save that
 * changes nothing writes nothing.
 */
import type { Knex } from "knex";
import { ConflictError, ConstraintError, ForbiddenError, NotFoundError, ValidationError, ValidationErrors } from "../errors.js";
import { changedFields } from "../domain/audit.js";
import { ACTION_ROLES, may, type Action, type Actor } from "../domain/permissions.js";
import type { Page } from "../domain/project.js";
import { normaliseTaxNumber } from "../domain/taxNumbers.js";
import { auditedTransaction, latestEntityEntries } from "../data/auditRepository.js";
import type { Database } from "../data/database.js";
import {
  callsOfProgramme,
  programmeChoices,
  programmeList,
  projectsOfCall,
  projectsOfOrganisation,
  projectsOfProgramme,
  searchCalls,
  searchOrganisations,
  searchProgrammes,
  type Identity,
  type Listed,
} from "../data/referenceReads.js";
import { roleNames } from "../presenters/labels.js";
import { updateVersioned } from "../data/referenceRepository.js";
import { callKind, duplicate, organisationKind, programmeKind, UNIQUE_FIELDS, type ReferenceKind } from "./referenceKinds.js";

export interface Saved {
  id: number;
  /** False when the form held what was stored already: nothing was written. */
  changed: boolean;
}

function requireRight(actor: Actor, action: Action): void {
  if (may(actor, action)) return;
  const roles = roleNames(ACTION_ROLES[action]);
  throw new ForbiddenError(
    action === "edit_references"
      ? `A szervezetek, operatív programok és felhívások szerkesztéséhez ${roles} szerepkör kell.`
      : `Ehhez az oldalhoz ${roles} szerepkör kell.`,
  );
}

/** A unique key broken by another writer meanwhile reads as the same message on the same field as any duplicate. */
async function fieldOnDuplicate<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof ConstraintError && error.constraint && UNIQUE_FIELDS[error.constraint]) throw duplicate(error.constraint);
    throw error;
  }
}

async function conflict(trx: Knex, kind: { entity: string; accusative: string }, stored: Identity, based: number): Promise<ConflictError> {
  // Every version after the first was made by one audited change, so the last ones are those since `based`; a
  // version the record never had (negative, from a tampered form) asks for no more than all of them.
  const since = Math.min(stored.version, Math.max(0, stored.version - based));
  const entries = since === 0 ? [] : await latestEntityEntries(trx, kind.entity, stored.uid, since);
  const first = stored.version - entries.length + 1;
  return new ConflictError(
    `Valaki közben módosította ${kind.accusative}: a(z) ${based}. változatot szerkesztette, de már a(z) ${stored.version}. változat az érvényes.`,
    entries.map((e, i) => ({ version: first + i, actor: e.actor, recordedAt: e.recordedAt, fields: Object.keys(e.changes.fields) })),
  );
}

export function createReferenceEditService(db: Database) {
  const knex = db.knex;

  async function create<S extends Identity, V, R>(kind: ReferenceKind<S, V, R>, actor: Actor, form: unknown): Promise<Saved> {
    requireRight(actor, "edit_references");
    const { values } = kind.read(form);
    return auditedTransaction(knex, async (trx, audit) => {
      const { id, uid } = await fieldOnDuplicate(async () => kind.insert(trx, await kind.row(trx, values, undefined, { audit, actor })));
      const fields = changedFields(null, kind.givenFields(values));
      await audit.add({ actor: actor.label, action: "create", entity: kind.entity, entityKey: uid, projectUid: null, projectVersion: null, changes: { fields } });
      return { id, changed: true };
    });
  }

  async function update<S extends Identity, V, R>(kind: ReferenceKind<S, V, R>, actor: Actor, id: number, form: unknown): Promise<Saved> {
    requireRight(actor, "edit_references");
    const { values, version } = kind.read(form);
    if (version === undefined) throw new ValidationErrors([new ValidationError("hiányzik, melyik változatot szerkesztette", "version")]);
    return auditedTransaction(knex, async (trx, audit) => {
      const stored = await kind.load(trx, id, true);
      if (!stored) throw new NotFoundError(`Nincs ilyen rekord: ${id}`);
      if (stored.version !== version) throw await conflict(trx, kind, stored, version);
      const fields = changedFields(kind.storedFields(stored), kind.givenFields(values));
      if (Object.keys(fields).length === 0) return { id, changed: false };
      await fieldOnDuplicate(async () => kind.update(trx, id, await kind.row(trx, values, stored, { audit, actor })));
      await audit.add({ actor: actor.label, action: "update", entity: kind.entity, entityKey: stored.uid, projectUid: null, projectVersion: null, changes: { fields } });
      return { id, changed: true };
    });
  }

  /** The operations of one kind: list with search, one record with what uses it, create, update. */
  function operations<S extends Identity, V, R, Uses>(
    kind: ReferenceKind<S, V, R>,
    search: (db: Knex, text: string | null, page: Page) => Promise<Listed<S>>,
    usesOf: (stored: S) => Promise<Uses>,
  ) {
    async function get(actor: Actor, id: number): Promise<S> {
      requireRight(actor, "read_staff_pages");
      const stored = await kind.load(knex, id);
      if (!stored) throw new NotFoundError(`Nincs ilyen rekord: ${id}`);
      return stored;
    }
    return {
      get,
      async list(actor: Actor, text: string | null, page: Page): Promise<Listed<S>> {
        requireRight(actor, "read_staff_pages");
        return search(knex, text, page);
      },
      async detail(actor: Actor, id: number): Promise<{ stored: S } & Uses> {
        const stored = await get(actor, id);
        return { stored, ...(await usesOf(stored)) };
      },
      create: (actor: Actor, form: unknown) => create(kind, actor, form),
      update: (actor: Actor, id: number, form: unknown) => update(kind, actor, id, form),
    };
  }

  return {
    organisations: operations(
      organisationKind,
      (db, text, page) => searchOrganisations(db, text === null ? null : (normaliseTaxNumber(text) ?? text), page),
      async (o) => ({ projects: await projectsOfOrganisation(knex, o.id) }),
    ),
    programmes: {
      ...operations(programmeKind, searchProgrammes, async (p) => ({
        projects: await projectsOfProgramme(knex, p.id),
        calls: await callsOfProgramme(knex, p.id),
      })),

      /** An admin confirms a programme an import created from a list's columns (its version as the page showed it). */
      async confirm(actor: Actor, id: number, version: number): Promise<Saved> {
        requireRight(actor, "confirm_programmes");
        return auditedTransaction(knex, async (trx, audit) => {
          const stored = await programmeKind.load(trx, id, true);
          if (!stored) throw new NotFoundError(`Nincs ilyen rekord: ${id}`);
          if (stored.version !== version) throw await conflict(trx, programmeKind, stored, version);
          if (stored.confirmed) return { id, changed: false };
          await updateVersioned(trx, "programmes", id, { confirmed: true });
          const fields = changedFields({ confirmed: false }, { confirmed: true });
          await audit.add({ actor: actor.label, action: "update", entity: "programme", entityKey: stored.uid, projectUid: null, projectVersion: null, changes: { fields } });
          return { id, changed: true };
        });
      },
    },
    calls: operations(callKind, searchCalls, async (c) => ({ projects: await projectsOfCall(knex, c.id) })),

    /** What the programme and call forms offer to choose from. */
    async choices() {
      return { ...(await programmeChoices(knex)), programmes: await programmeList(knex) };
    },
  };
}

export type ReferenceEditService = ReturnType<typeof createReferenceEditService>;
