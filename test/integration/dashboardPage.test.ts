/** The dashboard page and the project timeline as people see them, signed in as staff. */
import * as cheerio from "cheerio";
import { expect } from "chai";
import { addDays } from "../../server/domain/deadlines.js";
import { dayInBudapest, firstDay } from "../../server/domain/dates.js";
import { formatForints } from "../../server/rendering/numbers.js";
import { testApp } from "../helpers/app.js";
import { useTestDatabase } from "../helpers/database.js";
import { signedIn, type SignedIn } from "../helpers/session.js";
import { fileOf, projectDoc } from "../factories/projectFile.js";

const text = ($: cheerio.CheerioAPI, selector: string) => $(selector).text().replace(/\s+/g, " ").trim();

describe("the dashboard page", () => {
  const context = useTestDatabase();
  let app: ReturnType<typeof testApp>;
  let manager: SignedIn["agent"];
  let auditor: SignedIn["agent"];
  const today = firstDay(dayInBudapest(new Date()));
  const soon = addDays(today, 10);

  before(async () => {
    app = testApp(context.db);
    await app.services.importer.importDocument(
      fileOf(
        projectDoc({
          identifier: "TOP_PLUSZ-3.1.3-23-HE1-2024-00014",
          title: "Kerékpárút építése",
          dates: { start: "2019-01-01", plannedEnd: "2020-06-30" },
          milestones: [{ title: "Régen lejárt", dueDate: "2020-01-15" }, { title: "Hamarosan", dueDate: soon }],
          deliverables: [{ title: "Átadott terv", kind: "plan", dueDate: "2019-06-01", deliveredDate: "2019-05-20" }],
          funding: { totalCost: "29 110 000 Ft", grant: "29 110 000 Ft", ownContribution: "0 Ft" },
        }),
        projectDoc({ title: "Idegen projekt", milestones: [{ title: "Idegen határidő", dueDate: soon }] }),
      ),
      "import:test",
    );
    const mine = await context.db.knex("projects").where({ title: "Kerékpárút építése" }).first("id");
    manager = (await signedIn(app, { roles: ["project_manager"], projects: [mine.id] })).agent;
    auditor = (await signedIn(app, { roles: ["auditor"] })).agent;
  });

  const dashboard = async (agent: SignedIn["agent"]) => cheerio.load((await agent.get("/kezelo").expect(200)).text);

  it("sends whoever is not signed in to the login page, and back here after", async () => {
    const res = await app.request.get("/kezelo").expect(303);
    expect(res.headers.location).to.equal("/belepes?vissza=%2Fkezelo");
  });

  it("lists a manager's overdue and coming deadlines in Hungarian, each linking to the project's staff page", async () => {
    const $ = await dashboard(manager);
    const overdue = $("#overdue-title").parent().find("li.deadline");
    expect(overdue.map((_, li) => $(li).find(".what").text()).get()).to.deep.equal([
      "Tervezett befejezés (a projekt még megvalósítás alatt)",
      "Mérföldkő: Régen lejárt",
    ]);
    expect(overdue.last().find(".due").text()).to.equal("2020. január 15.");
    expect(overdue.first().hasClass("overrun")).to.equal(true);
    expect(overdue.first().find("a").attr("href")).to.equal("/kezelo/projektek/TOP_PLUSZ-3.1.3-23-HE1-2024-00014");
    expect(text($, "#days30 li.deadline .what")).to.equal("Mérföldkő: Hamarosan");
    expect($("main").text()).to.not.contain("Idegen");
  });

  it("draws the totals as accessible SVG charts with the figures also in tables", async () => {
    const $ = await dashboard(manager);
    const charts = $("svg[role=img]");
    expect(charts).to.have.length(2);
    charts.each((_, svg) => {
      const [titleId, descId] = $(svg).attr("aria-labelledby")!.split(" ");
      expect($(`#${titleId}`).is("title")).to.equal(true);
      expect($(`#${descId}`).text()).to.contain(formatForints(29_110_000));
    });
    expect($("#by-programme svg rect.chart-bar")).to.have.length(1);
    expect(text($, "#by-programme table tbody th")).to.equal("TOP Plusz (2021–2027)");
    expect($('#by-programme table [data-field="grant"]').text()).to.equal(formatForints(29_110_000));
    expect(text($, "#by-status table tbody th")).to.equal("megvalósítás alatt");
  });

  it("uses no inline style or script, which a strict CSP would block", async () => {
    const $ = await dashboard(auditor);
    expect($("main [style]")).to.have.length(0);
    expect($("script")).to.have.length(0);
  });

  it("shows an auditor every project's totals", async () => {
    const $ = await dashboard(auditor);
    expect($("#by-status table tbody tr td").first().text()).to.equal("2");
    expect($("main").text()).to.contain("Idegen határidő");
  });

  it("draws the project's timeline on its staff page: dates, milestones, deliverables and today", async () => {
    const $ = cheerio.load((await manager.get("/kezelo/projektek/TOP_PLUSZ-3.1.3-23-HE1-2024-00014").expect(200)).text);
    const svg = $("figure.timeline svg[role=img]");
    expect(svg).to.have.length(1);
    expect(svg.find("circle").map((_, c) => $(c).attr("data-kind")).get()).to.deep.equal([
      "start", "deliverable", "milestone", "planned_end", "milestone",
    ]);
    expect(text($, "#timeline-desc")).to.contain("Mérföldkő: Régen lejárt (határidő): 2020. január 15.");
    expect(svg.find("line.timeline-today")).to.have.length(1);
    expect($("figure.timeline ol li")).to.have.length(5);
  });
});
