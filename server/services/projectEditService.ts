/**
 * Editing one project and the records under it, as the forms and the API do. Each use case takes the
 * acting user and writes through the one write path in one audited transaction. The change is laid
 * over the stored project's document and parsed as a project file's project is, so what people type
 * ("29 110 000 Ft", "2021. május 13.") and the rules across fields are the import's. Lists the change
 * does not touch are left out, and the writer leaves them alone.
 */
import { randomUUID } from "node:crypto";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, ValidationErrors } from "../errors.js";
import { may, type Actor } from "../domain/permissions.js";
import { dayInBudapest } from "../domain/dates.js";
import { projectKey } from "../domain/projectKey.js";
import { RECORD_LISTS, type RecordList, type StoredProject } from "../domain/project.js";
import type { Database } from "../data/database.js";
import { auditedTransaction, projectEntries } from "../data/auditRepository.js";
import { assignProject, userById } from "../data/usersRepository.js";
import { projectHead } from "../data/projectReads.js";
import { projectDocument, type ProjectDocument } from "../projectFile/document.js";
import { capped, parseProject } from "../projectFile/parse.js";
import type { ProjectDetail, ProjectService } from "./projectService.js";
import { writeProjects, type ProjectInput } from "./projectWriter.js";

/** The lists people edit record by record; status changes follow the status, the writer dates them. */
export const EDITABLE_LISTS = RECORD_LISTS.filter((l): l is Exclude<RecordList, "statusChanges"> => l !== "statusChanges");
export type EditableList = (typeof EDITABLE_LISTS)[number];

/** Fields as a form or the API sends them: the project file's names and words. */
export type Fields = Record<string, unknown>;

export interface EditResult {
  /** The project's key in URLs (identifier, else id) after the edit. */
  key: string;
  projectId: number;
  /** The project's version after the edit. */
  version: number;
}

export interface RecordEditResult extends EditResult {
  recordUid: string;
}

/** How the writer's messages name the project of an edit. */
const PROJECT_PATH = "projekt";
/** Objects of the project document a change may give in part: `{ funding: { grant } }` keeps the other figures. */
const NESTED = new Set(["call", "beneficiary", "location", "funding", "dates", "contact"]);
/**
 * How often a write that lost a race with other writers of the same project is built again: each loss
 * is another writer's success, so this many writers at once all get through.
 */
const ATTEMPTS = 5;

const isPlainObject = (v: unknown): v is Fields => v !== null && typeof v === "object" && !Array.isArray(v);

/** The stored document without its record lists: a change to it leaves every record as it is. */
function withoutLists(document: ProjectDocument): Fields {
  const fields: Fields = { ...document };
  for (const list of RECORD_LISTS) delete fields[list];
  return fields;
}

/** The project's fields with `changes` laid over them. */
function overlay(document: ProjectDocument, changes: Fields): Fields {
  const errors: ValidationError[] = [];
  const fields = withoutLists(document);
  for (const [name, value] of Object.entries(changes)) {
    if ((RECORD_LISTS as readonly string[]).includes(name) || name === "uid") {
      errors.push(new ValidationError("ez a mező itt nem módosítható (a rekordokat egyenként kell szerkeszteni)", name));
    } else if (NESTED.has(name) && isPlainObject(value) && isPlainObject(fields[name])) {
      fields[name] = { ...fields[name], ...value };
    } else {
      fields[name] = value;
    }
  }
  if (errors.length > 0) throw new ValidationErrors(errors);
  return fields;
}

/** Errors found in `list[index]` with paths of the record's own (`dueDate`), the others as they were. */
function relativeTo(error: unknown, prefix: string): unknown {
  if (!(error instanceof ValidationErrors)) return error;
  const relative = error.errors.map((e) =>
    e.path === prefix || e.path.startsWith(`${prefix}.`) ? new ValidationError(e.rawMessage(), e.path.slice(prefix.length + 1)) : e,
  );
  return new ValidationErrors(relative, error.total);
}

/** The fields of one parsed project with only `list` given, `items` laid out as documents. */
function parseWithList(stored: StoredProject, list: EditableList, items: Fields[], index: number): ProjectInput {
  try {
    return parseProject({ ...withoutLists(projectDocument(stored.record)), [list]: items }, PROJECT_PATH).input;
  } catch (error) {
    throw relativeTo(error, `${list}[${index}]`);
  }
}

function storedItems(stored: StoredProject, list: EditableList): Fields[] {
  return projectDocument(stored.record)[list] as Fields[];
}

/** Versions are integer columns: anything else (NaN from a damaged form, 2^40 from a script) can be no version at all. */
const MAX_VERSION = 2 ** 31 - 1;

function checkVersion(version: number | undefined, path: string): void {
  if (version === undefined || (Number.isInteger(version) && version >= 1 && version <= MAX_VERSION)) return;
  throw new ValidationErrors([new ValidationError(`érvénytelen: 1 és ${MAX_VERSION} közötti egész szám kell`, path)]);
}

export function createProjectEditService(db: Database, projects: ProjectService) {
  const today = () => dayInBudapest(new Date());

  async function write(actor: Actor, input: ProjectInput, created: boolean): Promise<EditResult> {
    try {
      return await auditedTransaction(db.knex, async (trx, audit) => {
        const summary = await writeProjects({ trx, audit, actor, today: today(), closing: "checklist" }, [input]);
        const head = await projectHead(trx, summary.projectUids[0]!);
        if (created) {
          // Without an identifier or a new one, the writer would have updated the project it matched.
          if (summary.created !== 1) throw new ValidationErrors([new ValidationError("már van ilyen projekt (ugyanez az azonosító, vagy felhívás, kedvezményezett és cím)", "identifier")]);
          // Whoever acts only on assigned projects must be able to go on with the one they started.
          const user = actor.userId !== null && actor.projectIds !== null ? await userById(trx, actor.userId) : undefined;
          if (user && (await assignProject(trx, user.id, head.id))) {
            await audit.add({
              actor: actor.label,
              action: "update",
              entity: "user",
              entityKey: user.uid,
              projectUid: null,
              projectVersion: null,
              changes: { fields: { assigned_project: [null, projectKey(head)] } },
            });
          }
        }
        return { key: projectKey(head), projectId: head.id, version: head.version };
      });
    } catch (error) {
      if (Array.isArray(error)) throw capped(error as ValidationError[]);
      throw error;
    }
  }

  /** The project, if the actor may edit it. */
  async function forEditing(actor: Actor, key: string): Promise<ProjectDetail> {
    const stored = await projects.get(key);
    if (!may(actor, "edit_project", stored.id)) {
      throw new ForbiddenError("Ezt a projektet nem módosíthatja (nincs hozzá rendelve, vagy a szerepköre nem engedi).");
    }
    return stored;
  }

  /**
   * Reads the project, builds the change on it and writes it. The version read is the one the write
   * expects when the caller named none, so a write in between is never overwritten: the change is
   * built again on the newer state instead.
   */
  async function edit(actor: Actor, key: string, expectedVersion: number | undefined, build: (stored: StoredProject) => Promise<ProjectInput> | ProjectInput) {
    for (let attempt = 1; ; attempt++) {
      const stored = await forEditing(actor, key);
      const input = { ...(await build(stored)), expectedVersion: expectedVersion ?? stored.version };
      try {
        return await write(actor, input, false);
      } catch (error) {
        if (error instanceof ConflictError && expectedVersion === undefined && attempt < ATTEMPTS) continue;
        throw error;
      }
    }
  }

  /**
   * Where the record is in its list, if it is still at the version the writer had; otherwise a conflict
   * naming what changed in it since (its n-th change made its n-th version), or not found if it never was.
   */
  async function recordAt(stored: StoredProject, list: EditableList, uid: string, expected: number): Promise<number> {
    const index = stored.record[list].findIndex((r) => r.uid === uid);
    const current = index < 0 ? null : (stored.record[list][index]!.version ?? 1);
    if (current === expected) return index;
    const touching = (await projectEntries(db.knex, stored.record.uid)).flatMap((entry) =>
      (entry.changes.records ?? []).filter((r) => r.uid === uid).map((record) => ({ entry, record })),
    );
    if (touching.length === 0) throw new NotFoundError(`Nincs ilyen rekord: ${uid}`);
    const changes = touching.slice(expected).map(({ entry, record }, i) => ({
      version: expected + i + 1,
      actor: entry.actor,
      recordedAt: entry.recordedAt,
      fields: record.action === "delete" ? ["törölve"] : Object.keys(record.fields),
    }));
    throw new ConflictError(
      current === null
        ? "A rekordot közben törölték."
        : `A rekordot közben módosították: a(z) ${expected}. változat helyett már a(z) ${current}. változat az érvényes.`,
      changes,
    );
  }

  async function addRecord(actor: Actor, key: string, list: EditableList, item: Fields, expectedProjectVersion?: number): Promise<RecordEditResult> {
    checkVersion(expectedProjectVersion, "projectVersion");
    const recordUid = randomUUID();
    const result = await edit(actor, key, expectedProjectVersion, (stored) => {
      const items = storedItems(stored, list);
      return parseWithList(stored, list, [...items, { ...item, uid: recordUid }], items.length);
    });
    return { ...result, recordUid };
  }

  return {
    forEditing,

    /** Starts a project; a project manager who starts one is assigned to it. Unpublished unless the fields publish it. */
    async createProject(actor: Actor, fields: Fields): Promise<EditResult> {
      if (!may(actor, "create_project")) throw new ForbiddenError("Új projektet csak adminisztrátor vagy projektmenedzser vehet fel.");
      const { input } = parseProject({ publishedFrom: null, ...fields }, PROJECT_PATH);
      return write(actor, input, true);
    },

    /** Changes the project's own fields (not its records), based on `expectedVersion` of it. */
    async updateProject(actor: Actor, key: string, expectedVersion: number, changes: Fields): Promise<EditResult> {
      checkVersion(expectedVersion, "version");
      return edit(actor, key, expectedVersion, (stored) => parseProject(overlay(projectDocument(stored.record), changes), PROJECT_PATH).input);
    },

    /** Adds a record at the end of a list; `expectedProjectVersion` when the writer saw the project at one. */
    addRecord,

    /** Changes one record, given in full or in part, based on `expectedRecordVersion` of it. */
    async updateRecord(actor: Actor, key: string, list: EditableList, uid: string, item: Fields, expectedRecordVersion: number): Promise<RecordEditResult> {
      checkVersion(expectedRecordVersion, "version");
      const result = await edit(actor, key, undefined, async (stored) => {
        const index = await recordAt(stored, list, uid, expectedRecordVersion);
        const items = storedItems(stored, list);
        items[index] = { ...items[index], ...item, uid };
        const input = parseWithList(stored, list, items, index);
        // The writer refuses the record if it changed between this read and its lock.
        input.record[list]![index]!.version = expectedRecordVersion;
        return input;
      });
      return { ...result, recordUid: uid };
    },

    /** Deletes one record, based on `expectedRecordVersion` of it. */
    async deleteRecord(actor: Actor, key: string, list: EditableList, uid: string, expectedRecordVersion: number): Promise<EditResult> {
      checkVersion(expectedRecordVersion, "version");
      return edit(actor, key, undefined, async (stored) => {
        const index = await recordAt(stored, list, uid, expectedRecordVersion);
        const items = storedItems(stored, list);
        items.splice(index, 1);
        return parseWithList(stored, list, items, -1);
      });
    },

    /**
     * Records a contract amendment (szerződésmódosítás): from its effective date the figures it gives
     * are the ones in force, and the contract's stay as signed.
     */
    recordAmendment(actor: Actor, key: string, amendment: Fields, expectedProjectVersion?: number): Promise<RecordEditResult> {
      return addRecord(actor, key, "amendments", amendment, expectedProjectVersion);
    },
  };
}

export type ProjectEditService = ReturnType<typeof createProjectEditService>;
