/**
 * A project's public address (`/projektek/<slug>`): readable, stable, ASCII.
 * Made from the canonical identifier, or, for a project known only by its
 * call, from the call code and the title. Two projects may make the same slug
 * (call code + title is not unique in the national list), so the store adds
 * `-2`, `-3`… to the later one; see server/data/projectSlugs.ts.
 */
import { stripAccents } from "./programmes.js";

/** Titles are cut at a word boundary near this length, so addresses stay short enough to share. */
const TITLE_LENGTH = 60;

/** Lower case, accents folded (á→a, ő→o), every run of other characters one hyphen. */
function slugify(text: string): string {
  return stripAccents(text.normalize("NFC"))
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

function shortened(slug: string): string {
  if (slug.length <= TITLE_LENGTH) return slug;
  const cut = slug.slice(0, TITLE_LENGTH + 1);
  const lastBreak = cut.lastIndexOf("-");
  return (lastBreak > 0 ? cut.slice(0, lastBreak) : cut.slice(0, TITLE_LENGTH)).replace(/-+$/, "");
}

/** The slug a project would have if no other project had it yet. */
export function slugBase(project: { identifier: string | null; callCode: string | null; title: string }): string {
  if (project.identifier) return slugify(project.identifier);
  const title = shortened(slugify(project.title));
  return [project.callCode ? slugify(project.callCode) : "", title].filter(Boolean).join("-") || "projekt";
}

/** The n-th candidate for a base: the base itself, then `base-2`, `base-3`… */
export function slugCandidate(base: string, n: number): string {
  return n <= 1 ? base : `${base}-${n}`;
}

/** A candidate's number as it is written after the base: 2, 3, … with no leading zero. */
const CANDIDATE_NUMBER = /-(?:[2-9]|[1-9]\d+)$/;

/**
 * What a base's candidates all share with every other base whose candidates could meet them: the base
 * without the candidate numbers it may end in ("foo-2" is a base of its own and candidate 2 of "foo").
 * Writers claiming slugs lock this, so that no two claim one candidate at once.
 */
export function slugRoot(base: string): string {
  let root = base;
  while (CANDIDATE_NUMBER.test(root)) root = root.replace(CANDIDATE_NUMBER, "");
  return root;
}

/** Whether a slug is the base itself or one of its numbered candidates. */
export function isCandidateOf(slug: string, base: string): boolean {
  return slug === base || (slug.startsWith(`${base}-`) && /^[2-9]\d*$|^[1-9]\d+$/.test(slug.slice(base.length + 1)));
}
