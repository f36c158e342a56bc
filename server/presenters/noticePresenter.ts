/**
 * Notices as the public reads them: one notice's article (the public page and the editor's preview
 * show the same), a row of the news list, and the Atom feeds.
 */
import { Feed } from "feed";
import Handlebars from "handlebars";
import { parseMoment } from "../domain/dates.js";
import { NOTICE_KINDS, type Link, type NoticeKind } from "../domain/project.js";
import type { PublishedNotice } from "../data/noticeReads.js";
import { formatDayOfMoment, formatMoment } from "../rendering/dates.js";
import { renderMarkdown } from "../rendering/markdown.js";
import { NOTICE_LABELS } from "./labels.js";
import { publicPath } from "./projectPresenter.js";

type ProjectNamed = { slug: string; title: string };

export const noticePath = (uid: string): string => `/hirek/${encodeURIComponent(uid)}`;
export const NEWS_FEED_PATH = "/hirek.atom";
export const projectFeedPath = (project: { slug: string }): string => `${publicPath(project)}/hirek.atom`;

const kindText = (kind: NoticeKind) => `${NOTICE_LABELS[kind]} közlemény`;

/** One notice as an article: its title, kind, day of publication (none for a draft), the body as sanitised HTML. */
export function noticeArticle(notice: { kind: NoticeKind; title: string; body: string; publishedAt: string | null; links: Link[] }, project: ProjectNamed) {
  return {
    title: notice.title,
    kind: kindText(notice.kind),
    published: notice.publishedAt ? formatDayOfMoment(notice.publishedAt) : null,
    publishedIso: notice.publishedAt,
    bodyHtml: renderMarkdown(notice.body),
    links: notice.links,
    project: { title: project.title, href: publicPath(project), feedHref: projectFeedPath(project) },
  };
}

/** When a typed publication moment would show the notice; null for a draft or what cannot be read as a moment. */
function typedMoment(typed: unknown): string | null {
  if (typeof typed !== "string" || typed.trim() === "") return null;
  try {
    return parseMoment(typed);
  } catch {
    return null;
  }
}

/**
 * The editor's preview of a notice as typed: the article exactly as the public page will show it,
 * and a line saying when the public will see it.
 */
export function noticePreview(typed: Record<string, unknown>, links: Link[], project: ProjectNamed, now: Date) {
  const text = (name: string) => (typeof typed[name] === "string" ? (typed[name] as string) : "");
  const kind = NOTICE_KINDS.find((k) => k === typed.kind) ?? "progress";
  const publishedAt = typedMoment(typed.publishedAt);
  const note =
    text("publishedAt").trim() === ""
      ? "Piszkozat: mentés után sem nyilvános, amíg nem kap közzétételi időpontot."
      : publishedAt === null
        ? "A közzétételi időpont nem értelmezhető; mentéskor az űrlap megmondja, mi a hiba."
        : Date.parse(publishedAt) > now.getTime()
          ? `Időzítve: mentés után ${formatMoment(publishedAt)}-kor jelenik meg a nyilvános oldalon.`
          : "Mentés után azonnal nyilvános.";
  return { note, article: noticeArticle({ kind, title: text("title"), body: text("body"), publishedAt, links }, project) };
}

/** A row of the news list. */
export function noticeRow({ notice, project }: PublishedNotice) {
  return {
    title: notice.title,
    href: noticePath(notice.uid),
    kind: kindText(notice.kind),
    published: formatDayOfMoment(notice.publishedAt),
    publishedIso: notice.publishedAt,
    project: { title: project.title, href: publicPath(project) },
  };
}

/** An entry changes when it is edited after its publication; before that, it is new at its publication. */
const updatedOf = (item: PublishedNotice) => new Date(Math.max(Date.parse(item.notice.publishedAt), Date.parse(item.updatedAt)));

/**
 * An Atom feed (RFC 4287) of published notices, newest first. An entry's id is the notice's uid, so
 * an edited notice stays the same entry and only its `updated` moves on. With no entries, the feed was
 * last updated when `emptySince` says.
 */
export function noticeFeed(
  options: { id: string; title: string; baseUrl: string; selfPath: string; pagePath: string; emptySince: Date },
  items: readonly PublishedNotice[],
): { xml: string; updated: Date } {
  const updated = items.map(updatedOf);
  const feedUpdated = updated.length > 0 ? new Date(Math.max(...updated.map((d) => d.getTime()))) : options.emptySince;
  const feed = new Feed({
    id: options.id,
    title: options.title,
    link: `${options.baseUrl}${options.pagePath}`,
    feedLinks: { atom: `${options.baseUrl}${options.selfPath}` },
    updated: feedUpdated,
    generator: false,
    author: { name: "Projekttár" },
  });
  items.forEach((item, index) => {
    const { notice, project } = item;
    feed.addItem({
      id: `urn:uuid:${notice.uid}`,
      // Atom titles go out as HTML: text is escaped, so a title is never read as markup.
      title: Handlebars.Utils.escapeExpression(notice.title),
      link: `${options.baseUrl}${noticePath(notice.uid)}`,
      date: updated[index]!,
      published: new Date(notice.publishedAt),
      content: renderMarkdown(notice.body),
      author: [{ name: project.beneficiaryName }],
      category: [{ term: notice.kind, name: kindText(notice.kind) }],
    });
  });
  return { xml: feed.atom1(), updated: feedUpdated };
}
