/**
 * Stored slugs. `project_slugs` holds every slug any project has had (its
 * primary key makes each one belong to one project for good); `projects.slug`
 * is the current one. Only the project writer (through projectApply.ts) and
 * the start-up backfill of older rows assign slugs, both through
 * `assignSlugs`.
 */
import type { Knex } from "knex";
import { isCandidateOf, slugCandidate, slugRoot } from "../domain/slugs.js";
import { guarded } from "./dbErrors.js";
import { lockKeys } from "./locks.js";
import { chunks } from "./batches.js";

export interface SlugWanted {
  projectId: number;
  /** What the project's slug is made from now (domain/slugs.ts `slugBase`). */
  base: string;
}

/**
 * Owners of the given bases and, for a base that is taken, of its numbered candidates (rare, so
 * looked up one base at a time; a slug has no `%` or `_`, and the column sorts byte by byte, so the prefix uses its index).
 */
async function owners(db: Knex, bases: readonly string[]): Promise<Map<string, number>> {
  const owned = new Map<string, number>();
  for (const chunk of chunks([...new Set(bases)])) {
    for (const r of await db("project_slugs").whereIn("slug", chunk).select("slug", "project_id")) owned.set(r.slug, r.project_id);
  }
  for (const base of [...new Set(bases)].filter((b) => owned.has(b))) {
    for (const r of await db("project_slugs").where("slug", "like", `${base}-%`).select("slug", "project_id")) {
      owned.set(r.slug, r.project_id);
    }
  }
  return owned;
}

/** The lock keys (data/locks.ts) every writer holds while it claims slugs of these bases. */
export const slugLockKeys = (bases: readonly string[]): string[] => bases.map((base) => `slug:${slugRoot(base)}`);

/**
 * Gives each project the first free candidate of its base (`base`, `base-2`, …), keeping its current
 * slug when that is already one of them and taking back one of its own former slugs. A concurrent
 * writer claiming the same candidate first makes the claim here skip it and try the next one.
 */
export async function assignSlugs(db: Knex, wanted: readonly SlugWanted[]): Promise<void> {
  await lockKeys(db, slugLockKeys(wanted.map((w) => w.base)));
  await setSlugs(db, await claimSlugs(db, wanted));
}

/** The first candidate of each base that no other project owns and no earlier one here takes. */
function pickCandidates(wanted: readonly SlugWanted[], owned: ReadonlyMap<string, number>): Map<number, string> {
  const chosen = new Map<number, string>();
  const takenNow = new Set<string>();
  for (const w of wanted) {
    for (let n = 1; ; n++) {
      const slug = slugCandidate(w.base, n);
      const owner = owned.get(slug);
      if (takenNow.has(slug) || (owner !== undefined && owner !== w.projectId)) continue;
      takenNow.add(slug);
      chosen.set(w.projectId, slug);
      break;
    }
  }
  return chosen;
}

/**
 * The slugs of new projects, chosen before their rows are written so that each row is written once, with its
 * slug: their ids are allocated and no row has them yet. The caller holds the bases' locks (`slugLockKeys`),
 * as every writer claiming slugs does, so the candidates found free stay free; it then records them with
 * `recordSlugs`.
 */
export async function chooseNewSlugs(db: Knex, wanted: readonly SlugWanted[]): Promise<Map<number, string>> {
  if (wanted.length === 0) return new Map();
  return pickCandidates(wanted, await owners(db, wanted.map((w) => w.base)));
}

/** Records the slugs `chooseNewSlugs` chose, once their projects' rows are stored. */
export async function recordSlugs(db: Knex, slugs: ReadonlyMap<number, string>): Promise<void> {
  const rows = [...slugs].map(([projectId, slug]) => ({ slug, project_id: projectId }));
  await guarded(async () => {
    for (const chunk of chunks(rows, 500)) await db("project_slugs").insert(chunk);
  });
}

/**
 * Claims the slugs `assignSlugs` gives, in `project_slugs`, and returns the projects whose current slug is to
 * change, with the new one, leaving that update to the caller (the project writer sets it in the same
 * statement as the projects' finding counts, so that a stored project's row is rewritten once, not twice).
 */
export async function claimSlugs(db: Knex, wanted: readonly SlugWanted[]): Promise<Array<{ id: number; slug: string }>> {
  if (wanted.length === 0) return [];
  const current = new Map<number, string | null>();
  for (const chunk of chunks(wanted.map((w) => w.projectId))) {
    for (const r of await db("projects").whereIn("id", chunk).select("id", "slug")) current.set(r.id as number, r.slug as string | null);
  }
  const pending = wanted.filter((w) => {
    const slug = current.get(w.projectId);
    return !(slug && isCandidateOf(slug, w.base));
  });
  const chosen = new Map<number, string>();
  let open = pending;
  while (open.length > 0) {
    const owned = await owners(db, open.map((w) => w.base));
    const picked = pickCandidates(open, owned);
    const claims = [...picked].filter(([, slug]) => !owned.has(slug)).map(([projectId, slug]) => ({ slug, project_id: projectId }));
    for (const [projectId, slug] of picked) chosen.set(projectId, slug);
    const claimedSlugs = new Set(claims.map((c) => c.slug));
    const claimed = new Set<string>();
    for (const chunk of chunks(claims, 500)) {
      const rows = await db("project_slugs").insert(chunk).onConflict("slug").ignore().returning("slug");
      for (const r of rows) claimed.add(r.slug as string);
    }
    // A claim the insert skipped was taken meanwhile by another writer: choose again for those.
    open = open.filter((w) => {
      const slug = chosen.get(w.projectId)!;
      return claimedSlugs.has(slug) && !claimed.has(slug);
    });
  }
  return pending.map((w) => ({ id: w.projectId, slug: chosen.get(w.projectId)! }));
}

/** Sets the current slug of the given projects (claimed with `claimSlugs`). */
export async function setSlugs(db: Knex, updates: ReadonlyArray<{ id: number; slug: string }>): Promise<void> {
  for (const chunk of chunks(updates, 500)) {
    await db.raw(
      `update projects p set slug = v.slug from (values ${chunk.map(() => "(?::integer, ?)").join(", ")}) as v(id, slug) where p.id = v.id`,
      chunk.flatMap((u) => [u.id, u.slug]),
    );
  }
}

/** The project that has (or had) this slug, with its current slug; undefined when none ever had it. */
export async function findBySlug(db: Knex, slug: string): Promise<{ id: number; slug: string } | undefined> {
  const row = await db("project_slugs as s").join("projects as p", "p.id", "s.project_id").where("s.slug", slug).first("p.id", "p.slug");
  return row ? { id: row.id as number, slug: row.slug as string } : undefined;
}
