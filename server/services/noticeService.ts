/** Published notices as the public reads them: the news list, one notice, and a project's notices. */
import { NotFoundError } from "../errors.js";
import { dayInBudapest } from "../domain/dates.js";
import type { Database } from "../data/database.js";
import { publishedNotice, publishedNotices, type PublicView, type PublishedNotice } from "../data/noticeReads.js";
import type { ProjectDetail, ProjectService } from "./projectService.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What the public may see right now. */
const now = (): PublicView => {
  const asOf = new Date();
  return { asOf, publicOn: dayInBudapest(asOf) };
};

export function createNoticeService(db: Database, projects: ProjectService) {
  return {
    /** `limit` notices, newest first, after the notice `before` names; `more` when older ones follow. */
    async list(limit: number, before?: string): Promise<{ items: PublishedNotice[]; more: boolean }> {
      if (before !== undefined && !UUID.test(before)) return { items: [], more: false };
      const rows = await publishedNotices(db.knex, now(), { limit: limit + 1, before });
      return { items: rows.slice(0, limit), more: rows.length > limit };
    },

    /** One notice the public may see; NotFoundError for a draft, a scheduled one, or one of a non-public project. */
    async get(uid: string): Promise<PublishedNotice> {
      const found = UUID.test(uid) ? await publishedNotice(db.knex, now(), uid) : undefined;
      if (!found) throw new NotFoundError(`Nincs ilyen közlemény: ${uid}`);
      return found;
    },

    /** A public project with its newest `limit` published notices. */
    async ofProject(key: string, limit: number): Promise<{ project: ProjectDetail; items: PublishedNotice[] }> {
      const project = await projects.getPublic(key);
      return { project, items: await publishedNotices(db.knex, now(), { limit, projectId: project.id }) };
    },
  };
}

export type NoticeService = ReturnType<typeof createNoticeService>;
