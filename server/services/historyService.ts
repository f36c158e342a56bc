/**
 * A project's history, page by page, newest first: who changed what and
 * when, each field's old and new value. Only those who may read the
 * project's history see it.
 */
import { ForbiddenError, NotFoundError } from "../errors.js";
import { baseField, historyEntry, narrow, valuesBefore, type HistoryEntry, type HistoryFilter, type Values } from "../domain/history.js";
import { may, type Actor } from "../domain/permissions.js";
import { readProjectKey } from "../domain/projectKey.js";
import { reviewedChanges, touchesReviewedFigures } from "../domain/review.js";
import type { Database } from "../data/database.js";
import { projectActors, projectEntriesAfterVersion, projectFieldTrail, projectHistoryPage, recordTrails } from "../data/auditRepository.js";
import { PROJECT_COLUMNS, RECORD_TABLES } from "../data/projectRows.js";
import { findIdByKey, projectHeading } from "../data/projectReads.js";

export const HISTORY_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 200;

const COLUMNS: readonly string[] = [...PROJECT_COLUMNS, ...Object.values(RECORD_TABLES).flatMap((t) => t.columns)];
/** Columns stored as a first day and a precision. */
const PARTIAL_DATES: ReadonlySet<string> = new Set(COLUMNS.filter((c) => COLUMNS.includes(`${c}_precision`)));
const isPartialDate = (field: string) => PARTIAL_DATES.has(field);
const PROJECT_DATE_FIELDS = PROJECT_COLUMNS.filter((c) => isPartialDate(baseField(c)));

export interface HistoryQuery extends HistoryFilter {
  /** Show entries before this position in the chain (the cursor of the next page). */
  before?: number;
  limit?: number;
}

export interface ProjectHistory {
  project: { id: number; identifier: string | null; title: string };
  filter: HistoryFilter;
  entries: HistoryEntry[];
  /** Where the next (older) page starts, or null on the last page. */
  next: number | null;
  /** Everyone who changed the project, for the filter by person. */
  actors: string[];
  /** The records on the page (and the one filtered on) with the values last recorded for them. */
  records: Map<string, { entity: string; values: Values }>;
}

/** The changes to a project's reviewed figures after a version, oldest first, with the records they touch. */
export interface FigureChanges {
  entries: HistoryEntry[];
  records: ProjectHistory["records"];
}

export function createHistoryService(db: Database) {
  return {
    /**
     * What changed in the reviewed figures (domain/review.ts) after the given project version: each entry
     * narrowed to those figures, from the same audit trail as the history page.
     */
    async figureChangesSince(actor: Actor, project: { id: number; uid: string }, version: number): Promise<FigureChanges> {
      if (!may(actor, "read_history", project.id)) {
        throw new ForbiddenError("Ennek a projektnek a változásait nem láthatja: nincs hozzá rendelve.");
      }
      const found = (await projectEntriesAfterVersion(db.knex, project.uid, version))
        .filter((e) => touchesReviewedFigures(e.changes))
        .map((e) => ({ ...e, changes: reviewedChanges(e.changes) }));
      const uids = [...new Set(found.flatMap((e) => (e.changes.records ?? []).map((r) => r.uid)))];
      const trails = await recordTrails(db.knex, project.uid, uids);
      return {
        // The reviewed figures are amounts and whole days: no partial date needs the earlier values of the project.
        entries: found.map((entry) => historyEntry(entry, {}, (uid) => valuesBefore(trails.get(uid)?.steps ?? [], entry.seq), isPartialDate)),
        records: new Map([...trails].map(([uid, t]) => [uid, { entity: t.entity, values: valuesBefore(t.steps, Infinity) }])),
      };
    },


    async projectHistory(actor: Actor, key: string, query: HistoryQuery): Promise<ProjectHistory> {
      const lookup = readProjectKey(key);
      const id = lookup ? await findIdByKey(db.knex, lookup) : undefined;
      const project = id === undefined ? undefined : await projectHeading(db.knex, id);
      if (!project) throw new NotFoundError(`Nincs ilyen projekt: ${key}`);
      if (!may(actor, "read_history", project.id)) {
        throw new ForbiddenError("Ennek a projektnek a változásait nem láthatja: nincs hozzá rendelve.");
      }
      const filter: HistoryFilter = {
        ...(query.field ? { field: query.field } : {}),
        ...(query.actor ? { actor: query.actor } : {}),
        ...(query.record ? { record: query.record } : {}),
      };
      const limit = Math.min(Math.max(query.limit ?? HISTORY_PAGE_SIZE, 1), MAX_PAGE_SIZE);
      const found = await projectHistoryPage(db.knex, project.uid, filter, query.before ?? null, limit + 1);
      const shown = found.slice(0, limit);

      const uids = new Set(shown.flatMap((e) => (e.changes.records ?? []).map((r) => r.uid)));
      if (filter.record) uids.add(filter.record);
      const trails = await recordTrails(db.knex, project.uid, [...uids]);
      const projectTrail = shown[0] ? await projectFieldTrail(db.knex, project.uid, PROJECT_DATE_FIELDS, shown[0].seq) : [];
      const entries = shown.map((entry) =>
        narrow(
          historyEntry(
            entry,
            valuesBefore(projectTrail, entry.seq),
            (uid) => valuesBefore(trails.get(uid)?.steps ?? [], entry.seq),
            isPartialDate,
          ),
          filter,
        ),
      );
      return {
        project: { id: project.id, identifier: project.identifier, title: project.title },
        filter,
        entries,
        next: found.length > limit ? shown.at(-1)!.seq : null,
        actors: await projectActors(db.knex, project.uid),
        records: new Map([...trails].map(([uid, t]) => [uid, { entity: t.entity, values: valuesBefore(t.steps, Infinity) }])),
      };
    },
  };
}

export type HistoryService = ReturnType<typeof createHistoryService>;
