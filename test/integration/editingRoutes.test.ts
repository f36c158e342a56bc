/** The edit forms over HTTP, signed in as each role: refused saves come back with what was typed. */
import { expect } from "chai";
import * as cheerio from "cheerio";
import { ADMIN_FIELDS } from "../../server/domain/permissions.js";
import { fieldsOf, PROJECT_FORM } from "../../server/presenters/editForms.js";
import { fieldId } from "../../server/presenters/editFormView.js";
import { testApp } from "../helpers/app.js";
import { useTestDatabase } from "../helpers/database.js";
import { signedIn, type SignedIn } from "../helpers/session.js";
import { fileOf, projectDoc } from "../factories/projectFile.js";

const PAYLOAD = `"><script>alert(1)</script>`;

describe("edit forms over HTTP", () => {
  const context = useTestDatabase();
  let app: ReturnType<typeof testApp>;
  let key: string;
  let projectId: number;
  let pm: SignedIn;

  before(async () => {
    app = testApp(context.db);
  });

  beforeEach(async () => {
    const doc = projectDoc({
      milestones: [{ title: "Nyitás", dueDate: "2023-03-01" }, { title: "Zárás", dueDate: "2024-03-01", achievedDate: "2024-02-20" }],
      deliverables: [{ title: "Tanulmány", kind: "tanulmány" }],
    });
    await app.services.importer.importDocument(fileOf(doc), "import:setup.json");
    key = doc.identifier as string;
    projectId = (await context.db.knex("projects").where({ identifier: key }).first("id")).id;
    pm = await signedIn(app, { roles: ["project_manager"], projects: [projectId] });
  });

  const editPath = () => `/kezelo/projektek/${key}/szerkesztes`;
  const stored = () => app.services.projects.get(key);
  /** The project form as shown, every field as it stands, with `changes` over it. */
  async function projectForm(who: SignedIn, changes: Record<string, string>) {
    const $ = cheerio.load((await who.agent.get(editPath()).expect(200)).text);
    const body: Record<string, string> = {};
    $("form[method=post] input:not([type=checkbox]), form[method=post] textarea, form[method=post] select").each((_, el) => {
      const name = $(el).attr("name");
      if (name) body[name] = ($(el).is("textarea") ? $(el).text() : ($(el).val() as string)) ?? "";
    });
    return { ...body, _csrf: who.csrfToken, ...changes };
  }

  it("labels every field, links each to its hint, and carries the CSRF token", async () => {
    const $ = cheerio.load((await pm.agent.get(editPath()).expect(200)).text);
    expect($("input[name=_csrf]").val()).to.equal(pm.csrfToken);
    const inputs = $("form[method=post] :is(input, select, textarea):not([type=hidden])");
    expect(inputs.length).to.be.greaterThan(20);
    inputs.each((_, el) => {
      expect($(`label[for="${$(el).attr("id")}"]`).length, $(el).attr("name")).to.equal(1);
      for (const id of ($(el).attr("aria-describedby") ?? "").split(" ").filter(Boolean)) expect($(`#${id}`).length).to.equal(1);
    });
    expect($("script").length).to.equal(0);
  });

  it("saves and comes back with a confirmation", async () => {
    const res = await pm.agent.post(editPath()).type("form").send(await projectForm(pm, { title: "Új cím", "funding.grant": "7 500 000 Ft" })).expect(303);
    expect(res.headers.location).to.equal(`${editPath()}?mentve=1`);
    const $ = cheerio.load((await pm.agent.get(res.headers.location!).expect(200)).text);
    expect($("[role=status]").text()).to.include("elmentettük");
    expect((await stored()).record.funding.grant).to.equal(7_500_000);
  });

  it("refuses an invalid form with 400, a summary linking to each field in Hungarian, and what was typed", async () => {
    const res = await pm.agent.post(editPath()).type("form").send(await projectForm(pm, { title: " ", "funding.grant": "sok pénz", "dates.start": "2021. május 13." })).expect(400);
    const $ = cheerio.load(res.text);
    expect($("title").text()).to.match(/^Hiba: /);
    const links = $(".error-summary a").map((_, a) => $(a).attr("href")).get();
    expect(links).to.have.members([`#${fieldId("title")}`, `#${fieldId("funding.grant")}`]);
    expect($(`.error-summary a[href="#${fieldId("funding.grant")}"]`).text()).to.match(/^Támogatás: /);
    const grant = $(`#${fieldId("funding.grant")}`);
    expect(grant.val()).to.equal("sok pénz");
    expect(grant.attr("aria-describedby")).to.include(`${fieldId("funding.grant")}-error`);
    expect($(`#${fieldId("dates.start")}`).val()).to.equal("2021. május 13.");
    expect((await stored()).record.title).not.to.equal(" ");
  });

  it("refuses a stale save with 409, showing what changed meanwhile and keeping the input", async () => {
    const first = await projectForm(pm, { summary: "Az első mentés" });
    const second = await projectForm(pm, { "contact.name": "Második Mentő" });
    await pm.agent.post(editPath()).type("form").send(first).expect(303);
    const res = await pm.agent.post(editPath()).type("form").send(second).expect(409);
    const $ = cheerio.load(res.text);
    expect($(".conflict").text()).to.include("A projekt bemutatása");
    expect($(`#${fieldId("contact.name")}`).val()).to.equal("Második Mentő");
    expect($("input[name=version]").val()).to.equal(String((await stored()).version));
    expect((await stored()).record.contact.name).to.equal(null);
  });

  it("shows communication staff the funding read-only and answers 403 naming the field when they send it", async () => {
    const comms = await signedIn(app, { roles: ["communication"] });
    const page = cheerio.load((await comms.agent.get(editPath()).expect(200)).text);
    expect(page(`input[name="funding.grant"]`).length).to.equal(0);
    expect(page(`#${fieldId("funding.grant")}`).text()).to.include("Támogatás");
    expect(page(`textarea[name=summary]`).length).to.equal(1);
    const res = await comms.agent.post(editPath()).type("form").send(await projectForm(comms, { summary: "Közérthető", "funding.grant": "1 Ft" })).expect(403);
    const $ = cheerio.load(res.text);
    expect($(".error-summary").text()).to.include("szerződött támogatás");
    expect($(`textarea[name=summary]`).text()).to.equal("Közérthető");
    expect((await stored()).record.funding.grant).to.equal(7_000_000);
  });

  it("refuses a project manager a project not assigned to them", async () => {
    const other = await signedIn(app, { roles: ["project_manager"], projects: [] });
    await other.agent.get(editPath()).expect(403);
  });

  it("tells a project manager at once that a notice's publication is not theirs to set", async () => {
    const $ = cheerio.load((await pm.agent.get(editPath().replace("/szerkesztes", "/kozlemenyek/uj")).expect(200)).text);
    expect($("textarea[name=body]")).to.have.length(1);
    expect($("[name=publishedAt]")).to.have.length(0);
    expect($("#field-publishedAt").text()).to.include("Közzététel időpontja").and.include("a szerepköre nem módosíthatja");
  });

  it("escapes script typed into every text field when the form comes back", async () => {
    // Fields only admins change are shown to a project manager, not offered as inputs.
    const texts = fieldsOf(PROJECT_FORM)
      .filter((f) => ["text", "textarea", "email"].includes(f.kind) && !ADMIN_FIELDS.has(f.column ?? ""))
      .map((f) => f.name);
    const typed = Object.fromEntries(texts.map((name) => [name, PAYLOAD]));
    const res = await pm.agent.post(editPath()).type("form").send(await projectForm(pm, typed)).expect(400);
    const $ = cheerio.load(res.text);
    expect($("script").length).to.equal(0);
    for (const name of texts) {
      const field = $(`[name="${name}"]`);
      expect(field.is("textarea") ? field.text() : field.val(), name).to.equal(PAYLOAD);
    }
  });

  it("adds, edits and deletes a record through the one record form, escaping what it shows", async () => {
    const add = await pm.agent
      .post(`/kezelo/projektek/${key}/merfoldkovek/uj`)
      .type("form")
      .send({ _csrf: pm.csrfToken, title: PAYLOAD, dueDate: "2025. május 13.", achievedDate: "" })
      .expect(303);
    expect(add.headers.location).to.equal(`${editPath()}?mentve=1#merfoldkovek`);
    const milestone = (await stored()).record.milestones.at(-1)!;
    expect(milestone.title).to.equal(PAYLOAD);
    const recordPath = `/kezelo/projektek/${key}/merfoldkovek/${milestone.uid}`;
    const $ = cheerio.load((await pm.agent.get(recordPath).expect(200)).text);
    expect($("script").length).to.equal(0);
    expect($(`#${fieldId("title")}`).val()).to.equal(PAYLOAD);
    expect($(`#${fieldId("dueDate")}`).val()).to.equal("2025. május 13.");

    const bad = await pm.agent.post(recordPath).type("form").send({ _csrf: pm.csrfToken, version: "1", title: "Átnevezve", dueDate: "tegnapelőtt" }).expect(400);
    const refused = cheerio.load(bad.text);
    expect(refused(".error-summary a").attr("href")).to.equal(`#${fieldId("dueDate")}`);
    expect(refused(".error-summary").text()).to.include("Határidő");
    expect(refused(`#${fieldId("title")}`).val()).to.equal("Átnevezve");

    await pm.agent.post(recordPath).type("form").send({ _csrf: pm.csrfToken, version: "1", title: "Átnevezve", dueDate: "2025.05.14" }).expect(303);
    await pm.agent.post(recordPath).type("form").send({ _csrf: pm.csrfToken, version: "1", title: "Régi alapján", dueDate: "" }).expect(409);
    await pm.agent.post(`${recordPath}/torles`).type("form").send({ _csrf: pm.csrfToken, version: "2" }).expect(303);
    expect((await stored()).record.milestones).to.have.length(2);
  });

  it("refuses a save without the CSRF token", async () => {
    const { _csrf, ...form } = await projectForm(pm, { title: "CSRF nélkül" });
    await pm.agent.post(editPath()).type("form").send(form).expect(403);
    expect((await stored()).record.title).not.to.equal("CSRF nélkül");
  });

  it("starts a new project from a call code, prefilled with the programme and period, and assigns its manager", async () => {
    const creator = await signedIn(app, { roles: ["project_manager"] });
    const $ = cheerio.load((await creator.agent.get("/kezelo/projektek/uj?kod=ginop plusz-1.2.2-22").expect(200)).text);
    expect($("[data-field=programme]").text()).to.include("GINOP Plusz");
    expect($("[data-field=period]").text()).to.equal("2021–2027");
    expect($(`#${fieldId("call.code")}`).val()).to.equal("GINOP_PLUSZ-1.2.2-22");
    const res = await creator.agent
      .post("/kezelo/projektek/uj")
      .type("form")
      .send({ _csrf: creator.csrfToken, kod: "GINOP_PLUSZ-1.2.2-22", identifier: "", "call.code": "GINOP_PLUSZ-1.2.2-22", title: "Frissen indított", status: "planned", "beneficiary.name": "Induló Kft.", "funding.grant": "29 110 000 Ft" })
      .expect(303);
    expect(res.headers.location).to.match(/^\/kezelo\/projektek\/\d+\/szerkesztes\?mentve=1$/);
    await creator.agent.get(res.headers.location!).expect(200);
  });

  it("refuses a code that is neither an identifier nor a call code, saying what is expected", async () => {
    const res = await pm.agent.get("/kezelo/projektek/uj?kod=nem-kód").expect(400);
    const $ = cheerio.load(res.text);
    expect($(".error-summary a").attr("href")).to.equal(`#${fieldId("kod")}`);
    expect($(".error-summary").text()).to.include("felhívás-kód");
    expect($(`#${fieldId("kod")}`).val()).to.equal("nem-kód");
  });

  it("shows progress on the staff project page and lets a project manager mark a milestone done", async () => {
    const page = cheerio.load((await pm.agent.get(`/kezelo/projektek/${key}`).expect(200)).text);
    expect(page("#merfoldkovek").text()).to.include("1 / 2 mérföldkő teljesítve");
    expect(page("#merfoldkovek progress").attr("value")).to.equal("1");
    const form = page("#merfoldkovek form.mark-done");
    expect(form.length).to.equal(1);
    const res = await pm.agent
      .post(form.attr("action")!)
      .type("form")
      .send({ _csrf: pm.csrfToken, version: form.find("input[name=version]").val(), achievedDate: "2023. március 2." })
      .expect(303);
    expect(res.headers.location).to.equal(`/kezelo/projektek/${key}?mentve=1#merfoldkovek`);
    const after = cheerio.load((await pm.agent.get(`/kezelo/projektek/${key}`).expect(200)).text);
    expect(after("#merfoldkovek").text()).to.include("2 / 2 mérföldkő teljesítve");
  });
});
