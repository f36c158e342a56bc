/** The pages of organisations, programmes and calls, through the real routes, views and login. */
import * as cheerio from "cheerio";
import { expect } from "chai";
import { systemActor } from "../../server/domain/permissions.js";
import { loadTestPortfolio, testApp } from "../helpers/app.js";
import { useTestDatabase } from "../helpers/database.js";
import { signedIn, type SignedIn } from "../helpers/session.js";

const PAYLOAD = `"><script>alert(1)</script><img src=x onerror=alert(2)>`;
const admin = systemActor("test");

/** The page's main content, parsed; fails when the payload became markup anywhere in it. */
function parsed(html: string) {
  const $ = cheerio.load(html);
  expect($("main script, main img, main [onerror]"), "script typed into a field came back as markup").to.have.length(0);
  return $;
}

describe("reference data pages", () => {
  const context = useTestDatabase();
  let app: ReturnType<typeof testApp>;
  let manager: SignedIn;

  before(async () => {
    app = testApp(context.db);
    await loadTestPortfolio(app.services);
    manager = await signedIn(app, { roles: ["project_manager"] });
  });

  const references = () => app.services.references;

  it("lists organisations with search and paging", async () => {
    for (let i = 0; i < 51; i++) await references().organisations.create(admin, { name: `Lapozó Egyesület ${String(i).padStart(2, "0")}` });
    const first = cheerio.load((await manager.agent.get("/kezelo/szervezetek?q=lapoz%C3%B3").expect(200)).text);
    expect(first("main tbody tr")).to.have.length(50);
    expect(first("main tbody tr").first().text()).to.include("Lapozó Egyesület 00");
    const next = first('a[rel="next"]').attr("href")!;
    expect(next).to.equal("/kezelo/szervezetek?q=lapoz%C3%B3&offset=50");
    const second = cheerio.load((await manager.agent.get(next).expect(200)).text);
    expect(second("main tbody tr")).to.have.length(1);
    expect(second("main tbody tr").first().text()).to.include("Lapozó Egyesület 50");
    expect(second('a[rel="prev"]').attr("href")).to.equal("/kezelo/szervezetek?q=lapoz%C3%B3&offset=0");
  });

  it("shows a call with the projects under it, linked to their staff pages", async () => {
    const call = await context.db.knex("calls").where({ code: "KÖFOP-1.0.0-VEKOP-15" }).first("id");
    const $ = cheerio.load((await manager.agent.get(`/kezelo/felhivasok/${call.id}`).expect(200)).text);
    expect($("main a[href='/kezelo/projektek/K%C3%96FOP-1.0.0-VEKOP-15-2016-00041']").text()).to.not.equal("");
    expect($("main a[href$='/szerkesztes']")).to.have.length(1);
  });

  it("creates an organisation from the form: redirect to its page, audited under the user", async () => {
    const form = (await manager.agent.get("/kezelo/szervezetek/uj").expect(200)).text;
    const $form = cheerio.load(form);
    for (const input of $form("main form input:not([type=hidden])").toArray()) {
      expect($form(`label[for="${$form(input).attr("id")}"]`), $form(input).attr("name")).to.have.length(1);
    }
    const res = await manager.agent
      .post("/kezelo/szervezetek")
      .type("form")
      .send({ _csrf: manager.csrfToken, name: "Űrlapos Kft.", taxNumber: "24681357 2 13", website: "https://urlapos.hu" })
      .expect(303);
    const page = cheerio.load((await manager.agent.get(res.headers.location!).expect(200)).text);
    expect(page("main dd").map((_, dd) => page(dd).text()).get()).to.include.members(["Űrlapos Kft.", "24681357-2-13"]);
    const entry = await context.db.knex("audit_log").where({ entity: "organisation" }).orderBy("seq", "desc").first("actor", "action");
    expect(entry).to.deep.equal({ actor: manager.email, action: "create" });
  });

  it("gives a rejected form back with status 400, a summary linking to each field, messages naming it and everything typed", async () => {
    const typed = { name: "Hibás Bt.", taxNumber: "1234", address: "Szeged, Kárász u. 1.", email: "nem e-mail", website: "ftp://hibas.hu" };
    const res = await manager.agent.post("/kezelo/szervezetek").type("form").send({ _csrf: manager.csrfToken, ...typed }).expect(400);
    const $ = parsed(res.text);
    expect($("title").text()).to.match(/^Hiba:/);
    const links = $(".error-summary a").map((_, a) => ({ href: $(a).attr("href"), text: $(a).text() })).get();
    expect(links.map((l) => l.href)).to.deep.equal(["#field-taxNumber", "#field-email", "#field-website"]);
    expect(links.map((l) => l.text.split(":")[0])).to.deep.equal(["Adószám", "E-mail-cím", "Honlap"]);
    for (const { href, text } of links) {
      const input = $(`main ${href}`);
      expect(input.attr("aria-invalid"), href).to.equal("true");
      const message = text.slice(text.indexOf(": ") + 2);
      expect($(`#${input.attr("aria-describedby")!.split(" ").at(-1)}`).text(), href).to.include(message);
    }
    for (const [name, value] of Object.entries(typed)) expect($(`main [name=${name}]`).val(), name).to.equal(value);
    expect(await context.db.knex("organisations").where({ name: "Hibás Bt." }).first()).to.equal(undefined);
  });

  it("refuses a call code that is taken on the code field, and keeps the title typed", async () => {
    const res = await manager.agent
      .post("/kezelo/felhivasok")
      .type("form")
      .send({ _csrf: manager.csrfToken, code: "köfop-1.0.0-vekop-15", title: "Másik cím", programme: "" })
      .expect(400);
    const $ = parsed(res.text);
    expect($(".error-summary a[href='#field-code']").text()).to.equal("Felhívás kódja: Már létezik felhívás ezzel a kóddal.");
    expect($("main [name=title]").val()).to.equal("Másik cím");
  });

  it("refuses a save over someone else's, showing what they changed, with the user's input kept", async () => {
    const { id } = await references().programmes.create(admin, { code: "VERSENY", name: "Verseny Program", period: "2014-2020", instrument: "cohesion" });
    const edit = cheerio.load((await manager.agent.get(`/kezelo/programok/${id}/szerkesztes`).expect(200)).text);
    expect(edit("main [name=version]").val()).to.equal("1");
    await references().programmes.update(admin, id, { code: "VERSENY", name: "Verseny Operatív Program", period: "2014-2020", instrument: "cohesion", version: 1 });
    const res = await manager.agent
      .post(`/kezelo/programok/${id}`)
      .type("form")
      .send({ _csrf: manager.csrfToken, version: "1", code: "VERSENY", name: "Az én nevem", period: "2014-2020", instrument: "cohesion" })
      .expect(409);
    const $ = parsed(res.text);
    expect($(".conflict").text()).to.include("2. változat").and.include("test").and.include("Név");
    expect($("main [name=name]").val()).to.equal("Az én nevem");
    expect($("main [name=version]").val()).to.equal("2");
  });

  for (const role of ["communication", "auditor"] as const) {
    it(`lets ${role} staff read the pages but neither open nor send a form (403 naming the role)`, async () => {
      const { agent, csrfToken } = await signedIn(app, { roles: [role] });
      const list = cheerio.load((await agent.get("/kezelo/szervezetek").expect(200)).text);
      expect(list("main a[href='/kezelo/szervezetek/uj']")).to.have.length(0);
      for (const path of ["/kezelo/szervezetek/uj", "/kezelo/programok/1/szerkesztes", "/kezelo/felhivasok/uj"]) {
        expect((await agent.get(path).expect(403)).text).to.include("projektmenedzser");
      }
      await agent.post("/kezelo/szervezetek").type("form").send({ _csrf: csrfToken, name: "Tiltott Kft." }).expect(403);
      await agent.post("/kezelo/felhivasok/1").type("form").send({ _csrf: csrfToken, code: "EFOP-9.9.9-16", version: "1" }).expect(403);
      expect(await context.db.knex("organisations").where({ name: "Tiltott Kft." }).first()).to.equal(undefined);
    });
  }

  it("sends anonymous visitors to the login page and refuses a form sent without its CSRF token", async () => {
    expect((await app.request.get("/kezelo/felhivasok").expect(303)).headers.location).to.match(/^\/belepes\?vissza=/);
    await manager.agent.post("/kezelo/szervezetek").type("form").send({ name: "Token nélkül Kft." }).expect(403);
    expect(await context.db.knex("organisations").where({ name: "Token nélkül Kft." }).first()).to.equal(undefined);
  });

  it("shows script typed into every text field as text: on the list, the record, the edit form and a rejected form", async () => {
    const organisation = await references().organisations.create(admin, {
      name: `Szervezet ${PAYLOAD}`,
      address: PAYLOAD,
      phone: PAYLOAD,
      website: `https://pelda.hu/${PAYLOAD}`,
    });
    const programme = await references().programmes.create(admin, { code: "SZKRIPT", name: PAYLOAD, period: "2021-2027", instrument: "cohesion" });
    const call = await references().calls.create(admin, { code: "SZKRIPT-1.1.1-24", title: PAYLOAD, programme: "SZKRIPT" });
    const pages = [
      ["/kezelo/szervezetek?q=Szervezet", `/kezelo/szervezetek/${organisation.id}`, `/kezelo/szervezetek/${organisation.id}/szerkesztes`],
      ["/kezelo/programok?q=SZKRIPT", `/kezelo/programok/${programme.id}`, `/kezelo/programok/${programme.id}/szerkesztes`],
      ["/kezelo/felhivasok?q=SZKRIPT", `/kezelo/felhivasok/${call.id}`, `/kezelo/felhivasok/${call.id}/szerkesztes`],
    ].flat();
    for (const path of pages) {
      const $ = parsed((await manager.agent.get(path).expect(200)).text);
      expect($("main").text() + $("main input").map((_, i) => $(i).val()).get().join(""), path).to.include(PAYLOAD);
    }
    const rejected = await manager.agent
      .post("/kezelo/szervezetek")
      .type("form")
      .send({ _csrf: manager.csrfToken, name: PAYLOAD, taxNumber: PAYLOAD, address: PAYLOAD, phone: PAYLOAD, email: PAYLOAD, website: PAYLOAD })
      .expect(400);
    const $ = parsed(rejected.text);
    for (const name of ["name", "taxNumber", "address", "phone", "email", "website"]) expect($(`main [name=${name}]`).val(), name).to.equal(PAYLOAD);
    const callRejected = await manager.agent
      .post("/kezelo/felhivasok")
      .type("form")
      .send({ _csrf: manager.csrfToken, code: PAYLOAD, title: PAYLOAD, programme: PAYLOAD })
      .expect(400);
    expect(parsed(callRejected.text)("main [name=title]").val()).to.equal(PAYLOAD);
  });
});
