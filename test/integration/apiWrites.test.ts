/** The API's writes: tokens only, the owner's rights and name, the forms' validation and version checks. */
import { expect } from "chai";
import { routeTable } from "../../server/routes/routeTable.js";
import { testApp } from "../helpers/app.js";
import { useTestDatabase } from "../helpers/database.js";
import { signedIn } from "../helpers/session.js";
import { fileOf, projectDoc } from "../factories/projectFile.js";

describe("API writes", () => {
  const context = useTestDatabase();
  let app: ReturnType<typeof testApp>;
  let key: string;
  let projectId: number;

  async function tokenFor(roles: Parameters<typeof signedIn>[1]["roles"], projects: number[] = []) {
    const user = await signedIn(app, { roles, projects });
    return { ...user, token: await app.services.accounts.createToken(user.userId, "teszt") };
  }
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeEach(async () => {
    app = testApp(context.db);
    const doc = projectDoc({ summary: "Eredeti leírás." });
    await app.services.importer.importDocument(fileOf(doc), "import:setup.json");
    key = doc.identifier as string;
    projectId = (await context.db.knex("projects").where({ identifier: key }).first("id")).id;
  });

  const document = async (token: string) =>
    (await app.request.get(`/api/v1/projects/${encodeURIComponent(key)}/document`).set(auth(token)).expect(200)).body;

  it("adds a milestone as the token's owner, audited under the owner's name", async () => {
    const pm = await tokenFor(["project_manager"], [projectId]);
    const res = await app.request
      .post(`/api/v1/projects/${encodeURIComponent(key)}/records/milestones`)
      .set(auth(pm.token))
      .send({ record: { title: "Záró konferencia", dueDate: "2026. március 31." } })
      .expect(201);
    expect(res.body).to.include({ key, id: projectId, version: 2 });
    const doc = await document(pm.token);
    expect(doc.document.milestones).to.have.length(1);
    expect(doc.document.milestones[0]).to.include({ title: "Záró konferencia", dueDate: "2026-03-31" });
    const entry = await context.db.knex("audit_log").orderBy("seq", "desc").first("actor");
    expect(entry.actor).to.equal(pm.email);
  });

  it("refuses a stale project version with 409, listing what changed meanwhile", async () => {
    const pm = await tokenFor(["project_manager"], [projectId]);
    const path = `/api/v1/projects/${encodeURIComponent(key)}`;
    await app.request.patch(path).set(auth(pm.token)).send({ version: 1, changes: { summary: "Első." } }).expect(200);
    const stale = await app.request.patch(path).set(auth(pm.token)).send({ version: 1, changes: { summary: "Második." } }).expect(409);
    expect(stale.body.error.changes).to.have.length(1);
    expect(stale.body.error.changes[0]).to.include({ version: 2, actor: pm.email });
    expect((await document(pm.token)).document.summary).to.equal("Első.");
  });

  it("updates and deletes a record only at the version the writer names", async () => {
    const pm = await tokenFor(["project_manager"], [projectId]);
    const base = `/api/v1/projects/${encodeURIComponent(key)}/records/deliverables`;
    const { recordUid } = (await app.request.post(base).set(auth(pm.token)).send({ record: { title: "Tanulmány", kind: "tanulmány" } }).expect(201)).body;
    await app.request.patch(`${base}/${recordUid}`).set(auth(pm.token)).send({ version: 1, changes: { deliveredDate: "2025-05-01" } }).expect(200);
    await app.request.delete(`${base}/${recordUid}?version=1`).set(auth(pm.token)).expect(409);
    await app.request.delete(`${base}/${recordUid}?version=2`).set(auth(pm.token)).expect(200);
    expect((await document(pm.token)).document.deliverables).to.deep.equal([]);
  });

  it("records an amendment whose figures are then in force", async () => {
    const pm = await tokenFor(["project_manager"], [projectId]);
    await app.request
      .post(`/api/v1/projects/${encodeURIComponent(key)}/amendments`)
      .set(auth(pm.token))
      .send({ record: { effectiveDate: "2024-02-01", reference: "1. számú szerződésmódosítás", grant: "8 000 000 Ft", totalCost: "11 000 000 Ft" } })
      .expect(201);
    const { body } = await app.request.get(`/api/v1/projects/${encodeURIComponent(key)}`).expect(200);
    expect(body.funding.grant).to.equal(8_000_000);
    expect(body.funding.contracted.grant).to.equal(7_000_000);
  });

  it("answers bad input with 400 naming each field in Hungarian", async () => {
    const pm = await tokenFor(["project_manager"], [projectId]);
    const res = await app.request
      .post(`/api/v1/projects/${encodeURIComponent(key)}/records/milestones`)
      .set(auth(pm.token))
      .send({ record: { dueDate: "jövő kedden" }, extra: 1 })
      .expect(400);
    const fields = res.body.error.details.map((d: { field: string }) => d.field);
    expect(fields).to.include("extra");
    await app.request.post(`/api/v1/projects/${encodeURIComponent(key)}/records/poszterek`).set(auth(pm.token)).send({ record: {} }).expect(400);
    const broken = await app.request.patch(`/api/v1/projects/${encodeURIComponent(key)}`).set(auth(pm.token)).set("Content-Type", "application/json").send("{nem json").expect(400);
    expect(broken.body.error.message).to.equal("A kérés törzse nem érvényes JSON.");
  });

  it("refuses a field the role may not change with 403 naming it, and a project not assigned", async () => {
    const communication = await tokenFor(["communication"]);
    const path = `/api/v1/projects/${encodeURIComponent(key)}`;
    const res = await app.request.patch(path).set(auth(communication.token)).send({ version: 1, changes: { funding: { grant: "1 Ft" } } }).expect(403);
    expect(res.body.error.field).to.equal("contracted_grant");
    await app.request.patch(path).set(auth(communication.token)).send({ version: 1, changes: { summary: "Közérthetőbben." } }).expect(200);
    const stranger = await tokenFor(["project_manager"], []);
    await app.request.patch(path).set(auth(stranger.token)).send({ version: 2, changes: { summary: "Idegen." } }).expect(403);
    const auditor = await tokenFor(["auditor"]);
    await app.request.patch(path).set(auth(auditor.token)).send({ version: 2, changes: { summary: "Ellenőr." } }).expect(403);
  });

  it("creates a project and assigns the project manager who created it", async () => {
    const pm = await tokenFor(["project_manager"]);
    const doc = projectDoc({ title: "Új projekt az API-n" });
    const res = await app.request.post("/api/v1/projects").set(auth(pm.token)).send(doc).expect(201);
    expect(res.headers.location).to.equal(`/api/v1/projects/${encodeURIComponent(res.body.key)}`);
    await app.request.patch(`/api/v1/projects/${encodeURIComponent(res.body.key)}`).set(auth(pm.token)).send({ version: 1, changes: { summary: "Saját." } }).expect(200);
  });

  it("never takes the session cookie for a write", async () => {
    const { agent } = await signedIn(app, { roles: ["admin"] });
    await agent.patch(`/api/v1/projects/${encodeURIComponent(key)}`).send({ version: 1, changes: { summary: "Sütivel." } }).expect(401);
  });

  it("documents every API route in the OpenAPI document", async () => {
    const { body } = await app.request.get("/api/v1/openapi.json").expect(200);
    expect(body.openapi).to.equal("3.0.3");
    const documented = new Set(
      Object.entries(body.paths as Record<string, object>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)),
    );
    const served = routeTable(app.app)
      .filter((r) => r.path.startsWith("/api/v1/") && r.path !== "/api/v1/openapi.json")
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, "{$1}")}`);
    expect(served.filter((r) => !documented.has(r))).to.deep.equal([]);
    expect(body.components.schemas.Project.properties.title).to.include({ type: "string" });
    const page = await app.request.get("/api").expect(200);
    expect(page.text).to.include("/api/v1/projects/{key}/records/{list}");
  });
});
