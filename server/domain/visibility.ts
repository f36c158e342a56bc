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

export function isPublished(notice: Pick<Notice, "publishedAt">): boolean {
  return notice.publishedAt !== null;
}

/** The record with everything the public may not see left out. */
export function publicRecord(record: ProjectRecord): ProjectRecord {
  return {
    ...record,
    internalNotes: null,
    deliverables: record.deliverables.filter((d) => d.public),
    notices: record.notices.filter(isPublished),
  };
}
