/**
 * The auditor's funding review through HTTP: the table's totals against the data (with filters), order and
 * paging, a review recorded and shown, a grant change through the edit form (and an import) marking the
 * project "changed since review" with old → new, a new review clearing it; who may and may not.
 */
import * as cheerio from "cheerio";
import { expect } from "chai";
import { findingsOf } from "../../server/domain/findings.js";
import { systemActor } from "../../server/domain/permissions.js";
import { loadProjects } from "../../server/data/projectReads.js";
import { supportIntensity } from "../../server/domain/money.js";
import { formatPercent } from "../../server/rendering/numbers.js";
import { testApp, loadTestPortfolio } from "../helpers/app.js";
import { useTestDatabase } from "../helpers/database.js";
import { signedIn, type SignedIn } from "../helpers/session.js";
import { fileOf, projectDoc } from "../factories/projectFile.js";

const TABLE = "/kezelo/felulvizsgalat";
/** Amounts are grouped with no-break spaces; compare them as plain text. */
const plain = (text: string) => text.replace(/\u00a0/g, " ").trim();
const forints = (n: number) => `${n.toLocaleString("hu-HU").replace(/\u00a0/g, " ")} Ft`;

describe("the auditor's funding review", () => {
  const database = useTestDatabase();
  let app: ReturnType<typeof testApp>;
  let auditor: SignedIn;
  let token: string;
  const reviewed = projectDoc({
    beneficiary: { name: "Vezető Kft." },
    partners: [
      { name: "Vezető Kft.", role: "lead", grantShare: "4 000 000 Ft" },
      { name: "Tag Bt.", role: "member", grantShare: "3 000 000 Ft" },
    ],
    amendments: [{ effectiveDate: "2024-05-02", reference: "1. számú módosítás", reason: "Átcsoportosítás", totalCost: "11 000 000 Ft", grant: "8 000 000 Ft" }],
  });
  const key = encodeURIComponent(reviewed.identifier as string);
  let projectId: number;

  /** Every project as the domain sees it: figures in force and findings, for totals computed independently of SQL. */
  async function portfolio() {
    const ids = (await database.db.knex("projects").pluck("id")) as number[];
    return (await loadProjects(database.db.knex, ids)).map((p) => ({
      id: p.id,
      programme: p.programme?.code ?? null,
      status: p.record.status,
      funding: p.currentFunding,
      grantPaid: p.record.funding.grantPaid,
      amendments: p.record.amendments.length,
      findings: findingsOf(p).length,
    }));
  }
  const sum = (values: Array<number | null>) => values.reduce<number>((a, b) => a + (b ?? 0), 0);

  async function table(query = "") {
    return cheerio.load((await auditor.agent.get(`${TABLE}${query}`).expect(200)).text);
  }
  const totalOf = ($: cheerio.CheerioAPI, field: string) => plain($(`[data-total="${field}"]`).text());

  async function reviewPage() {
    return cheerio.load((await auditor.agent.get(`${TABLE}/${key}`).expect(200)).text);
  }
  /** Posts the review form as the page gives it, with `fields` filled in; expects `status`. */
  async function recordReview(fields: Record<string, string>, status: number) {
    const $ = await reviewPage();
    return auditor.agent
      .post(`${TABLE}/${key}`)
      .type("form")
      .send({ _csrf: auditor.csrfToken, version: $("input[name=version]").val(), reviewedOn: "2026. november 20.", ...fields })
      .expect(status);
  }

  before(async () => {
    app = testApp(database.db);
    await loadTestPortfolio(app.services);
    await app.services.importer.importDocument(fileOf(reviewed), "import:setup.json");
    projectId = (await database.db.knex("projects").where({ identifier: reviewed.identifier }).first("id")).id;
    auditor = await signedIn(app, { roles: ["auditor"] });
    token = await app.services.accounts.createToken(auditor.userId, "teszt");
  });

  it("totals every project in the database, not a page: sums, intensity, amendments and findings", async () => {
    const all = await portfolio();
    const $ = await table("?limit=3");
    expect($("tbody tr").length).to.equal(3);
    expect(totalOf($, "total-cost")).to.equal(forints(sum(all.map((p) => p.funding.totalCost))));
    expect(totalOf($, "grant")).to.equal(forints(sum(all.map((p) => p.funding.grant))));
    expect(totalOf($, "grant-paid")).to.equal(forints(sum(all.map((p) => p.grantPaid))));
    expect(totalOf($, "own-contribution")).to.equal(forints(sum(all.map((p) => p.funding.ownContribution))));
    expect(totalOf($, "amendments")).to.equal(String(sum(all.map((p) => p.amendments))));
    expect(totalOf($, "findings")).to.equal(String(sum(all.map((p) => p.findings))));
    expect(plain($("tfoot th").text())).to.equal(`Összesen (${all.length} projekt)`);
    // The portfolio's intensity is of the projects whose grant and total cost are both known.
    const known = all.filter((p) => p.funding.grant !== null && p.funding.totalCost !== null);
    const intensity = supportIntensity({ grant: sum(known.map((p) => p.funding.grant)), totalCost: sum(known.map((p) => p.funding.totalCost)) });
    expect(all.length).to.be.greaterThan(known.length);
    expect(totalOf($, "intensity")).to.equal(formatPercent(intensity!));
  });

  it("totals only what the filters keep: programme, status, findings", async () => {
    const all = await portfolio();
    const cases: Array<[string, (p: (typeof all)[number]) => boolean]> = [
      ["?programme=KÖFOP", (p) => p.programme === "KÖFOP"],
      ["?status=lezárt", (p) => p.status === "closed"],
      ["?findings=yes", (p) => p.findings > 0],
      ["?findings=no&status=in_progress", (p) => p.findings === 0 && p.status === "in_progress"],
    ];
    for (const [query, keep] of cases) {
      const kept = all.filter(keep);
      expect(kept.length, query).to.be.greaterThan(0);
      const $ = await table(query);
      expect(plain($("tfoot th").text()), query).to.equal(`Összesen (${kept.length} projekt)`);
      expect(totalOf($, "grant"), query).to.equal(forints(sum(kept.map((p) => p.funding.grant))));
      expect($("tbody tr[data-project]").map((_, tr) => Number($(tr).attr("data-project"))).get(), query).to.have.members(kept.map((p) => p.id));
    }
  });

  it("sorts by a figure either way and pages by seeking, each project exactly once", async () => {
    const all = await portfolio();
    const walk = async (order: string) => {
      const seen: Array<{ id: number; grant: number | null }> = [];
      let after: string | null = null;
      for (let page = 0; page < 10; page++) {
        const res: { body: { items: Array<{ id: number; grant: number | null }>; next: string | null } } = await app.request
          .get(`/api/v1/funding-review?sort=grant&order=${order}&limit=4${after ? `&after=${after}` : ""}`)
          .set({ Authorization: `Bearer ${token}` })
          .expect(200);
        seen.push(...res.body.items.map((i) => ({ id: i.id, grant: i.grant })));
        after = res.body.next;
        if (after === null) break;
      }
      return seen;
    };
    const ascending = await walk("asc");
    expect(ascending.map((r) => r.id)).to.have.members(all.map((p) => p.id));
    const grants = ascending.map((r) => r.grant ?? -1);
    expect(grants).to.deep.equal([...grants].sort((a, b) => a - b));
    const descending = await walk("desc");
    expect(descending.map((r) => r.id)).to.deep.equal(ascending.map((r) => r.id).reverse());
    const $ = await table("?sort=grant&order=desc");
    expect($("th[aria-sort=descending]").text()).to.equal("Szerződött támogatás");
  });

  it("shows a project's figures in force, its partner shares and its amendments", async () => {
    const $ = await table(`?sort=identifier`);
    const row = $(`tr[data-project="${projectId}"]`);
    expect(plain(row.find("[data-field=total-cost]").text())).to.equal("11 000 000 Ft");
    expect(plain(row.find("[data-field=grant]").text())).to.equal("8 000 000 Ft");
    expect(plain(row.find("[data-field=intensity]").text())).to.equal("72,73%");
    expect(plain(row.find("[data-field=partners]").text())).to.equal("Vezető Kft.: 4 000 000 FtTag Bt.: 3 000 000 Ft");
    expect(row.find("[data-field=amendments]").text()).to.equal("1");
  });

  it("records a review, a grant change through the edit form marks it changed with old → new, and a new review clears it", async () => {
    let $ = await reviewPage();
    expect($("[data-state=unreviewed]").length).to.equal(1);

    await recordReview({ outcome: "accepted", comment: "Rendben." }, 303);
    $ = await reviewPage();
    expect($("[data-state=current]").text()).to.contain("2026. november 20.");
    expect($("table.reviews tbody tr").first().text()).to.contain("elfogadva").and.contain(auditor.email);
    expect((await table("?review=current"))(`tr[data-project="${projectId}"]`).length).to.equal(1);

    // A project manager raises the contracted grant through the project's edit form.
    const pm = await signedIn(app, { roles: ["project_manager"], projects: [projectId] });
    const form = cheerio.load((await pm.agent.get(`/kezelo/projektek/${key}/szerkesztes`).expect(200)).text);
    const body: Record<string, string> = {};
    form("form[method=post] input:not([type=checkbox]), form[method=post] textarea, form[method=post] select").each((_, el) => {
      const name = form(el).attr("name");
      if (name) body[name] = (form(el).is("textarea") ? form(el).text() : (form(el).val() as string)) ?? "";
    });
    await pm.agent.post(`/kezelo/projektek/${key}/szerkesztes`).type("form").send({ ...body, _csrf: pm.csrfToken, "funding.grant": "7 500 000 Ft" }).expect(303);

    $ = await reviewPage();
    expect($("[data-state=changed]").length).to.equal(1);
    const line = $('.change tr[data-field="contracted_grant"]');
    expect(plain(line.find(".before").text())).to.equal("7 000 000 Ft");
    expect(plain(line.find(".after").text())).to.equal("7 500 000 Ft");
    expect($(".change .actor").text()).to.equal(pm.email);
    const changed = await table("?review=changed");
    expect(changed(`tr[data-project="${projectId}"]`).hasClass("changed")).to.equal(true);
    expect(plain(changed("tfoot th").text())).to.equal("Összesen (1 projekt)");

    await recordReview({ outcome: "questions", comment: "Miért nőtt a támogatás?" }, 303);
    $ = await reviewPage();
    expect($("[data-state=current]").length).to.equal(1);
    expect($(".change").length).to.equal(0);
    expect((await table("?review=changed"))("tbody tr[data-project]").length).to.equal(0);
  });

  it("marks a project changed when an import changes a partner's share, and not when it changes only the title", async () => {
    const current = { ...reviewed, funding: { ...(reviewed.funding as object), grant: "7 500 000 Ft" } };
    await app.services.importer.importDocument(fileOf(current), "import:baseline.json");
    await recordReview({ outcome: "accepted" }, 303);
    await app.services.importer.importDocument(fileOf({ ...current, title: "Új cím, ugyanazok a számok" }), "import:title.json");
    expect((await app.services.projects.get(reviewed.identifier as string)).record.title).to.equal("Új cím, ugyanazok a számok");
    expect((await reviewPage())("[data-state=current]").length).to.equal(1);
    const partners = [
      { name: "Vezető Kft.", role: "lead", grantShare: "4 500 000 Ft" },
      { name: "Tag Bt.", role: "member", grantShare: "3 000 000 Ft" },
    ];
    await app.services.importer.importDocument(fileOf({ ...current, title: "Új cím, ugyanazok a számok", partners }), "import:shares.json");
    const $ = await reviewPage();
    expect($("[data-state=changed]").length).to.equal(1);
    const share = $('.change tr[data-field="grant_share"]');
    expect([plain(share.find(".before").text()), plain(share.find(".after").text())]).to.deep.equal(["4 000 000 Ft", "4 500 000 Ft"]);
    expect($(".change .actor").text()).to.equal("import:shares.json");
  });

  it("puts the review in the audit trail under the auditor, without changing the project", async () => {
    const before = await app.services.projects.get(reviewed.identifier as string);
    await recordReview({ outcome: "accepted", comment: "Naplózva." }, 303);
    const after = await app.services.projects.get(reviewed.identifier as string);
    expect(after.version).to.equal(before.version);
    const history = cheerio.load((await auditor.agent.get(`/kezelo/projektek/${key}/valtozasok`).expect(200)).text);
    const latest = history(".change").first();
    expect(latest.find(".actor").text()).to.equal(auditor.email);
    expect(latest.find(".record-change h3").text()).to.contain("pénzügyi felülvizsgálat");
    expect(latest.find(".record-change .initial").text()).to.contain("eredmény: elfogadva").and.contain("megjegyzés: Naplózva.");
    expect((await app.services.audit.verify()).firstBreak).to.equal(null);
  });

  it("refuses a review with errors named by field, keeping what was typed", async () => {
    const res = await recordReview({ reviewedOn: "2026. 13. 45.", outcome: "questions", comment: "" }, 400);
    const $ = cheerio.load(res.text);
    expect($("title").text()).to.match(/^Hiba: /);
    expect($(".error-summary a").map((_, a) => $(a).attr("href")).get()).to.have.members(["#reviewedOn", "#comment"]);
    expect($("#reviewedOn").val()).to.equal("2026. 13. 45.");
    expect($("input[value=questions]").is("[checked]")).to.equal(true);
  });

  it("refuses a review of figures that changed while the auditor looked at them (409)", async () => {
    const $ = await reviewPage();
    const version = String($("input[name=version]").val());
    await app.services.importer.importDocument(fileOf({ ...reviewed, title: "Új cím, ugyanazok a számok", funding: { ...(reviewed.funding as object), grantPaid: "1 000 000 Ft" } }), "import:paid.json");
    const res = await auditor.agent
      .post(`${TABLE}/${key}`)
      .type("form")
      .send({ _csrf: auditor.csrfToken, version, reviewedOn: "2026. november 20.", outcome: "accepted" })
      .expect(409);
    expect(cheerio.load(res.text)(".error-summary").text()).to.contain("közben megváltoztak");
  });

  it("lets neither a project manager nor communication staff see the table or record a review (403)", async () => {
    for (const roles of [["project_manager"], ["communication"]] as const) {
      const who = await signedIn(app, { roles: [...roles], projects: [projectId] });
      await who.agent.get(TABLE).expect(403);
      await who.agent.get(`${TABLE}/${key}`).expect(403);
      await who.agent
        .post(`${TABLE}/${key}`)
        .type("form")
        .send({ _csrf: who.csrfToken, version: "1", reviewedOn: "2026. november 20.", outcome: "accepted" })
        .expect(403);
    }
    const pmToken = await app.services.accounts.createToken((await signedIn(app, { roles: ["project_manager"] })).userId, "teszt");
    await app.request.get("/api/v1/funding-review").set({ Authorization: `Bearer ${pmToken}` }).expect(403);
    expect(await database.db.knex("funding_reviews").where({ actor: "communication" }).count()).to.deep.equal([{ count: 0 }]);
  });

  it("still refuses an auditor any change to the project's data", async () => {
    const before = await app.services.projects.get(reviewed.identifier as string);
    await auditor.agent
      .post(`/kezelo/projektek/${key}/szerkesztes`)
      .type("form")
      .send({ _csrf: auditor.csrfToken, version: String(before.version), "funding.grant": "1 Ft" })
      .expect(403);
    await app.request
      .patch(`/api/v1/projects/${key}`)
      .set({ Authorization: `Bearer ${token}` })
      .send({ version: before.version, changes: { funding: { grant: 1 } } })
      .expect(403);
    expect((await app.services.projects.get(reviewed.identifier as string)).record.funding.grant).to.equal(before.record.funding.grant);
  });

  it("recounts the findings of a call's projects when the call's code becomes irregular", async () => {
    const callOnly = projectDoc({ identifier: null, call: { code: "KEHOP-9.9.9-15" }, title: "Csak felhívással ismert" });
    await app.services.importer.importDocument(fileOf(callOnly), "import:call.json");
    const call = await database.db.knex("calls").where({ code: "KEHOP-9.9.9-15" }).first("id", "version");
    const count = async () => (await database.db.knex("projects").where({ call_id: call.id }).first("finding_count")).finding_count;
    expect(await count()).to.equal(0);
    await app.services.references.calls.update(systemActor("test"), call.id, { code: "RÉGI/9.9.9", programme: "KEHOP", version: call.version });
    expect(await count()).to.equal(1);
  });

  it("answers a bad parameter with a 400 naming it", async () => {
    await auditor.agent.get(`${TABLE}?sort=title`).expect(400);
    const res = await app.request.get("/api/v1/funding-review?sorting=grant").set({ Authorization: `Bearer ${token}` }).expect(400);
    expect(JSON.stringify(res.body)).to.contain("sorting");
  });
});
