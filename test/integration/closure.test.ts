/** Closing a project: the checklist on the staff page, the one write path's refusal, an admin's written reason, historic imports. */
import * as cheerio from "cheerio";
import { expect } from "chai";
import { testApp } from "../helpers/app.js";
import { useTestDatabase } from "../helpers/database.js";
import { signedIn } from "../helpers/session.js";
import { fileOf, projectDoc } from "../factories/projectFile.js";

/** A project that meets every item of the closure checklist. */
const readyToClose = (overrides: Record<string, unknown> = {}) =>
  projectDoc({
    status: "completed",
    publishedFrom: "2023-01-01",
    funding: { totalCost: "10 000 000 Ft", grant: "7 000 000 Ft", ownContribution: "3 000 000 Ft", grantPaid: "6 900 000 Ft" },
    dates: { start: "2023-01-01", plannedEnd: "2025-03-31", actualEnd: "2025-06-30" },
    deliverables: [
      { title: "Helyzetfeltáró tanulmány", kind: "tanulmány", deliveredDate: "2025-05-01" },
      { title: "Módszertani kézikönyv", kind: "kézikönyv", notDeliveredReason: "A megrendelő a módosításban elhagyta." },
    ],
    events: [{ title: "Regionális konferenciák", kind: "konferencia", count: 6, held: 6 }],
    indicators: [{ name: "Képzett munkatársak", unit: "fő", baseline: 0, target: 100, achieved: 120 }],
    notices: [{ kind: "closing", title: "Lezárult a projekt", body: "A projekt sikeresen lezárult.", publishedAt: "2025-07-10" }],
    ...overrides,
  });

/** A project that fails every item. */
const notReady = () =>
  projectDoc({
    status: "in_progress",
    publishedFrom: null,
    dates: { start: "2023-01-01", plannedEnd: "2025-03-31" },
    deliverables: [{ title: "Helyzetfeltáró tanulmány", kind: "tanulmány" }],
    events: [{ title: "Regionális konferenciák", kind: "konferencia", count: 6, held: 4 }],
    indicators: [{ name: "Képzett munkatársak", unit: "fő", target: 100 }],
    notices: [{ kind: "closing", title: "Lezárult a projekt", body: "Piszkozat.", publishedAt: null }],
  });

const ITEMS = ["actual_end", "final_figures", "deliverables", "events", "indicators", "closing_notice", "public_page"];

describe("closing a project", () => {
  const context = useTestDatabase();
  let app: ReturnType<typeof testApp>;
  let ready: string;
  let bare: string;
  let readyId: number;
  let bareId: number;

  const idOf = async (identifier: string) => (await context.db.knex("projects").where({ identifier }).first("id")).id as number;
  const statusOf = async (identifier: string) => (await context.db.knex("projects").where({ identifier }).first("status")).status as string;
  const page = (key: string) => `/kezelo/projektek/${encodeURIComponent(key)}`;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeEach(async () => {
    app = testApp(context.db);
    const a = readyToClose();
    const b = notReady();
    await app.services.importer.importDocument(fileOf(a, b), "import:setup.json");
    ready = a.identifier as string;
    bare = b.identifier as string;
    readyId = await idOf(ready);
    bareId = await idOf(bare);
  });

  describe("the checklist on the staff project page", () => {
    it("passes every item of a project ready to close", async () => {
      const { agent } = await signedIn(app, { roles: ["auditor"] });
      const $ = cheerio.load((await agent.get(page(ready)).expect(200)).text);
      expect($("section.closure").attr("data-closure")).to.equal("passed");
      expect($(".closure-item").map((_, el) => $(el).attr("data-item")).get()).to.deep.equal(ITEMS);
      expect($(".closure-item.closure-passed")).to.have.length(ITEMS.length);
      expect($("section.closure").text()).to.contain("Minden zárási feltétel teljesül");
    });

    it("fails each item of a project not ready, saying what is missing with a link to the form that fixes it", async () => {
      const { agent } = await signedIn(app, { roles: ["admin"] });
      const $ = cheerio.load((await agent.get(page(bare)).expect(200)).text);
      expect($("section.closure").attr("data-closure")).to.equal("failed");
      expect($(".closure-item.closure-failed").map((_, el) => $(el).attr("data-item")).get()).to.deep.equal(ITEMS);
      const problem = (item: string) => $(`.closure-item[data-item="${item}"] li`);
      const base = page(bare);
      expect(problem("actual_end").text()).to.contain("A tényleges befejezés dátuma nincs megadva.");
      expect(problem("actual_end").find("a").attr("href")).to.equal(`${base}/szerkesztes#field-dates-actualEnd`);
      expect(problem("final_figures").text()).to.contain("A kifizetett támogatás nincs megadva.");
      expect(problem("final_figures").find("a").attr("href")).to.equal(`${base}/szerkesztes#field-funding-grantPaid`);
      expect(problem("deliverables").text()).to.contain("„Helyzetfeltáró tanulmány”: nem készült el, és nincs megadva, miért nem.");
      expect(problem("events").text()).to.contain("„Regionális konferenciák”: 6 tervezett alkalomból 4 volt meg.");
      expect(problem("indicators").text()).to.contain("„Képzett munkatársak”: az elért érték nincs megadva.");
      expect(problem("closing_notice").text()).to.contain("A záró közlemény még nincs közzétéve.");
      expect(problem("public_page").text()).to.contain("nincs nyilvános oldala");
      expect(problem("public_page").find("a").attr("href")).to.equal(`${base}/szerkesztes#field-publishedFrom`);
      // Every link opens the form that fixes it.
      for (const item of ["deliverables", "events", "indicators", "closing_notice"]) {
        const href = problem(item).find("a").attr("href")!;
        expect(href).to.match(new RegExp(`^${base}/(eredmenytermekek|rendezvenyek|indikatorok|kozlemenyek)/[0-9a-f-]{36}$`));
        await agent.get(href).expect(200);
      }
      const edit = cheerio.load((await agent.get(`${base}/szerkesztes`).expect(200)).text);
      for (const id of ["field-dates-actualEnd", "field-funding-grantPaid", "field-publishedFrom"]) expect(edit(`#${id}`)).to.have.length(1);
    });
  });

  describe("through the form", () => {
    it("is refused for a project that fails the checklist, naming what is missing, with the form kept", async () => {
      const pm = await signedIn(app, { roles: ["project_manager"], projects: [bareId] });
      const res = await pm.agent.post(`${page(bare)}/szerkesztes`).type("form").send({ _csrf: pm.csrfToken, version: 1, status: "closed" }).expect(400);
      const $ = cheerio.load(res.text);
      expect($("title").text()).to.match(/^Hiba:/);
      const summary = $(".error-summary").text();
      for (const label of ["Tényleges befejezés", "Végleges pénzügyi adatok", "Eredménytermékek", "Rendezvények", "Indikátorok", "Záró közlemény", "Nyilvános projektoldal"]) {
        expect(summary).to.contain(label);
      }
      expect(summary).to.contain("csak adminisztrátor zárhatja le");
      expect($(".error-summary a[href='#field-status']")).to.have.length.above(0);
      expect($("#field-status").val()).to.equal("closed");
      expect(await statusOf(bare)).to.equal("in_progress");
    });

    it("closes a project that passes the checklist", async () => {
      const pm = await signedIn(app, { roles: ["project_manager"], projects: [readyId] });
      await pm.agent.post(`${page(ready)}/szerkesztes`).type("form").send({ _csrf: pm.csrfToken, version: 1, status: "closed" }).expect(303);
      expect(await statusOf(ready)).to.equal("closed");
    });

    it("is refused for an admin without a reason, and allowed with one, which the audit entry holds", async () => {
      const admin = await signedIn(app, { roles: ["admin"] });
      const refused = await admin.agent.post(`${page(bare)}/szerkesztes`).type("form").send({ _csrf: admin.csrfToken, version: 1, status: "closed" }).expect(400);
      expect(cheerio.load(refused.text)(".error-summary a[href='#field-closureReason']").text()).to.contain("Lezárás indoklása");
      const reason = "A kedvezményezett megszűnt; a hiányzó adatok nem pótolhatók (ÁFK-123/2026).";
      await admin.agent
        .post(`${page(bare)}/szerkesztes`)
        .type("form")
        .send({ _csrf: admin.csrfToken, version: 1, status: "closed", closureReason: reason })
        .expect(303);
      expect(await statusOf(bare)).to.equal("closed");
      const entry = await context.db.knex("audit_log").orderBy("seq", "desc").first("actor", "changes");
      const changes = typeof entry.changes === "string" ? JSON.parse(entry.changes) : entry.changes;
      expect(entry.actor).to.equal(admin.email);
      expect(changes.fields.status).to.deep.equal(["in_progress", "closed"]);
      expect(changes.fields.closure_reason).to.deep.equal([null, reason]);
      // Closed, it shows its unmet items as findings and its reason on the page.
      const $ = cheerio.load((await admin.agent.get(page(bare)).expect(200)).text);
      expect($(".closure-reason").text()).to.contain(reason);
      expect($('.finding[data-code="closure_item_unmet"]')).to.have.length(5);
    });

    it("does not let anyone but an admin write the reason", async () => {
      const pm = await signedIn(app, { roles: ["project_manager"], projects: [bareId] });
      const res = await pm.agent
        .post(`${page(bare)}/szerkesztes`)
        .type("form")
        .send({ _csrf: pm.csrfToken, version: 1, status: "closed", closureReason: "Mert így döntöttünk." })
        .expect(403);
      expect(res.text).to.contain("admin");
      expect(await statusOf(bare)).to.equal("in_progress");
    });
  });

  describe("through the API", () => {
    async function tokenFor(roles: Parameters<typeof signedIn>[1]["roles"], projects: number[] = []) {
      const user = await signedIn(app, { roles, projects });
      return { ...user, token: await app.services.accounts.createToken(user.userId, "teszt") };
    }

    it("answers 400 with JSON listing the unmet items", async () => {
      const pm = await tokenFor(["project_manager"], [bareId]);
      const res = await app.request.patch(`/api/v1/projects/${encodeURIComponent(bare)}`).set(auth(pm.token)).send({ version: 1, changes: { status: "closed" } }).expect(400);
      expect(res.body.error.unmetClosureItems).to.deep.equal(ITEMS);
      const messages = (res.body.error.details as Array<{ field: string; message: string }>).map((d) => d.message);
      expect(messages.find((m) => m.includes("Eredménytermékek"))).to.contain("„Helyzetfeltáró tanulmány”");
      expect(res.body.error.details[0].field).to.equal("status");
      expect(await statusOf(bare)).to.equal("in_progress");
    });

    it("closes for an admin who gives the reason, and for anyone when the checklist passes", async () => {
      const admin = await tokenFor(["admin"]);
      await app.request.patch(`/api/v1/projects/${encodeURIComponent(bare)}`).set(auth(admin.token)).send({ version: 1, changes: { status: "closed" } }).expect(400);
      await app.request
        .patch(`/api/v1/projects/${encodeURIComponent(bare)}`)
        .set(auth(admin.token))
        .send({ version: 1, changes: { status: "closed", closureReason: "Történeti projekt, az iratok elvesztek." } })
        .expect(200);
      expect(await statusOf(bare)).to.equal("closed");
      const pm = await tokenFor(["project_manager"], [readyId]);
      await app.request.patch(`/api/v1/projects/${encodeURIComponent(ready)}`).set(auth(pm.token)).send({ version: 1, changes: { status: "closed" } }).expect(200);
      expect(await statusOf(ready)).to.equal("closed");
    });
  });

  describe("an import of historic projects", () => {
    it("brings a closed project that fails the checklist, its unmet items shown as findings", async () => {
      const historic: Record<string, unknown> = { ...notReady(), status: "closed" };
      const summary = await app.services.importer.importDocument(fileOf(historic), "import:historic.json");
      expect(summary.created).to.equal(1);
      const { agent } = await signedIn(app, { roles: ["auditor"] });
      const $ = cheerio.load((await agent.get(page(historic.identifier as string)).expect(200)).text);
      const codes = $(".finding").map((_, el) => $(el).attr("data-code")).get();
      expect(codes).to.include.members(["actual_end_missing", "closing_notice_missing"]);
      const unmet = $('.finding[data-code="closure_item_unmet"]').map((_, el) => $(el).text()).get().join("\n");
      for (const label of ["Végleges pénzügyi adatok", "Eredménytermékek", "Rendezvények", "Indikátorok", "Nyilvános projektoldal"]) {
        expect(unmet).to.contain(label);
      }
    });
  });
});
