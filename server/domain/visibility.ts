/**
 * What the public may see of a project. Public pages and the open API show
 * published notices only (a notice without a publication moment is a draft),
 * only the deliverables marked public, and never the internal notes.
 */
import type { Notice, ProjectRecord } from "./project.js";

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
