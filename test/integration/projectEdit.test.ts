/** Editing one project and its records through the edit service, on a real database. */
import { expect } from "chai";
import { ConflictError, ForbiddenError, ValidationErrors } from "../../server/errors.js";
import type { Actor, Role } from "../../server/domain/permissions.js";
import type { EditableList, Fields } from "../../server/services/projectEditService.js";
import { useTestDatabase } from "../helpers/database.js";
import { services } from "../helpers/writes.js";
import { fileOf, nextIdentifier, projectDoc } from "../factories/projectFile.js";

const actor = (roles: Role[], projects: number[] | null = null): Actor => ({
  label: `user:${roles.join("+")}`,
  userId: null,
  roles,
  projectIds: projects === null ? null : new Set(projects),
});
const admin = actor(["admin"]);

async function refusal<E extends Error>(kind: new (...args: never[]) => E, write: Promise<unknown>): Promise<E> {
  try {
    await write;
  } catch (error) {
    if (error instanceof kind) return error;
    throw error;
  }
  throw new Error(`expected ${kind.name}`);
}

/** The errors' places and messages, as `path: message`. */
async function invalid(write: Promise<unknown>): Promise<string[]> {
  const error = await refusal(ValidationErrors, write);
  return error.errors.map((e) => `${e.path}: ${e.rawMessage()}`);
}

describe("the edit service", () => {
  const context = useTestDatabase();
  const svc = () => services(context.db);
  let key: string;

  beforeEach(async () => {
    const doc = projectDoc({ milestones: [{ title: "Nyitókonferencia", dueDate: "2023-03-01" }] });
    await svc().importer.importDocument(fileOf(doc), "import:setup.json");
    key = doc.identifier as string;
  });

  const stored = async () => svc().projects.get(key);
  const auditCount = async () => Number((await context.db.knex("audit_log").count({ n: "*" }))[0]!.n);
  const projectAuditCount = async () => Number((await context.db.knex("audit_log").where({ project_uid: (await stored()).record.uid }).count({ n: "*" }))[0]!.n);

  describe("projects", () => {
    it("creates an unpublished project from Hungarian words, and a project manager may", async () => {
      const identifier = nextIdentifier();
      const result = await svc().editing.createProject(actor(["project_manager"], []), {
        identifier,
        title: "Új projekt",
        beneficiary: { name: "Új Kft." },
        funding: { totalCost: "29 110 000 Ft", grant: "29,11 millió Ft" },
        dates: { start: "2021. május 13.", plannedEnd: "2023.05.13" },
      });
      expect(result).to.include({ key: identifier, version: 1 });
      const project = await svc().projects.get(identifier);
      expect(project.record.funding).to.include({ totalCost: 29_110_000, grant: 29_110_000 });
      expect(project.record.dates.start).to.deep.equal({ year: 2021, month: 5, day: 13, precision: "day" });
      expect(project.record.publishedFrom).to.equal(null);
    });

    it("refuses a new project whose identifier is taken, at the identifier, and writes nothing", async () => {
      const before = await auditCount();
      const messages = await invalid(svc().editing.createProject(admin, { identifier: key, title: "Más", beneficiary: { name: "X Kft." } }));
      expect(messages).to.deep.equal(["identifier: már van ilyen projekt (ugyanez az azonosító, vagy felhívás, kedvezményezett és cím)"]);
      expect(await auditCount()).to.equal(before);
    });

    it("refuses communication staff and auditors a new project", async () => {
      for (const roles of [["communication"], ["auditor"]] as Role[][]) {
        await refusal(ForbiddenError, svc().editing.createProject(actor(roles), { identifier: nextIdentifier(), title: "X", beneficiary: { name: "X" } }));
      }
    });

    it("changes only the given fields, keeping the rest of a nested group, and bumps the version", async () => {
      const { version } = await stored();
      const result = await svc().editing.updateProject(admin, key, version, { title: "Átnevezett", funding: { grant: "7 500 000 Ft" } });
      expect(result.version).to.equal(version + 1);
      const after = await stored();
      expect(after.record.title).to.equal("Átnevezett");
      expect(after.record.funding).to.include({ totalCost: 10_000_000, grant: 7_500_000, ownContribution: 3_000_000 });
      expect(after.record.milestones).to.have.length(1);
    });

    it("reports each bad value at its field's path, in Hungarian", async () => {
      const { version } = await stored();
      const messages = await invalid(
        svc().editing.updateProject(admin, key, version, { title: " ", funding: { grant: "sok pénz" }, dates: { start: "2021. májusz 13." } }),
      );
      expect(messages.map((m) => m.split(":")[0])).to.have.members(["title", "funding.grant", "dates.start"]);
      expect(messages.join("\n")).to.include("nem lehet üres");
    });

    it("refuses a save based on an old version, naming what changed since", async () => {
      const { version } = await stored();
      await svc().editing.updateProject(actor(["project_manager"]), key, version, { summary: "Első mentés" });
      const error = await refusal(ConflictError, svc().editing.updateProject(admin, key, version, { title: "Második mentés" }));
      expect(error.changes).to.have.length(1);
      expect(error.changes[0]).to.include({ version: version + 1, actor: "user:project_manager" });
      expect(error.changes[0]!.fields).to.deep.equal(["summary"]);
      expect((await stored()).record.title).not.to.equal("Második mentés");
    });

    it("refuses communication staff a funding change, naming the field", async () => {
      const { version } = await stored();
      const error = await refusal(ForbiddenError, svc().editing.updateProject(actor(["communication"]), key, version, { funding: { grant: "1 Ft" } }));
      expect(error.field).to.equal("contracted_grant");
    });

    it("refuses a project manager a project not assigned to them", async () => {
      const { id, version } = await stored();
      await refusal(ForbiddenError, svc().editing.updateProject(actor(["project_manager"], [id + 1]), key, version, { title: "X" }));
    });
  });

  describe("records", () => {
    const cases: Array<{ list: EditableList; item: Fields; change: Fields; check: (r: Record<string, unknown>) => void }> = [
      { list: "partners", item: { name: "Partner Bt.", role: "tag", grantShare: "1 000 000 Ft" }, change: { grantShare: "2 000 000 Ft" }, check: (r) => expect(r.grantShare).to.equal(2_000_000) },
      { list: "milestones", item: { title: "Félidő", dueDate: "2023. június 30." }, change: { achievedDate: "2023.07.01" }, check: (r) => expect(r.achievedDate).to.deep.include({ month: 7, day: 1 }) },
      { list: "deliverables", item: { title: "Tanulmány", kind: "tanulmány" }, change: { deliveredDate: "2024-01-31" }, check: (r) => expect(r.deliveredDate).to.deep.include({ year: 2024 }) },
      { list: "events", item: { title: "Workshop", kind: "workshop", count: 6 }, change: { held: 2 }, check: (r) => expect(r.held).to.equal(2) },
      { list: "procurements", item: { subject: "Szoftver", method: "nyílt eljárás", amount: "21.500.000,- Ft" }, change: { contractor: "Fejlesztő Kft." }, check: (r) => expect((r.contractor as { name: string }).name).to.equal("Fejlesztő Kft.") },
      { list: "indicators", item: { name: "Képzettek", unit: "fő", target: 100 }, change: { achieved: 80 }, check: (r) => expect(r.achieved).to.equal(80) },
      { list: "amendments", item: { effectiveDate: "2023. január 5.", reference: "1. sz. módosítás", grant: "8 000 000 Ft" }, change: { reason: "Árváltozás" }, check: (r) => expect(r.reason).to.equal("Árváltozás") },
      { list: "notices", item: { kind: "tájékoztató", title: "Hír", body: "Szöveg." }, change: { title: "Friss hír" }, check: (r) => expect(r.title).to.equal("Friss hír") },
      { list: "obligations", item: { kind: "PEJ", dueDate: "2024.03.31." }, change: { doneDate: "2024.03.30." }, check: (r) => expect(r.doneDate).to.deep.include({ day: 30 }) },
    ];
    for (const { list, item, change, check } of cases) {
      it(`adds, updates and deletes ${list}, each once in the project's audit trail`, async () => {
        const before = await projectAuditCount();
        const added = await svc().editing.addRecord(admin, key, list, item);
        const record = () => stored().then((p) => (p.record[list] as unknown as Array<Record<string, unknown>>).find((r) => r.uid === added.recordUid));
        expect(await record()).to.include({ version: 1 });
        await svc().editing.updateRecord(admin, key, list, added.recordUid, change, 1);
        const updated = (await record())!;
        check(updated);
        expect(updated.version).to.equal(2);
        await svc().editing.deleteRecord(admin, key, list, added.recordUid, 2);
        expect(await record()).to.equal(undefined);
        expect(await projectAuditCount()).to.equal(before + 3);
      });
    }

    it("leaves the other records and lists as they were", async () => {
      const before = await stored();
      await svc().editing.addRecord(admin, key, "milestones", { title: "Zárás", dueDate: "2024" });
      const after = await stored();
      expect(after.record.milestones[0]).to.deep.equal(before.record.milestones[0]);
      expect(after.record.milestones).to.have.length(2);
      expect(after.record.title).to.equal(before.record.title);
    });

    it("puts the figures of a recorded amendment in force and keeps the contract's", async () => {
      await svc().editing.recordAmendment(admin, key, { effectiveDate: "2023.02.01.", reference: "1. módosítás", totalCost: "12 000 000 Ft", grant: "9 000 000 Ft" });
      const after = await stored();
      expect(after.currentFunding).to.include({ totalCost: 12_000_000, grant: 9_000_000, ownContribution: 3_000_000 });
      expect(after.record.funding).to.include({ totalCost: 10_000_000, grant: 7_000_000 });
    });

    it("reports a bad record value at the record's own field", async () => {
      const messages = await invalid(svc().editing.addRecord(admin, key, "milestones", { title: "", dueDate: "tegnap" }));
      expect(messages.map((m) => m.split(":")[0])).to.have.members(["title", "dueDate"]);
    });

    it("refuses an update or delete based on an old record version, naming what changed since", async () => {
      const uid = (await stored()).record.milestones[0]!.uid!;
      await svc().editing.updateRecord(actor(["project_manager"]), key, "milestones", uid, { title: "Első" }, 1);
      const error = await refusal(ConflictError, svc().editing.updateRecord(admin, key, "milestones", uid, { title: "Második" }, 1));
      expect(error.changes).to.deep.equal([{ version: 2, actor: "user:project_manager", recordedAt: error.changes[0]!.recordedAt, fields: ["title"] }]);
      await refusal(ConflictError, svc().editing.deleteRecord(admin, key, "milestones", uid, 1));
      expect((await stored()).record.milestones[0]).to.include({ title: "Első", version: 2 });
    });

    it("refuses an update of a record deleted meanwhile", async () => {
      const uid = (await stored()).record.milestones[0]!.uid!;
      await svc().editing.deleteRecord(admin, key, "milestones", uid, 1);
      const error = await refusal(ConflictError, svc().editing.updateRecord(admin, key, "milestones", uid, { title: "Késő" }, 1));
      expect(error.changes.at(-1)!.fields).to.deep.equal(["törölve"]);
    });

    it("adds records given at once by several writers, none lost", async () => {
      const titles = ["A", "B", "C", "D"];
      await Promise.all(titles.map((title) => svc().editing.addRecord(admin, key, "milestones", { title })));
      expect((await stored()).record.milestones.map((m) => m.title)).to.include.members(titles);
    });

    it("refuses an add based on an old project version", async () => {
      const { version } = await stored();
      await svc().editing.updateProject(admin, key, version, { summary: "Közben" });
      await refusal(ConflictError, svc().editing.addRecord(admin, key, "milestones", { title: "X" }, version));
    });

    it("refuses communication staff a deliverable and a project manager a notice's publication", async () => {
      const { id } = await stored();
      const comms = await refusal(ForbiddenError, svc().editing.addRecord(actor(["communication"]), key, "deliverables", { title: "X" }));
      expect(comms.field).to.equal("deliverable");
      const pm = await refusal(
        ForbiddenError,
        svc().editing.addRecord(actor(["project_manager"], [id]), key, "notices", { kind: "záró", title: "X", body: "Y", publishedAt: "2024-01-10" }),
      );
      expect(pm.field).to.equal("notice.published_at");
      expect(pm.message).to.include("„közlemény közzététele”").and.include("adminisztrátor vagy kommunikációs munkatárs");
    });
  });
});
