/** Records keep their identity and their history, whatever way data comes in. */
import { systemActor } from "../../server/domain/permissions.js";
import { expect } from "chai";
import { ConflictError, ConstraintError } from "../../server/errors.js";
import type { Database } from "../../server/data/database.js";
import { auditedTransaction } from "../../server/data/auditRepository.js";
import { guarded } from "../../server/data/dbErrors.js";
import { dayInBudapest } from "../../server/domain/dates.js";
import { supportIntensity } from "../../server/domain/money.js";
import { parseProjectFile } from "../../server/projectFile/parse.js";
import { writeProjects } from "../../server/services/projectWriter.js";
import { exportAll, rejection, services } from "../helpers/writes.js";
import { openTestDatabase, useTestDatabase } from "../helpers/database.js";
import { fileOf, projectDoc } from "../factories/projectFile.js";

describe("records with identity and history", () => {
  const context = useTestDatabase();
  const knex = () => context.db.knex;
  const importer = () => services(context.db).importer;
  const auditCount = async () => Number((await knex()("audit_log").count({ n: "*" }))[0]!.n);
  const rowsOf = (table: string, projectUid: string) =>
    knex()(table)
      .join("projects", "projects.id", `${table}.project_id`)
      .where("projects.uid", projectUid)
      .orderBy(`${table}.position`)
      .select(`${table}.id`, `${table}.uid`, `${table}.created_at`, `${table}.updated_at`, `${table}.version`);

  const richProject = () =>
    projectDoc({
      partners: [{ name: "Partner Egyesület", role: "tag", grantShare: "1 000 000 Ft" }],
      milestones: [{ title: "Indulás", dueDate: "2023-01" }, { title: "Átadás", dueDate: "2024-06" }],
      deliverables: [
        { title: "Helyzetfeltáró tanulmány", kind: "Tanulmány", dueDate: "2023-06" },
        { title: "Kézikönyv az ügyintézőknek", kind: "kezikonyv" },
      ],
      events: [{ title: "Regionális konferenciák", kind: "Konferencia", count: 6, held: 2 }],
      procurements: [
        { subject: "Tanácsadás", contractor: { name: "Tanácsadó Kft.", taxNumber: "11111111-2-42" }, method: "nyílt eljárás" },
        { subject: "Nyomdai munkák", contractor: "Nyomda Bt.", method: "KÖZBESZERZÉS" },
      ],
      notices: [{ kind: "indító", title: "Elindult a projekt", body: "A projekt elindult.", publishedAt: "2023-01-10" }],
    });

  async function uidOf(identifier: string): Promise<string> {
    return (await knex()("projects").where({ identifier }).first("uid")).uid;
  }

  it("keeps uids, ids and created_at of unchanged records through a re-import and an edit of one field", async () => {
    const doc = richProject();
    await importer().importDocument(fileOf(doc), "import:first.json");
    const uid = await uidOf(doc.identifier as string);
    const before = {
      deliverables: await rowsOf("deliverables", uid),
      milestones: await rowsOf("milestones", uid),
      partners: await rowsOf("project_partners", uid),
      events: await rowsOf("events", uid),
    };
    const entries = await auditCount();

    const again = await importer().importDocument(fileOf(doc), "import:again.json");
    expect(again).to.include({ unchanged: 1, updated: 0, created: 0 });
    expect(await auditCount(), "an unchanged re-import writes no audit entry").to.equal(entries);

    const edited = structuredClone(doc) as Record<string, any>;
    edited.deliverables[1].dueDate = "2024-03";
    const summary = await importer().importDocument(fileOf(edited), "import:edit.json");
    expect(summary).to.include({ updated: 1 });

    const after = await rowsOf("deliverables", uid);
    expect(after.map((r) => [r.id, r.uid, String(r.created_at)])).to.deep.equal(
      before.deliverables.map((r) => [r.id, r.uid, String(r.created_at)]),
    );
    expect(after[0]!.version, "the untouched deliverable").to.equal(1);
    expect(String(after[0]!.updated_at)).to.equal(String(before.deliverables[0]!.updated_at));
    expect(after[1]!.version, "the edited deliverable").to.equal(2);
    for (const table of ["milestones", "partners", "events"] as const) {
      const now = await rowsOf(table === "partners" ? "project_partners" : table, uid);
      expect(now, table).to.deep.equal(before[table]);
    }

    const [last] = await knex()("audit_log").orderBy("seq", "desc").limit(1);
    expect(last).to.include({ actor: "import:edit.json", action: "update", entity: "project", entity_key: uid, project_version: 2 });
    expect(last.changes.fields).to.deep.equal({});
    expect(last.changes.records).to.deep.equal([
      {
        entity: "deliverable",
        uid: before.deliverables[1]!.uid,
        action: "update",
        fields: { due_date: [null, "2024-03-01"], due_date_precision: [null, "month"] },
      },
    ]);
  });

  it("changes nothing for a list left out, and deletes (recording it) for an empty list", async () => {
    const doc = richProject();
    await importer().importDocument(fileOf(doc), "test");
    const uid = await uidOf(doc.identifier as string);
    const { milestones: _, ...withoutMilestones } = doc;
    expect(await importer().importDocument(fileOf(withoutMilestones), "test")).to.include({ unchanged: 1 });
    expect(await rowsOf("milestones", uid)).to.have.length(2);

    await importer().importDocument(fileOf({ ...doc, milestones: [] }), "import:empty.json");
    expect(await rowsOf("milestones", uid)).to.have.length(0);
    const [last] = await knex()("audit_log").orderBy("seq", "desc").limit(1);
    expect(last.changes.records.map((r: { entity: string; action: string }) => `${r.entity} ${r.action}`)).to.deep.equal([
      "milestone delete",
      "milestone delete",
    ]);
    expect(last.changes.records[0].fields.title).to.deep.equal(["Indulás", null]);
  });

  it("stores Hungarian labels as codes and contractors as organisations, and lists Hungarian values for an unknown one", async () => {
    const doc = richProject();
    await importer().importDocument(fileOf(doc), "test");
    const detail = await services(context.db).projects.get(doc.identifier as string);
    expect(detail.record.deliverables.map((d) => d.kind)).to.deep.equal(["study", "handbook"]);
    expect(detail.record.events[0]).to.include({ kind: "conference", count: 6, held: 2 });
    expect(detail.record.procurements.map((p) => [p.method, p.contractor?.name, p.contractor?.taxNumber])).to.deep.equal([
      ["open", "Tanácsadó Kft.", "11111111-2-42"],
      ["unspecified", "Nyomda Bt.", null],
    ]);
    expect(detail.record.notices[0]!.kind).to.equal("start");

    const errors = await rejection(importer().importDocument(fileOf(projectDoc({ deliverables: [{ title: "X", kind: "poszter" }] })), "test"));
    expect(errors).to.have.length(1);
    expect(errors[0]).to.match(/^projects\[0\]\.deliverables\[0\]\.kind: ismeretlen érték: "poszter"; elfogadott értékek: tanulmány, elemzés/);
    expect(errors[0]).not.to.match(/\bstudy\b|\bhandbook\b/);
  });

  it("refuses an ambiguous match by natural key, naming both places", async () => {
    const doc = projectDoc({ milestones: [{ title: "Beszámoló", dueDate: "2023" }, { title: "Beszámoló", dueDate: "2024" }] });
    await importer().importDocument(fileOf(doc), "test");
    const errors = await rejection(importer().importDocument(fileOf({ ...doc, milestones: [{ title: "Beszámoló", dueDate: "2025" }] }), "test"));
    expect(errors).to.deep.equal([
      "projects[0].milestones[0]: nem egyértelmű, melyik tárolt rekordot jelenti (projects[0].milestones[0] és projects[0].milestones[1] (tárolt) azonos kulccsal): adja meg a rekord uid-ját",
    ]);
  });

  it("matches by external key, so that a newer download of a list updates rather than duplicates", async () => {
    const twin = (key: string, grant: string) =>
      projectDoc({
        identifier: null,
        call: { code: "TOP_PLUSZ-1.2.1-21-PT1" },
        title: "Belterületi utak felújítása",
        beneficiary: { name: "Ikerfalva Község Önkormányzata" },
        externalKeys: [{ source: "palyazat.gov.hu", key }],
        funding: { grant },
      });
    const first = await importer().importDocument(fileOf(twin("1001", "10 000 000 Ft"), twin("1002", "20 000 000 Ft")), "test");
    expect(first).to.include({ created: 2 });
    const second = await importer().importDocument(fileOf(twin("1002", "25 000 000 Ft"), twin("1001", "10 000 000 Ft")), "test");
    expect(second).to.include({ created: 0, updated: 1, unchanged: 1 });
    const grants = await knex()("projects as p")
      .join("project_external_keys as k", "k.project_id", "p.id")
      .where("k.source", "palyazat.gov.hu")
      .orderBy("k.key")
      .select("k.key", "p.grant_amount");
    expect(grants).to.deep.equal([
      { key: "1001", grant_amount: 10_000_000 },
      { key: "1002", grant_amount: 25_000_000 },
    ]);
  });

  it("keeps the contracted figures and puts the latest amendment's in force; amendments round-trip", async () => {
    const doc = projectDoc({
      beneficiary: { name: "Vezető Önkormányzat" },
      partners: [
        { name: "Vezető Önkormányzat", role: "lead", grantShare: "60 000 000 Ft" },
        { name: "Társ Egyesület", role: "member", grantShare: "25 000 000 Ft" },
      ],
      funding: { totalCost: "100 000 000 Ft", grant: "85 000 000 Ft", ownContribution: "15 000 000 Ft" },
      amendments: [
        {
          effectiveDate: "2024-05-02",
          reference: "2. számú szerződésmódosítás",
          grant: "90 000 000 Ft",
          ownContribution: "10 000 000 Ft",
          partnerShares: [{ name: "Társ Egyesület", grantShare: "30 000 000 Ft" }],
        },
        { effectiveDate: "2023-11-20", reference: "1. számú szerződésmódosítás", reason: "Árváltozás", totalCost: "110 000 000 Ft", grant: "95 000 000 Ft" },
      ],
    });
    await importer().importDocument(fileOf(doc), "test");
    const detail = await services(context.db).projects.get(doc.identifier as string);
    expect(detail.record.funding).to.include({ totalCost: 100_000_000, grant: 85_000_000, ownContribution: 15_000_000 });
    expect(detail.currentFunding).to.deep.equal({ totalCost: 110_000_000, grant: 90_000_000, ownContribution: 10_000_000 });
    expect(supportIntensity(detail.currentFunding)).to.equal(81.82);
    expect(detail.record.partners.map((p) => p.grantShare), "as contracted").to.deep.equal([60_000_000, 25_000_000]);
    expect(detail.partnersInForce.map((p) => p.grantShare), "in force").to.deep.equal([60_000_000, 30_000_000]);
    expect(detail.findings.map((f) => f.code)).not.to.include("partner_shares_mismatch");

    const exported = (await exportAll(context.db)).projects.find((p) => p.identifier === doc.identifier)!;
    expect(exported.amendments.map((a) => [a.reference, a.effectiveDate, a.grant])).to.deep.equal([
      ["2. számú szerződésmódosítás", "2024-05-02", 90_000_000],
      ["1. számú szerződésmódosítás", "2023-11-20", 95_000_000],
    ]);
    const empty = await openTestDatabase();
    try {
      await services(empty).importer.importDocument({ projects: [exported] }, "test");
      const [again] = (await exportAll(empty)).projects;
      expect(again).to.deep.equal(exported);
    } finally {
      await empty.close();
    }
  });

  it("stores http(s) links on deliverables and notices, and refuses any other", async () => {
    const doc = projectDoc({
      deliverables: [{ title: "Kézikönyv", kind: "kézikönyv", links: [{ title: "Letöltés (PDF)", url: "https://example.hu/kezikonyv.pdf" }] }],
      notices: [{ kind: "záró", title: "Lezárult", body: "…", publishedAt: "2024-01-10", links: [{ title: "Galéria", url: "http://example.hu/galeria" }] }],
    });
    await importer().importDocument(fileOf(doc), "test");
    const detail = await services(context.db).projects.get(doc.identifier as string);
    expect(detail.record.deliverables[0]!.links).to.deep.equal([{ title: "Letöltés (PDF)", url: "https://example.hu/kezikonyv.pdf" }]);
    expect(detail.record.notices[0]!.links).to.deep.equal([{ title: "Galéria", url: "http://example.hu/galeria" }]);
    expect(await importer().importDocument(fileOf(doc), "test")).to.include({ unchanged: 1 });
    const errors = await rejection(
      importer().importDocument(fileOf(projectDoc({ deliverables: [{ title: "X", links: [{ title: "x", url: "javascript:alert(1)" }] }] })), "test"),
    );
    expect(errors).to.deep.equal(["projects[0].deliverables[0].links[0].url: nem webcím: http:// vagy https:// kezdetű cím kell"]);
  });

  it("refuses two titles for one call in one file, naming both places, instead of renaming it back and forth", async () => {
    const call = (title: string) => ({ identifier: null, call: { code: "EFOP_PLUSZ-3.1.1-24", title } });
    const errors = await rejection(
      importer().importDocument(fileOf(projectDoc(call("Képzési programok")), projectDoc(call("Képzési programok II."))), "test"),
    );
    expect(errors).to.deep.equal([
      'projects[1].call.title: "Képzési programok II." ellentmond a(z) projects[0].call.title értékének ("Képzési programok") ugyanennél a felhívásnál',
    ]);
  });

  it("hands the consortium lead over in place, whatever the order of the list", async () => {
    const a = { name: "Első Önkormányzat" };
    const b = { name: "Második Önkormányzat" };
    const doc = projectDoc({ beneficiary: a, partners: [{ ...a, role: "lead" }, { ...b, role: "member" }] });
    await importer().importDocument(fileOf(doc), "test");
    const summary = await importer().importDocument(
      fileOf({ ...doc, beneficiary: b, partners: [{ ...b, role: "lead" }, { ...a, role: "member" }] }),
      "test",
    );
    expect(summary).to.include({ updated: 1 });
    const detail = await services(context.db).projects.get(doc.identifier as string);
    expect(detail.record.partners.map((p) => [p.organisation.name, p.role])).to.deep.equal([
      ["Második Önkormányzat", "lead"],
      ["Első Önkormányzat", "member"],
    ]);
  });

  it("gives a project stored without an identifier the identifier it gets later, instead of duplicating it", async () => {
    const known = { call: { code: "TOP_PLUSZ-3.3.1-21-BA1" }, title: "Orvosi rendelő felújítása", beneficiary: { name: "Rendelőfalva Önkormányzata" } };
    await importer().importDocument(fileOf(projectDoc({ ...known, identifier: null })), "test");
    const summary = await importer().importDocument(fileOf(projectDoc({ ...known, identifier: "TOP_PLUSZ-3.3.1-21-BA1-2022-00031" })), "test");
    expect(summary).to.include({ created: 0, updated: 1 });
    const stored = await knex()("projects").where({ title: known.title }).select("identifier");
    expect(stored).to.deep.equal([{ identifier: "TOP_PLUSZ-3.3.1-21-BA1-2022-00031" }]);
  });

  it("refuses to give one stored organisation two different tax numbers", async () => {
    await importer().importDocument(fileOf(projectDoc({ beneficiary: { name: "Közös Kft." } })), "test");
    const errors = await rejection(
      importer().importDocument(
        fileOf(
          projectDoc({ beneficiary: { name: "Közös Kft.", taxNumber: "11111111-2-41" } }),
          projectDoc({ beneficiary: { name: "Közös Kft.", taxNumber: "22222222-2-41" } }),
        ),
        "test",
      ),
    );
    expect(errors).to.have.length(1);
    expect(errors[0]).to.match(/^projects\[1\]\.beneficiary: ugyanazt a nyilvántartott "Közös Kft\." szervezetet jelenti, mint projects\[0\]\.beneficiary, de más adószámmal/);
    expect(await knex()("organisations").where({ name: "Közös Kft." }).select("tax_number")).to.deep.equal([{ tax_number: null }]);
  });

  it("refuses to bring back a record deleted while the writer was editing it", async () => {
    const doc = projectDoc({ milestones: [{ title: "Átadás", dueDate: "2024" }] });
    await importer().importDocument(fileOf(doc), "test");
    const [milestone] = await rowsOf("milestones", await uidOf(doc.identifier as string));
    await importer().importDocument(fileOf({ ...doc, milestones: [] }), "test");
    const base = parseProjectFile(fileOf(doc)).inputs[0]!;
    const stale = { uid: milestone!.uid as string, version: 1, title: "Átadás", dueDate: null, achievedDate: null };
    let refused: unknown;
    try {
      await auditedTransaction(knex(), (trx, audit) =>
        writeProjects({ trx, audit, actor: systemActor("user:anna"), today: dayInBudapest(new Date()), closing: "checklist" }, [{ ...base, record: { ...base.record, milestones: [stale] } }]),
      );
    } catch (error) {
      refused = error;
    }
    expect(refused).to.be.instanceOf(ConflictError);
    expect(await rowsOf("milestones", await uidOf(doc.identifier as string))).to.have.length(0);
  });

  it("refuses a write based on an old version, saying what changed meanwhile", async () => {
    const doc = projectDoc();
    await importer().importDocument(fileOf(doc), "test");
    const { inputs } = parseProjectFile(fileOf(doc));
    const base = inputs[0]!;
    const version = (await knex()("projects").where({ identifier: doc.identifier }).first("version")).version as number;
    const write = (actor: string, title: string) =>
      auditedTransaction(knex(), (trx, audit) =>
        writeProjects({ trx, audit, actor: systemActor(actor), today: dayInBudapest(new Date()), closing: "checklist" }, [
          { ...base, record: { ...base.record, title }, expectedVersion: version },
        ]),
      );
    const results = await Promise.allSettled([write("user:anna", "Anna címe"), write("user:bela", "Béla címe")]);
    const fulfilled = results.filter((r) => r.status === "fulfilled");
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(fulfilled).to.have.length(1);
    expect(rejected).to.have.length(1);
    const conflict = rejected[0]!.reason;
    expect(conflict).to.be.instanceOf(ConflictError);
    const winner = results[0]!.status === "fulfilled" ? "user:anna" : "user:bela";
    expect((conflict as ConflictError).changes).to.have.length(1);
    expect((conflict as ConflictError).changes[0]).to.include({ version: version + 1, actor: winner });
    expect((conflict as ConflictError).changes[0]!.fields).to.deep.equal(["title"]);
    expect((conflict as Error).message).to.contain(`${version}. változatra épülő módosítás`).and.to.contain(winner);
  });

  describe("the audit log", () => {
    it("refuses UPDATE, DELETE and TRUNCATE in the database itself", async () => {
      await importer().importDocument(fileOf(projectDoc()), "test");
      for (const write of [
        () => knex()("audit_log").update({ actor: "mallory" }),
        () => knex()("audit_log").del(),
        () => knex().raw("truncate audit_log"),
      ]) {
        let refused: unknown;
        try {
          await guarded(write);
        } catch (error) {
          refused = error;
        }
        expect(refused, "the write should be refused").to.exist;
        expect(refused).not.to.be.instanceOf(ConstraintError);
        expect(String((refused as Error).message)).to.contain("append-only");
      }
      expect(await auditCount()).to.be.greaterThan(0);
    });

    it("verifies a whole chain", async () => {
      const report = await services(context.db).audit.verify();
      expect(report.firstBreak).to.equal(null);
      expect(report.entries).to.equal(await auditCount());
    });
  });
});

/** Tampering needs the triggers off, as only the database owner could do; each case gets its own database. */
describe("audit:verify finds tampering", () => {
  let db: Database;
  beforeEach(async function () {
    this.timeout(120_000);
    db = await openTestDatabase();
    const importer = services(db).importer;
    for (let i = 0; i < 4; i++) await importer.importDocument(fileOf(projectDoc()), `import:${i}.json`);
    await db.knex.raw("alter table audit_log disable trigger user");
  });
  afterEach(async () => db.close());

  const verify = () => services(db).audit.verify();

  it("an altered entry", async () => {
    await db.knex("audit_log").where({ seq: 3 }).update({ actor: "mallory" });
    expect((await verify()).firstBreak).to.deep.include({ seq: 3, reason: "altered" });
  });

  it("an entry deleted and inserted again", async () => {
    const columns = "seq, recorded_at, actor, action, entity, entity_key, project_uid, project_version, changes, prev_hash, hash";
    await db.knex.raw(`create temporary table saved as select ${columns} from audit_log where seq = 2`);
    await db.knex("audit_log").where({ seq: 2 }).del();
    await db.knex.raw(`insert into audit_log (${columns}) select ${columns} from saved`);
    expect((await verify()).firstBreak).to.deep.include({ seq: 2, reason: "out_of_order" });
  });

  it("two entries swapped", async () => {
    const rows = await db.knex("audit_log").whereIn("seq", [2, 3]).orderBy("seq").select("id", "seq");
    await db.knex("audit_log").where({ id: rows[0].id }).update({ seq: 999_999 });
    await db.knex("audit_log").where({ id: rows[1].id }).update({ seq: 2 });
    await db.knex("audit_log").where({ id: rows[0].id }).update({ seq: 3 });
    const report = await verify();
    expect(report.firstBreak?.seq).to.equal(2);
    expect(report.firstBreak?.reason).to.be.oneOf(["out_of_order", "broken_link"]);
  });

  it("a deleted entry", async () => {
    await db.knex("audit_log").where({ seq: 2 }).del();
    expect((await verify()).firstBreak).to.deep.include({ seq: 3, reason: "sequence_gap" });
  });

  it("entries cut from the end", async () => {
    const last = await db.knex("audit_log").max({ seq: "seq" }).first();
    await db.knex("audit_log").where({ seq: last!.seq }).del();
    expect((await verify()).firstBreak?.reason).to.equal("head_mismatch");
  });
});
