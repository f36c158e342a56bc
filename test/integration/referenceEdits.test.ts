/** Organisations, programmes and calls edited through the service: audited, versioned, refused with a field. */
import { expect } from "chai";
import { ConflictError, ForbiddenError, ValidationErrors } from "../../server/errors.js";
import type { Actor, Role } from "../../server/domain/permissions.js";
import { useTestDatabase } from "../helpers/database.js";
import { services } from "../helpers/writes.js";
import { fileOf, projectDoc } from "../factories/projectFile.js";

const actor = (role: Role): Actor => ({ label: `${role}@example.hu`, userId: null, roles: [role], projectIds: new Set() });
const manager = actor("project_manager");

async function refusal<E extends Error>(type: new (...args: never[]) => E, write: Promise<unknown>): Promise<E> {
  try {
    await write;
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  throw new Error(`expected a ${type.name}`);
}

/** Each refused field with its message. */
async function fieldErrors(write: Promise<unknown>): Promise<Record<string, string>> {
  const error = await refusal(ValidationErrors, write);
  return Object.fromEntries(error.errors.map((e) => [e.path, e.rawMessage()]));
}

let taxSerial = 0;
const nextTaxNumber = () => `${String(20000000 + ++taxSerial)}-2-41`;

describe("editing reference data", () => {
  const context = useTestDatabase();
  const references = () => services(context.db).references;
  const knex = () => context.db.knex;
  const entries = (entity: string, entityKey: string) =>
    knex()("audit_log").where({ entity, entity_key: entityKey }).orderBy("seq").select("actor", "action", "changes", "project_uid");

  describe("organisations", () => {
    it("creates one with its tax number as typed stored in one form, and records who created it with every field", async () => {
      const taxNumber = nextTaxNumber();
      const { id } = await references().organisations.create(manager, {
        name: "  Pest Vármegyei Kormányhivatal ",
        taxNumber: taxNumber.replace(/-/g, " "),
        website: "https://pest.gov.hu",
        email: "",
      });
      const stored = await references().organisations.get(manager, id);
      expect(stored).to.include({ name: "Pest Vármegyei Kormányhivatal", taxNumber, website: "https://pest.gov.hu", email: null, version: 1 });
      const [entry, ...more] = await entries("organisation", stored.uid);
      expect(more).to.be.empty;
      expect(entry).to.deep.include({ actor: manager.label, action: "create", project_uid: null });
      expect(entry.changes.fields).to.deep.include({ name: [null, "Pest Vármegyei Kormányhivatal"], tax_number: [null, taxNumber] });
    });

    it("updates the fields that changed, raises the version and records before and after", async () => {
      const { id } = await references().organisations.create(manager, { name: "Régi név", taxNumber: nextTaxNumber() });
      const admin = actor("admin");
      const saved = await references().organisations.update(admin, id, { name: "Új név", taxNumber: (await references().organisations.get(admin, id)).taxNumber, phone: "+36 1 123 4567", version: "1" });
      expect(saved.changed).to.equal(true);
      const stored = await references().organisations.get(admin, id);
      expect(stored).to.include({ name: "Új név", phone: "+36 1 123 4567", version: 2 });
      const last = (await entries("organisation", stored.uid)).at(-1);
      expect(last).to.deep.include({ actor: admin.label, action: "update" });
      expect(last.changes.fields).to.deep.equal({ name: ["Régi név", "Új név"], phone: [null, "+36 1 123 4567"] });
    });

    it("writes nothing when the form holds what is stored", async () => {
      const taxNumber = nextTaxNumber();
      const { id } = await references().organisations.create(manager, { name: "Változatlan Kft.", taxNumber });
      const before = await knex()("audit_log").count({ n: "*" });
      const saved = await references().organisations.update(manager, id, { name: "Változatlan Kft.", taxNumber: taxNumber.replace(/-/g, ""), version: 1 });
      expect(saved.changed).to.equal(false);
      expect(await knex()("audit_log").count({ n: "*" })).to.deep.equal(before);
      expect((await references().organisations.get(manager, id)).version).to.equal(1);
    });

    it("refuses a tax number another organisation has, on the tax number field, in Hungarian", async () => {
      const taxNumber = nextTaxNumber();
      await references().organisations.create(manager, { name: "Első Kft.", taxNumber });
      expect(await fieldErrors(references().organisations.create(manager, { name: "Második Kft.", taxNumber }))).to.deep.equal({
        taxNumber: "Már létezik szervezet ezzel az adószámmal.",
      });
      const { id } = await references().organisations.create(manager, { name: "Harmadik Kft.", taxNumber: nextTaxNumber() });
      expect(await fieldErrors(references().organisations.update(manager, id, { name: "Harmadik Kft.", taxNumber, version: 1 }))).to.have.keys("taxNumber");
      expect(await knex()("organisations").where({ name: "Második Kft." }).first()).to.equal(undefined);
    });

    it("refuses a second organisation without tax number under one name, on the name field", async () => {
      await references().organisations.create(manager, { name: "Névrokon Egyesület" });
      expect(await fieldErrors(references().organisations.create(manager, { name: "Névrokon Egyesület" }))).to.have.keys("name");
    });

    it("names every field it cannot read: a malformed tax number, a script address, a missing name", async () => {
      const errors = await fieldErrors(references().organisations.create(manager, { name: " ", taxNumber: "123", website: "javascript:alert(1)", email: "nem-email" }));
      expect(errors).to.have.keys("name", "taxNumber", "website", "email");
      expect(errors.taxNumber).to.include("12345678-1-23");
      expect(errors.website).to.include("http");
    });

    it("refuses a save based on an older version, saying who changed what since", async () => {
      const { id } = await references().organisations.create(manager, { name: "Versengő Kft." });
      await references().organisations.update(actor("admin"), id, { name: "Versengő Kft.", address: "Budapest", version: 1 });
      const error = await refusal(ConflictError, references().organisations.update(manager, id, { name: "Versengő Zrt.", version: 1 }));
      expect(error.message).to.include("2. változat");
      expect(error.changes).to.deep.equal([{ version: 2, actor: "admin@example.hu", recordedAt: error.changes[0]!.recordedAt, fields: ["address"] }]);
      expect((await references().organisations.get(manager, id)).name).to.equal("Versengő Kft.");
    });

    for (const role of ["communication", "auditor"] as const) {
      it(`refuses ${role} staff any change, and writes nothing`, async () => {
        const before = await knex()("organisations").count({ n: "*" });
        const error = await refusal(ForbiddenError, references().organisations.create(actor(role), { name: "Tiltott Kft." }));
        expect(error.message).to.include("projektmenedzser");
        expect(await knex()("organisations").count({ n: "*" })).to.deep.equal(before);
      });
    }

    it("shows the projects an organisation takes part in, and how", async () => {
      const doc = projectDoc({ partners: [{ name: "Partner Alapítvány", role: "tag" }] });
      await services(context.db).importer.importDocument(fileOf(doc), "import:test.json");
      const { items } = await references().organisations.list(actor("auditor"), "Partner Alapítvány", { limit: 10, offset: 0 });
      const detail = await references().organisations.detail(actor("auditor"), items[0]!.id);
      expect(detail.projects.items).to.deep.equal([
        { id: detail.projects.items[0]!.id, identifier: doc.identifier, title: doc.title, roles: ["partner"] },
      ]);
    });
  });

  describe("calls", () => {
    it("creates a call from its code as people type it, with the code's programme, audited like the write path's", async () => {
      const { id } = await references().calls.create(manager, { code: "ginop plusz–3.1.1-23.", title: "Vállalkozásfejlesztés", programme: "" });
      const stored = await references().calls.get(manager, id);
      expect(stored).to.deep.include({ code: "GINOP_PLUSZ-3.1.1-23", title: "Vállalkozásfejlesztés", regular: true, version: 1 });
      expect(stored.programme?.code).to.equal("GINOP_PLUSZ");
      const [entry] = await entries("call", stored.uid);
      expect(entry.changes.fields).to.deep.equal({
        code: [null, "GINOP_PLUSZ-3.1.1-23"],
        programme: [null, "GINOP_PLUSZ"],
        title: [null, "Vállalkozásfejlesztés"],
      });
    });

    it("records the programme a new call code brings with it, from the form and from an import alike", async () => {
      await references().calls.create(manager, { code: "HAVE_PLUSZ-1.2.1-23" });
      await services(context.db).importer.importDocument(fileOf(projectDoc({ identifier: null, call: { code: "BBA_PLUSZ-2.1.1-24" } })), "import:test.json");
      for (const [code, actorLabel] of [["HAVE_PLUSZ", manager.label], ["BBA_PLUSZ", "import:test.json"]]) {
        const programme = await knex()("programmes").where({ code }).first("uid");
        const [entry, ...more] = await entries("programme", programme.uid);
        expect(more, code).to.be.empty;
        expect(entry).to.deep.include({ actor: actorLabel, action: "create" });
        expect(entry.changes.fields).to.deep.equal({ code: [null, code], instrument: [null, "cohesion"], name: [null, code], period: [null, "2021-2027"] });
      }
    });

    it("refuses a code another call has, on the code field", async () => {
      await references().calls.create(manager, { code: "EFOP-1.2.3-16" });
      expect(await fieldErrors(references().calls.create(manager, { code: "EFOP-1.2.3-16", title: "Más" }))).to.deep.equal({
        code: "Már létezik felhívás ezzel a kóddal.",
      });
    });

    it("refuses a programme the code contradicts, and a new code its projects' identifiers do not start with", async () => {
      expect(await fieldErrors(references().calls.create(manager, { code: "TOP-1.1.1-15", programme: "EFOP" }))).to.have.keys("programme");
      const doc = projectDoc();
      await services(context.db).importer.importDocument(fileOf(doc), "import:test.json");
      const call = await knex()("calls").where({ code: "GINOP_PLUSZ-1.2.2-22" }).first("id", "version");
      const errors = await fieldErrors(references().calls.update(manager, call.id, { code: "GINOP_PLUSZ-1.2.3-22", version: call.version }));
      expect(errors.code).to.include(doc.identifier as string);
    });
  });

  describe("programmes", () => {
    it("creates and renames a programme, raising its version, each change audited under its uid", async () => {
      const { id } = await references().programmes.create(manager, { code: "teszt plusz", name: "Teszt Program Plusz", period: "2021-2027", instrument: "cohesion" });
      const created = await references().programmes.get(manager, id);
      expect(created).to.include({ code: "TESZT_PLUSZ", version: 1 });
      await references().programmes.update(manager, id, { code: "TESZT_PLUSZ", name: "Teszt Operatív Program Plusz", period: "2021-2027", instrument: "cohesion", version: 1 });
      expect((await references().programmes.get(manager, id)).version).to.equal(2);
      const changes = (await entries("programme", created.uid)).map((e) => [e.action, e.changes.fields]);
      expect(changes).to.deep.equal([
        ["create", { code: [null, "TESZT_PLUSZ"], instrument: [null, "cohesion"], name: [null, "Teszt Program Plusz"], period: [null, "2021-2027"] }],
        ["update", { name: ["Teszt Program Plusz", "Teszt Operatív Program Plusz"] }],
      ]);
    });

    it("refuses an unknown period, a taken code, and a new code for a programme that has calls", async () => {
      const errors = await fieldErrors(references().programmes.create(manager, { code: "KÖFOP", name: "x", period: "1990-1995", instrument: "cohesion" }));
      expect(errors).to.have.keys("period");
      expect(await fieldErrors(references().programmes.create(manager, { code: "kofop", name: "x", period: "2014-2020", instrument: "cohesion" }))).to.deep.equal({
        code: "Már létezik operatív program ezzel a kóddal.",
      });
      await references().calls.create(manager, { code: "KEHOP-1.1.0-15" });
      const kehop = await knex()("programmes").where({ code: "KEHOP" }).first("id", "version", "name");
      const renamed = { code: "KEHOPX", name: kehop.name, period: "2014-2020", instrument: "cohesion", version: kehop.version };
      expect(await fieldErrors(references().programmes.update(manager, kehop.id, renamed))).to.have.keys("code");
    });
  });
});
