/**
 * What the public may see of a project. Public pages and the open API show
 * published notices only (a notice without a publication moment is a draft),
 * only the deliverables marked public, and never the internal notes.
 */
import { firstDay, type PartialDate } from "./dates.js";
import type { Notice, ProjectRecord } from "./project.js";

/** A project is public from the day communication staff set; without one it is not public at all. */
export function isProjectPublic(publishedFrom: PartialDate | null, today: PartialDate): boolean {
  return publishedFrom !== null && firstDay(publishedFrom) <= firstDay(today);
}

/** A notice is public from its publication moment: a draft never, a scheduled one not yet. */
export function isPublished(notice: Pick<Notice, "publishedAt">, asOf: Date = new Date()): boolean {
  return notice.publishedAt !== null && new Date(notice.publishedAt).getTime() <= asOf.getTime();
}

/** Audited entities the public never sees anything of; a change to any other changes the public site. */
const NOT_PUBLIC_ENTITIES: ReadonlySet<string> = new Set(["user", "funding_review"]);

/** Whether a change to an entity of this kind (as the audit trail names it) may change a public page. */
export function changesPublicContent(entity: string): boolean {
  return !NOT_PUBLIC_ENTITIES.has(entity);
}

/** The record with everything the public may not see left out. */
export function publicRecord(record: ProjectRecord, asOf: Date = new Date()): ProjectRecord {
  return {
    ...record,
    internalNotes: null,
    closureReason: null,
    deliverables: record.deliverables.filter((d) => d.public),
    notices: record.notices.filter((n) => isPublished(n, asOf)),
  };
}
