/**
 * The soak's mix of requests, as people and scripts use the app: public project pages by slug, index searches, the
 * API list, staff pages read with a logged-in session, and staff writes through the API with a token. Writes never
 * conflict: each project is written by at most one request at a time, always with the version its last write
 * returned, so a 409 would be a defect.
 */
import type { Database } from "../../server/data/database.js";
import type { BenchDatabase } from "../bench/database.js";
import { childEnv, runNpmScript } from "../bench/processes.js";
import { systemActor } from "../../server/domain/permissions.js";
import { buildServices } from "../../server/services/index.js";
import { canonicalKeys } from "../bench/publicPage.js";
import { indexSampler, seededRandom, shuffled } from "../bench/sampler.js";

export const KINDS = ["public-page", "search", "api-list", "staff-read", "staff-write"] as const;
export type Kind = (typeof KINDS)[number];

/** Share of each kind in the mix (they sum to 1). */
export const WEIGHTS: Record<Kind, number> = { "public-page": 0.35, search: 0.2, "api-list": 0.15, "staff-read": 0.2, "staff-write": 0.1 };

export interface SoakRequest {
  kind: Kind;
  method: "GET" | "PATCH";
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Called with the answer's status and body; a write learns its project's next version here. */
  done(status: number, body: string): void;
}

/** What the mix needs from the database, read before the app opens it. */
export interface MixData {
  slugs: string[];
  words: string[];
  projectIds: number[];
  /** Projects the writes take turns on, with their current version. */
  writable: Map<number, number>;
  email: string;
  password: string;
  token: string;
}

const WRITE_PROJECTS = 200;
const PASSWORD = "soak-próba-jelszó-hosszú";

export async function prepareMix(db: Database, seed: number): Promise<MixData> {
  const slugs = await canonicalKeys(db);
  const rows = await db.knex("projects").select<{ id: number; title: string; version: number }[]>("id", "title", "version").orderBy("id");
  const words = [...new Set(rows.slice(0, 2000).flatMap((r) => r.title.toLocaleLowerCase("hu").split(/[^\p{L}]+/u)).filter((w) => w.length >= 5))].slice(0, 300);
  const writable = new Map(shuffled(rows, seededRandom(seed)).slice(0, WRITE_PROJECTS).map((r) => [r.id, r.version]));
  const services = buildServices(db, { publicBaseUrl: "http://127.0.0.1" });
  const email = `soak.${process.pid}@example.hu`;
  const { user } = await services.accounts.create(systemActor("soak"), { email, name: "Terheléses próba", roles: ["admin"], password: PASSWORD });
  const token = await services.accounts.createToken(user.id, "soak");
  return { slugs, words, projectIds: rows.map((r) => r.id), writable, email, password: PASSWORD, token };
}

/** Fills the run's own database with `projects` generated projects, then reads the mix's data from it. */
export async function generatedMix(db: BenchDatabase, projects: number, seed: number): Promise<MixData> {
  await runNpmScript("generate", ["--projects", String(projects), "--seed", String(seed)], childEnv(db.env));
  const database = await db.open();
  return prepareMix(database, seed).finally(() => database.close());
}

/** Draws the next request: a kind by its weight, then a key (Zipf-like over pages, as real traffic). */
export function requestDrawer(data: MixData, cookie: string, seed: number): () => SoakRequest {
  const random = seededRandom(seed);
  const slugOrder = shuffled(data.slugs, seededRandom(seed + 1));
  const slugDraw = indexSampler(slugOrder.length, "zipf", random);
  const idOrder = shuffled(data.projectIds, seededRandom(seed + 2));
  const idDraw = indexSampler(idOrder.length, "zipf", random);
  const pages = Math.min(500, Math.ceil(data.projectIds.length / 20));
  const idle = [...data.writable.keys()];
  let writes = 0;
  const read = (kind: Kind, path: string, headers: Record<string, string> = {}): SoakRequest => ({ kind, method: "GET", path, headers, done: () => {} });
  const draw = (): SoakRequest => {
    let r = random();
    let kind: Kind = KINDS[0];
    for (const k of KINDS) {
      kind = k;
      if ((r -= WEIGHTS[k]) < 0) break;
    }
    switch (kind) {
      case "public-page":
        return read(kind, `/projektek/${encodeURIComponent(slugOrder[slugDraw()]!)}`);
      case "search":
        return read(kind, `/?q=${encodeURIComponent(data.words[Math.floor(random() * data.words.length)]!)}`);
      case "api-list":
        return read(kind, `/api/v1/projects?limit=20&offset=${20 * Math.floor(random() * pages)}`);
      case "staff-read": {
        const path = random() < 0.75 ? `/kezelo/projektek/${idOrder[idDraw()]}` : `/kezelo/projektek?q=${encodeURIComponent(data.words[Math.floor(random() * data.words.length)]!)}`;
        return read(kind, path, { cookie });
      }
      case "staff-write": {
        const id = idle.pop();
        if (id === undefined) return draw(); // every write project busy: a read instead, never a conflicting write
        const version = data.writable.get(id)!;
        return {
          kind,
          method: "PATCH",
          path: `/api/v1/projects/${id}`,
          headers: { authorization: `Bearer ${data.token}`, "content-type": "application/json" },
          body: JSON.stringify({ version, changes: { summary: `Terheléses próba, ${++writes}. módosítás.` } }),
          done: (status, body) => {
            if (status === 200) data.writable.set(id, (JSON.parse(body) as { version: number }).version);
            idle.unshift(id);
          },
        };
      }
    }
  };
  return draw;
}
