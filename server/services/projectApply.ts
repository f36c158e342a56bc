/** Storing what the writer planned: new rows in batches, changed rows in place, deletions; refusals located. */
import type { Knex } from "knex";
import { ConstraintError, ValidationError } from "../errors.js";
import type { PendingEntry } from "../domain/audit.js";
import { RECORD_LISTS, type ExternalKey, type RecordList } from "../domain/project.js";
import type { Row } from "../data/projectRows.js";
import { chooseNewSlugs, claimSlugs, recordSlugs } from "../data/projectSlugs.js";
import {
  allocateProjectIds,
  deleteRecordRows,
  insertProjectRows,
  insertRecordRows,
  replaceExternalKeys,
  replaceFunds,
  updateProjectRow,
  updateRecordRow,
  type StoredForWrite,
} from "../data/projectWrites.js";
import type { ListPlan } from "./recordPlan.js";
import type { ProjectInput } from "./projectWriter.js";

/** One project's write, as the writer planned it. */
export interface PlannedProject {
  input: ProjectInput;
  stored: StoredForWrite | undefined;
  uid: string;
  version: number;
  row: Row;
  /** Columns of the project row to update (all of `row` for a new project). */
  rowChanges: Row;
  lists: Partial<Record<RecordList, ListPlan>>;
  externalKeys: ExternalKey[] | undefined;
  fundIds: number[] | undefined;
  /** What the slug is made from, when the project is new or that changed; null keeps the slug. */
  slugBase: string | null;
  /** A new project's number of findings, counted on its record as it is written; null for a stored one (recounted after the write). */
  findingCount: number | null;
  entry: PendingEntry | null;
}

/** What applying left to the caller: each project's id, and the new slugs to set on stored projects' rows. */
export interface Applied {
  projectIds: Map<PlannedProject, number>;
  slugs: Map<number, string>;
}

/** Applies every plan in one go; if the database refuses, applies them one by one to say which project it was. */
export async function applyLocated(trx: Knex.Transaction, planned: PlannedProject[]): Promise<Applied> {
  try {
    return await trx.transaction((savepoint) => apply(savepoint, planned));
  } catch (error) {
    if (!(error instanceof ConstraintError) || planned.length === 1) {
      if (error instanceof ConstraintError && planned[0]) throw [new ValidationError(error.message, planned[0].input.path)];
      throw error;
    }
    for (const p of planned) {
      try {
        await trx.transaction((savepoint) => apply(savepoint, [p]));
      } catch (single) {
        if (single instanceof ConstraintError) throw [new ValidationError(single.message, p.input.path)];
        throw single;
      }
    }
    throw error;
  }
}

async function apply(trx: Knex, planned: PlannedProject[]): Promise<Applied> {
  // A new project's row is written once, whole: its id allocated first, so that its slug is chosen before it.
  const fresh = planned.filter((p) => !p.stored);
  const ids = await allocateProjectIds(trx, fresh.length);
  const projectIds = new Map<PlannedProject, number>(fresh.map((p, i) => [p, ids[i]!]));
  const freshSlugs = await chooseNewSlugs(trx, fresh.map((p) => ({ projectId: projectIds.get(p)!, base: p.slugBase! })));
  await insertProjectRows(
    trx,
    fresh.map((p) => {
      const id = projectIds.get(p)!;
      return { ...p.row, id, uid: p.uid, version: 1, slug: freshSlugs.get(id), finding_count: p.findingCount };
    }),
  );
  await recordSlugs(trx, freshSlugs);
  for (const p of planned) {
    if (p.stored) projectIds.set(p, p.stored.id);
    if (p.stored && p.entry) {
      await updateProjectRow(trx, p.stored.id, p.rowChanges, p.version);
    }
  }
  for (const list of RECORD_LISTS) {
    const deletes = planned.flatMap((p) => p.lists[list]?.deletes ?? []);
    if (deletes.length > 0) await deleteRecordRows(trx, list, deletes);
    for (const p of planned) {
      const updates = p.lists[list]?.updates ?? [];
      // One lead per consortium is checked row by row: the old lead steps down before the new one steps up.
      const ordered = list === "partners" ? [...updates].sort((a, b) => Number(b.changes.role === "member") - Number(a.changes.role === "member")) : updates;
      for (const u of ordered) await updateRecordRow(trx, list, u.id, u.changes, u.version);
    }
    const inserts = planned.flatMap((p) => (p.lists[list]?.inserts ?? []).map((row) => ({ ...row, project_id: projectIds.get(p) })));
    if (inserts.length > 0) await insertRecordRows(trx, list, inserts);
  }
  const slugs = await claimSlugs(
    trx,
    planned.flatMap((p) => (p.stored && p.slugBase !== null ? [{ projectId: p.stored.id, base: p.slugBase }] : [])),
  );
  await replaceExternalKeys(
    trx,
    planned.flatMap((p) => (p.externalKeys === undefined ? [] : [{ projectId: projectIds.get(p)!, stored: !!p.stored, keys: p.externalKeys }])),
  );
  await replaceFunds(
    trx,
    planned.flatMap((p) => (p.fundIds === undefined ? [] : [{ projectId: projectIds.get(p)!, stored: !!p.stored, fundIds: p.fundIds }])),
  );
  return { projectIds, slugs: new Map(slugs.map((s) => [s.id, s.slug])) };
}


