/** The history page through the real app: who may see it, what it shows, links to it, and escaping. */
import * as cheerio from "cheerio";
import { expect } from "chai";
import { testApp } from "../helpers/app.js";
import { useTestDatabase } from "../helpers/database.js";
import { signedIn } from "../helpers/session.js";
import { fileOf, projectDoc } from "../factories/projectFile.js";

const XSS = `"><script>alert(1)</script>`;
const plain = (text: string) => text.replace(/\u00a0/g, " ").replace(/\s+/g, " ").trim();

describe("the history page", () => {
  const database = useTestDatabase();
  let app: ReturnType<typeof testApp>;
  let projectId: number;
  let path: string;
  let projectPath: string;

  before(async () => {
    app = testApp(database.db);
    const doc = projectDoc({ title: `Képzés ${XSS}`, milestones: [{ title: `Indulás ${XSS}`, dueDate: "2023-03" }] });
    await app.services.importer.importDocument(fileOf(doc), "anna@example.hu");
    await app.services.importer.importDocument(
      fileOf({ ...doc, title: `Képzés ${XSS} 2.`, funding: { totalCost: "12 000 000 Ft", grant: "9 000 000 Ft", ownContribution: "3 000 000 Ft" } }),
      "bela@example.hu",
    );
    projectId = (await database.db.knex("projects").where({ identifier: doc.identifier }).first("id")).id;
    projectPath = `/kezelo/projektek/${encodeURIComponent(doc.identifier as string)}`;
    path = `${projectPath}/valtozasok`;
  });

  it("shows an auditor every change, newest first, with old and new values side by side", async () => {
    const { agent } = await signedIn(app, { roles: ["auditor"] });
    const $ = cheerio.load((await agent.get(path).expect(200)).text);
    const entries = $("article.change");
    expect(entries.map((_, e) => $(e).find(".actor").text()).get()).to.deep.equal(["bela@example.hu", "anna@example.hu"]);
    const grant = entries.first().find('tr[data-field="grant_amount"]');
    expect(plain(grant.find("th").text())).to.equal("támogatás");
    expect([plain(grant.find(".before").text()), plain(grant.find(".after").text())]).to.deep.equal(["7 000 000 Ft", "9 000 000 Ft"]);
    expect(plain(entries.last().find("dl.initial").text())).to.contain("támogatás7 000 000 Ft");
  });

  it("shows a project manager the history of their own project, and refuses one not assigned to it", async () => {
    const own = await signedIn(app, { roles: ["project_manager"], projects: [projectId] });
    await own.agent.get(path).expect(200);
    const other = await signedIn(app, { roles: ["project_manager"], projects: [] });
    const refused = await other.agent.get(path).expect(403);
    expect(refused.text).not.to.contain("anna@example.hu");
  });

  it("sends someone not signed in to the login page, to come back afterwards", async () => {
    const response = await app.request.get(`${path}?szemely=anna%40example.hu`).expect(303);
    const location = new URL(response.headers.location!, "http://x");
    expect(location.pathname).to.equal("/belepes");
    expect(location.searchParams.get("vissza")).to.equal(`${path}?szemely=anna%40example.hu`);
  });

  it("filters by person and keeps the choice in the form", async () => {
    const { agent } = await signedIn(app, { roles: ["auditor"] });
    const $ = cheerio.load((await agent.get(`${path}?szemely=${encodeURIComponent("anna@example.hu")}`).expect(200)).text);
    expect($("article.change .actor").map((_, e) => $(e).text()).get()).to.deep.equal(["anna@example.hu"]);
    expect($("#szemely option[selected]").val()).to.equal("anna@example.hu");
  });

  it("answers 400 to a cursor or field that cannot be", async () => {
    const { agent } = await signedIn(app, { roles: ["auditor"] });
    await agent.get(`${path}?elott=abc`).expect(400);
    await agent.get(`${path}?mezo=toString`).expect(400);
    await agent.get(`${path}?rekord=nem-uid`).expect(400);
  });

  it("is linked from the staff project page, and each record there links to its own history", async () => {
    const { agent } = await signedIn(app, { roles: ["auditor"] });
    const project = cheerio.load((await agent.get(projectPath).expect(200)).text);
    expect(project("a").filter((_, a) => project(a).text() === "Változások").attr("href")).to.equal(path);
    const milestoneLink = project("a").filter((_, a) => project(a).text() === `Indulás ${XSS}`).attr("href")!;
    expect(milestoneLink).to.match(new RegExp(`^${path}\\?rekord=[0-9a-f-]{36}$`));
    const $ = cheerio.load((await agent.get(milestoneLink).expect(200)).text);
    expect(plain($("h1").text())).to.equal(`Változások: mérföldkő „Indulás ${XSS}”`);
    expect($("article.change")).to.have.length(1);
  });

  it("shows script typed into a title as text", async () => {
    const { agent } = await signedIn(app, { roles: ["auditor"] });
    const html = (await agent.get(path).expect(200)).text;
    expect(html).not.to.contain("<script>alert(1)</script>");
    const $ = cheerio.load(html);
    expect($("script"), "no element comes from the title").to.have.length(0);
    expect($("p.ref").text()).to.contain(`Képzés ${XSS} 2.`);
    const title = $('article.change tr[data-field="title"]');
    expect([title.find(".before").text(), title.find(".after").text()]).to.deep.equal([`Képzés ${XSS}`, `Képzés ${XSS} 2.`]);
    expect($("section.record-change p.initial").text()).to.contain(`cím: Indulás ${XSS}`);
  });
});
