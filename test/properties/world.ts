/**
 * The world hostile requests are sent into: the app over a database holding the test portfolio, an admin
 * signed in (a session with its CSRF token, and an API token), and one project with a record in every list,
 * another user, an organisation, a programme and a call to aim the writes at. Versions and records are read
 * fresh for every case, since accepted writes move them on.
 */
import type { Database } from "../../server/data/database.js";
import type { Actor } from "../../server/domain/permissions.js";
import { EDITABLE_LISTS, type EditableList } from "../../server/services/projectEditService.js";
import { loadTestPortfolio, testApp } from "../helpers/app.js";
import { signedIn, type SignedIn } from "../helpers/session.js";
import { fileOf, projectDoc } from "../factories/projectFile.js";

/** One valid record of each list, enough to be a record. */
const SEED_RECORDS: Record<EditableList, Record<string, unknown>> = {
  partners: { name: "Fuzz Partner Kft.", role: "member" },
  amendments: { effectiveDate: "2024-02-01", reference: "1. számú módosítás" },
  milestones: { title: "Nyitó rendezvény", dueDate: "2024-03-31" },
  deliverables: { title: "Tanulmány", kind: "study" },
  events: { title: "Konferencia", date: "2024-05-10" },
  procurements: { subject: "Eszközbeszerzés" },
  indicators: { name: "Képzett munkatársak", unit: "fő", target: 10 },
  notices: { kind: "start", title: "Elindult a projekt", body: "A projekt elindult." },
  obligations: { kind: "progress_report", dueDate: "2024-06-30" },
};

export interface World {
  app: ReturnType<typeof testApp>;
  db: Database;
  admin: SignedIn;
  actor: Actor;
  /** The admin's API token. */
  token: string;
  /** The project the writes aim at, by id (an accepted write may change its identifier). */
  projectKey: string;
  otherUserId: number;
  /** A token of the admin's that the revoke form may revoke (never the one the API cases use). */
  spareTokenId: number;
  referenceIds: { organisation: number; programme: number; call: number };
  /** The project's version now. */
  projectVersion(): Promise<number>;
  /** The uid and version of the list's record, made again if an accepted write removed it. */
  record(list: EditableList): Promise<{ uid: string; version: number }>;
  /** How many times `record` had to make a record again: a case during which it did is not compared for writes. */
  restores: number;
  /** The version of a reference record now. */
  referenceVersion(kind: "organisation" | "programme" | "call"): Promise<number>;
}

export async function makeWorld(db: Database): Promise<World> {
  const app = testApp(db);
  await loadTestPortfolio(app.services);
  const doc = projectDoc(Object.fromEntries(EDITABLE_LISTS.map((list) => [list, [SEED_RECORDS[list]]])));
  await app.services.importer.importDocument(fileOf(doc), "import:fuzz-setup.json");
  const projectKey = String((await db.knex("projects").where({ identifier: doc.identifier }).first("id")).id);

  const admin = await signedIn(app, { roles: ["admin"] });
  const actor = (await app.services.accounts.actorFor(admin.userId))!;
  const token = await app.services.accounts.createToken(admin.userId, "fuzz");
  await app.services.accounts.createToken(admin.userId, "visszavonható");
  const spareTokenId = Number((await db.knex("api_tokens").where({ user_id: admin.userId, name: "visszavonható" }).first("id")).id);
  const other = await signedIn(app, { roles: ["project_manager"] });
  const first = async (table: string) => Number((await db.knex(table).orderBy("id").first("id")).id);
  const referenceIds = { organisation: await first("organisations"), programme: await first("programmes"), call: await first("calls") };
  const { references, projects, editing } = app.services;
  const referenceOps = { organisation: references.organisations, programme: references.programmes, call: references.calls };

  const world: World = {
    app,
    db,
    admin,
    actor,
    token,
    projectKey,
    otherUserId: other.userId,
    spareTokenId,
    referenceIds,
    restores: 0,
    async projectVersion() {
      return (await projects.get(projectKey)).version;
    },
    async record(list) {
      let stored = (await projects.get(projectKey)).record[list][0];
      if (!stored) {
        world.restores++;
        await editing.addRecord(actor, projectKey, list, SEED_RECORDS[list]);
        stored = (await projects.get(projectKey)).record[list][0]!;
      }
      return { uid: stored.uid!, version: stored.version ?? 1 };
    },
    async referenceVersion(kind) {
      return (await referenceOps[kind].get(actor, referenceIds[kind])).version;
    },
  };
  return world;
}
