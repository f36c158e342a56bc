/** The write path checks every change against the actor's role and projects, field by field. */
import { expect } from "chai";
import { ForbiddenError } from "../../server/errors.js";
import type { Actor, Role } from "../../server/domain/permissions.js";
import { useTestDatabase } from "../helpers/database.js";
import { services } from "../helpers/writes.js";
import { fileOf, projectDoc } from "../factories/projectFile.js";

describe("field-level permissions on the write path", () => {
  const context = useTestDatabase();
  const importer = () => services(context.db).importer;
  let doc: Record<string, unknown>;
  let projectId: number;

  beforeEach(async () => {
    doc = projectDoc({ notices: [{ kind: "indító", title: "Elindult", body: "Elindult a projekt.", publishedAt: "2023-01-10" }] });
    await importer().importDocument(fileOf(doc), "import:setup.json");
    projectId = (await context.db.knex("projects").where({ identifier: doc.identifier }).first("id")).id;
  });

  const actor = (roles: Role[], projects: number[] | null = null): Actor => ({
    label: `user:${roles.join("+")}`,
    userId: null,
    roles,
    projectIds: projects === null ? null : new Set(projects),
  });

  async function refusal(write: Promise<unknown>): Promise<ForbiddenError> {
    try {
      await write;
    } catch (error) {
      if (error instanceof ForbiddenError) return error;
      throw error;
    }
    throw new Error("expected the write to be forbidden");
  }

  it("lets communication staff change the public description and notices", async () => {
    const edited = {
      ...doc,
      summary: "Új, közérthető leírás.",
      notices: [...(doc.notices as object[]), { kind: "tájékoztató", title: "Félidő", body: "Félúton járunk.", publishedAt: null }],
    };
    expect(await importer().importDocument(fileOf(edited), actor(["communication"]))).to.include({ updated: 1 });
    const entry = await context.db.knex("audit_log").orderBy("seq", "desc").first("actor");
    expect(entry.actor).to.equal("user:communication");
  });

  for (const [field, change, label] of [
    ["contracted_grant", () => ({ funding: { ...(doc.funding as object), grant: "1 000 Ft" } }), "szerződött támogatás"],
    ["planned_end_date", () => ({ dates: { plannedEnd: "2030-01-01" } }), "tervezett befejezés"],
    ["deliverable", () => ({ deliverables: [{ title: "Új tanulmány", kind: "tanulmány" }] }), "eredménytermékek"],
  ] as const) {
    it(`refuses communication staff a change of ${field}, naming the field, and writes nothing`, async () => {
      const before = await context.db.knex("audit_log").count({ n: "*" });
      const error = await refusal(importer().importDocument(fileOf({ ...doc, summary: "Más", ...change() }), actor(["communication"])));
      expect(error.field).to.equal(field);
      expect(error.message).to.include(label).and.include("projektmenedzser");
      expect(await context.db.knex("audit_log").count({ n: "*" })).to.deep.equal(before);
      expect((await context.db.knex("projects").where({ id: projectId }).first("summary")).summary).to.equal(doc.summary ?? null);
    });
  }

  it("lets a project manager change funding only on an assigned project", async () => {
    const edited = { ...doc, funding: { ...(doc.funding as object), grant: "1 000 Ft" } };
    await refusal(importer().importDocument(fileOf(edited), actor(["project_manager"], [projectId + 1000])));
    expect(await importer().importDocument(fileOf(edited), actor(["project_manager"], [projectId]))).to.include({ updated: 1 });
  });

  it("refuses a project manager publishing notices and the project, even on an assigned project", async () => {
    const pm = actor(["project_manager"], [projectId]);
    const published = doc.notices as object[];
    const draft = { kind: "tájékoztató", title: "Hír", body: "Hír.", publishedAt: null };
    for (const notices of [
      [...published, { ...draft, publishedAt: "2024-01-01" }], // a new notice published
      [{ ...published[0], body: "Átírva." }], // a published notice reworded
      [], // a published notice deleted
    ]) {
      expect((await refusal(importer().importDocument(fileOf({ ...doc, notices }), pm))).field, JSON.stringify(notices)).to.equal("notice.published_at");
    }
    expect(await importer().importDocument(fileOf({ ...doc, notices: [...published, draft] }), pm), "a draft is theirs to write").to.include({ updated: 1 });
    expect((await refusal(importer().importDocument(fileOf({ ...doc, publishedFrom: "2030-01-01" }), pm))).field).to.equal("published_from");
    expect(await importer().importDocument(fileOf({ ...doc, summary: "A projektmenedzser írta." }), pm)).to.include({ updated: 1 });
  });

  it("refuses auditors every change and communication staff a new project", async () => {
    await refusal(importer().importDocument(fileOf({ ...doc, summary: "Auditor írta" }), actor(["auditor"])));
    await refusal(importer().importDocument(fileOf(projectDoc({ title: "Új projekt" })), actor(["communication"])));
  });

  it("lets nothing but a re-import through for an actor with no rights: unchanged data is no change", async () => {
    expect(await importer().importDocument(fileOf(doc), actor(["auditor"]))).to.include({ unchanged: 1 });
  });
});
