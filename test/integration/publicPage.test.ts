/** The public project page and its embeddable block, through HTTP, for a project of each period and state. */
import * as cheerio from "cheerio";
import { expect } from "chai";
import { testApp } from "../helpers/app.js";
import { useTestDatabase } from "../helpers/database.js";
import { signedIn } from "../helpers/session.js";
import { fileOf, projectDoc } from "../factories/projectFile.js";

const NBSP = "\u00a0";
// Not \s: that would turn the no-break spaces of amounts into plain ones.
const squash = (text: string) => text.replace(/[ \t\r\n]+/g, " ").trim();
const MANDATORY = [
  "Kedvezményezett neve",
  "Projekt címe",
  "Szerződött támogatás összege",
  "Támogatás mértéke",
  "A projekt tartalmának bemutatása",
  "Befejezés dátuma",
  "Projekt azonosító száma",
];
const RUNNING_MANDATORY = MANDATORY.map((label) => (label === "Befejezés dátuma" ? "Tervezett befejezési dátum" : label));

/** Everything of project B that must never reach the public. */
const HIDDEN = ["Belső jegyzet: a kivitelező késik", "Belső cselekvési terv", "Piszkozat: még nem közölhető"];

const projects = {
  closed2007: projectDoc({
    identifier: "ÁROP-1.A.2/A-2008-0001",
    title: "Szervezetfejlesztés Gödöllőn",
    status: "closed",
    funds: ["ESZA"],
    summary: "Az első bekezdés a célokról.\n\nA második bekezdés az eredményekről.",
    dates: { start: "2009", plannedEnd: "2010-10", actualEnd: "2010-11-15" },
    funding: { totalCost: "29 110 000 Ft", grant: "29 110 000 Ft", ownContribution: 0 },
  }),
  running2014: projectDoc({
    identifier: "EFOP-1.5.3-16-2017-00112",
    title: "Humán szolgáltatások fejlesztése a Bonyhádi járásban",
    status: "in_progress",
    funds: ["ESZA"],
    internalNotes: HIDDEN[0],
    summary: "Célunk a járás humán szolgáltatásainak fejlesztése.",
    beneficiary: {
      name: "Bonyhád Város Önkormányzata",
      address: "7150 Bonyhád, Szabadság tér 12.",
      phone: "+36 74 500 200",
      email: "hivatal@bonyhad.hu",
      website: "https://www.bonyhad.hu",
    },
    partners: [
      { name: "Bonyhád Város Önkormányzata", role: "lead" },
      { name: "Nagymányok Város Önkormányzata", role: "member" },
    ],
    contact: { name: "Kiss Anna", position: "projektmenedzser", email: "kiss.anna@bonyhad.hu", phone: "+36 74 500 210" },
    location: { settlement: "Bonyhád", county: "Tolna" },
    funding: { totalCost: "500 000 000 Ft", grant: "475 000 000 Ft", ownContribution: "25 000 000 Ft" },
    dates: { start: "2017-11-01", plannedEnd: "2021-10-31" },
    milestones: [{ title: "Szakemberek felvétele", dueDate: "2018-03", achievedDate: "2018-02-28" }],
    deliverables: [
      { title: "Járási helyzetelemzés", kind: "analysis", deliveredDate: "2018-06-30", links: [{ title: "Letöltés (PDF)", url: "https://www.bonyhad.hu/elemzes.pdf" }] },
      { title: HIDDEN[1], kind: "plan", public: false },
    ],
    events: [
      { title: "Regionális konferenciasorozat", kind: "conference", count: 6, held: 2 },
      { title: "Nyitórendezvény", kind: "press", date: "2018-03-15", place: "Bonyhád, Művelődési Ház", participants: 120 },
    ],
    procurements: [{ subject: "Képzési szolgáltatás", contractor: { name: "Tudás Kft." }, method: "open", amount: "12 000 000 Ft", contractDate: "2018-05-02" }],
    indicators: [{ name: "Bevont személyek", unit: "fő", baseline: 0, target: 300, achieved: 120 }],
    notices: [
      { kind: "start", title: "Elindult a projekt", body: "A projekt elindult.", publishedAt: "2018-01-10" },
      { kind: "progress", title: HIDDEN[2], body: "Piszkozat.", publishedAt: null },
    ],
  }),
  closed2014: projectDoc({ identifier: "TOP-6.5.1-16-SF1-2017-00004", title: "Óvodák energetikai korszerűsítése", status: "closed", funds: ["ERFA"], dates: { plannedEnd: "2019-12-31", actualEnd: "2020-03-31" } }),
  running2021: projectDoc({ identifier: "TOP_PLUSZ-3.1.3-23-HE1-2024-00014", title: "Helyi humán fejlesztések Átányban", status: "contracted", funds: ["ESZA+"], dates: { plannedEnd: "2027-08-31" } }),
  completed2021: projectDoc({ identifier: "KEHOP_PLUSZ-2.1.10-23-2024-00001", title: "Szennyvízelvezetés Csávolyon", status: "completed", funds: ["KA"], dates: { plannedEnd: "2026-06-30", actualEnd: "2026-05-31" } }),
  rrf: projectDoc({ identifier: "RRF-1.1.2-21-2022-00001", title: "Iskolai digitális eszközök", status: "in_progress", funds: ["RRF"], dates: { plannedEnd: "2026-06-30" } }),
};
type Name = keyof typeof projects;
const slugOf = (name: Name) => (projects[name].identifier as string).normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/[^a-z0-9]+/g, "-");

describe("the public project page", () => {
  const database = useTestDatabase();
  let request: ReturnType<typeof testApp>["request"];
  let app: ReturnType<typeof testApp>;

  before(async () => {
    app = testApp(database.db);
    request = app.request;
    await app.services.importer.importDocument(fileOf(...Object.values(projects)), "test");
  });

  const page = async (path: string) => cheerio.load((await request.get(path).expect(200)).text);
  const labels = ($: cheerio.CheerioAPI) => $(".pt-facts").first().find("dt").map((_, dt) => $(dt).text()).get();
  const field = ($: cheerio.CheerioAPI, name: string) => squash($(`.pt-facts [data-field="${name}"] dd`).first().text());
  const ack = ($: cheerio.CheerioAPI) => ({
    caption: squash($(".pt-caption").first().contents().first().text()),
    brand: $('[data-field="brand"]').text() || null,
    government: $('[data-field="government"]').text() || null,
    slogan: $('[data-field="slogan"]').text() || null,
    statement: $('[data-field="acknowledgement"]').text(),
  });

  it("2007–13, closed: the mandatory block in order, paragraphs kept, Széchenyi 2020 branding on a page made today, past tense", async () => {
    const $ = await page(`/projektek/${slugOf("closed2007")}`);
    expect(labels($)).to.deep.equal(MANDATORY);
    expect(field($, "beneficiary")).to.equal((projects.closed2007.beneficiary as { name: string }).name);
    expect(field($, "title")).to.equal("Szervezetfejlesztés Gödöllőn");
    expect(field($, "grant")).to.equal(`29${NBSP}110${NBSP}000${NBSP}Ft`);
    expect(field($, "intensity")).to.equal("100,00%");
    expect($('[data-field="description"] p').map((_, p) => $(p).text()).get()).to.deep.equal([
      "Az első bekezdés a célokról.",
      "A második bekezdés az eredményekről.",
    ]);
    expect(field($, "end")).to.equal("2010. november 15.");
    expect(field($, "identifier")).to.equal("ÁROP-1.A.2/A-2008-0001");
    expect(squash($('[data-field="period"] dd').text())).to.equal("2007–2013");
    expect(squash($('[data-field="programme"] dd').text())).to.equal("Államreform Operatív Program (ÁROP)");
    expect(squash($('[data-field="start"] dd').text())).to.equal("2009");
    expect(ack($)).to.deep.equal({
      caption: "Európai Unió",
      brand: "Széchenyi 2020",
      government: "Magyarország Kormánya",
      slogan: "Befektetés a jövőbe",
      statement: "A projekt az Európai Unió és Magyarország Kormánya társfinanszírozásával, az Európai Szociális Alap forrásából valósult meg.",
    });
    expect($(".pt-fund").text()).to.equal("Európai Szociális Alap");
    expect($("svg.eu-emblem polygon")).to.have.length(12);
  });

  it("2014–20, running: everything public after the mandatory block, present tense", async () => {
    const $ = await page(`/projektek/${slugOf("running2014")}`);
    expect(labels($)).to.deep.equal([...RUNNING_MANDATORY.slice(0, 1), "Konzorciumi partnerek", ...RUNNING_MANDATORY.slice(1)]);
    expect($('[data-field="partners"] li').map((_, li) => squash($(li).text())).get()).to.deep.equal([
      "Bonyhád Város Önkormányzata (konzorciumvezető)",
      "Nagymányok Város Önkormányzata (konzorciumi tag)",
    ]);
    expect(field($, "grant")).to.equal(`475${NBSP}000${NBSP}000${NBSP}Ft`);
    expect(field($, "intensity")).to.equal("95,00%");
    expect(field($, "end")).to.equal("2021. október 31.");
    const details = $(".pt-details dt").map((_, dt) => [[$(dt).text(), squash($(dt).next("dd").text())]]).get();
    expect(details).to.deep.equal([
      ["Felhívás", "EFOP-1.5.3-16"],
      ["Operatív program", "Emberi Erőforrás Fejlesztési Operatív Program (EFOP)"],
      ["Programozási időszak", "2014–2020"],
      ["Alap", "Európai Szociális Alap"],
      ["Kezdés dátuma", "2017. november 1."],
      ["Összköltség", `500${NBSP}000${NBSP}000${NBSP}Ft`],
      ["Önerő", `25${NBSP}000${NBSP}000${NBSP}Ft`],
      ["Helyszín", "Bonyhád, Tolna"],
      ["Állapot", "megvalósítás alatt"],
    ]);
    const cells = (selector: string) => $(selector).map((_, td) => $(td).text()).get();
    expect(cells("#merfoldkovek + table tbody td")).to.deep.equal(["Szakemberek felvétele", "2018. március", "2018. február 28."]);
    const deliverable = $('[data-field="deliverables"] > li');
    expect(deliverable).to.have.length(1);
    expect(squash(deliverable.find(".pt-meta").text())).to.equal("elemzés · elkészült: 2018. június 30.");
    expect(deliverable.find("a").attr("href")).to.equal("https://www.bonyhad.hu/elemzes.pdf");
    const events = $('[data-field="event"]').map((_, li) => squash($(li).text())).get();
    expect(events).to.deep.equal([
      "Regionális konferenciasorozat 6 konferencia, ebből 2 megtartva Időpont: később kerül meghirdetésre",
      "Nyitórendezvény sajtóesemény 2018. március 15. · Bonyhád, Művelődési Ház · 120 résztvevő",
    ]);
    expect(squash($('[data-field="contractor"]').text())).to.equal("Tudás Kft.");
    expect(cells("#indikatorok + table tbody td")).to.deep.equal(["Bevont személyek", "fő", "0", "300", "120"]);
    const api = await request.get(`/api/v1/projects/${slugOf("running2014")}`).expect(200);
    const notice = $('[data-field="notices"] li');
    expect(notice).to.have.length(1);
    expect(notice.find("a").attr("href")).to.equal(`/hirek/${api.body.notices[0].uid}`);
    expect(squash(notice.text())).to.equal("Elindult a projekt projektindító közlemény, 2018. január 10.");
    const contact = squash($('[data-field="contact"]').text());
    for (const part of ["Bonyhád Város Önkormányzata", "7150 Bonyhád, Szabadság tér 12.", "+36 74 500 200", "hivatal@bonyhad.hu", "https://www.bonyhad.hu", "Kiss Anna, projektmenedzser", "kiss.anna@bonyhad.hu", "+36 74 500 210"]) {
      expect(contact).to.contain(part);
    }
    expect($('[data-field="contact"] a[href="mailto:hivatal@bonyhad.hu"]')).to.have.length(1);
    expect(ack($).statement).to.equal("A projekt az Európai Unió és Magyarország Kormánya társfinanszírozásával, az Európai Szociális Alap forrásából valósul meg.");
  });

  it("2014–20, closed: Széchenyi 2020, the fund in full, past tense", async () => {
    const $ = await page(`/projektek/${slugOf("closed2014")}`);
    expect(labels($)).to.deep.equal(MANDATORY);
    expect(field($, "end")).to.equal("2020. március 31.");
    expect(ack($)).to.deep.include({ brand: "Széchenyi 2020", slogan: "Befektetés a jövőbe" });
    expect(ack($).statement).to.equal("A projekt az Európai Unió és Magyarország Kormánya társfinanszírozásával, az Európai Regionális Fejlesztési Alap forrásából valósult meg.");
  });

  it("2021–27, running and completed: the co-funded statement, Széchenyi Terv Plusz, no slogan, the tense of the state", async () => {
    const running = await page(`/projektek/${slugOf("running2021")}`);
    expect(labels(running)).to.deep.equal(RUNNING_MANDATORY);
    expect(ack(running)).to.deep.equal({
      caption: "Az Európai Unió társfinanszírozásával",
      brand: "Széchenyi Terv Plusz",
      government: "Magyarország Kormánya",
      slogan: null,
      statement: "A projekt az Európai Unió és Magyarország Kormánya társfinanszírozásával, az Európai Szociális Alap Plusz forrásából valósul meg.",
    });
    const completed = await page(`/projektek/${slugOf("completed2021")}`);
    expect(labels(completed)).to.deep.equal(MANDATORY);
    expect(ack(completed).statement).to.equal("A projekt az Európai Unió és Magyarország Kormánya társfinanszírozásával, a Kohéziós Alap forrásából valósult meg.");
  });

  it("RRF: a plain statement of EU support, no programme brand", async () => {
    const $ = await page(`/projektek/${slugOf("rrf")}`);
    expect(labels($)).to.deep.equal(RUNNING_MANDATORY);
    expect(ack($)).to.deep.equal({
      caption: "Európai Unió",
      brand: null,
      government: null,
      slogan: null,
      statement: "A projekt az Európai Unió támogatásával, a Helyreállítási és Ellenállóképességi Eszköz forrásából valósul meg.",
    });
  });

  it("keeps internal notes, non-public deliverables and draft notices out of the page and the embeddable block", async () => {
    const slug = slugOf("running2014");
    for (const path of [`/projektek/${slug}`, `/projektek/${slug}/beagyazas.html`, `/projektek/${slug}/beagyazott`]) {
      const { text } = await request.get(path).expect(200);
      for (const hidden of HIDDEN) expect(text, `${path}: ${hidden}`).to.not.contain(hidden);
    }
    // They are stored: staff see them.
    const { agent } = await signedIn(app, { roles: ["auditor"] });
    const staffPage = (await agent.get(`/kezelo/projektek/${slug}`).expect(200)).text;
    for (const hidden of HIDDEN) expect(staffPage).to.contain(hidden);
  });

  it("embeds the mandatory block and the acknowledgement, with scoped styles and absolute links", async () => {
    const slug = slugOf("running2021");
    const fragment = (await request.get(`/projektek/${slug}/beagyazas.html`).expect(200).expect("content-type", /text\/html/)).text;
    expect(fragment.trimStart()).to.match(/^<section class="pt-embed"/);
    const $ = cheerio.load(fragment);
    expect(labels($)).to.deep.equal(RUNNING_MANDATORY);
    expect(ack($).statement).to.contain("társfinanszírozásával");
    expect($("svg.eu-emblem")).to.have.length(1);
    const css = $("style").text();
    const selectors = css.replace(/\/\*[\s\S]*?\*\//g, "").replace(/@media[^{]*\{/g, "").match(/[^{}]+(?=\{)/g)!.flatMap((s) => s.split(/,(?![^(]*\))/)).map((s) => s.trim()).filter(Boolean);
    for (const selector of selectors) expect(selector, "every rule is scoped to the block").to.match(/^(:is\(\.pt-embed, \.public-project\)|\.pt-embed)/);
    $("a").each((_, a) => void expect($(a).attr("href")).to.match(/^https:\/\/projektek\.example\.hu\/projektek\//));
    const framed = cheerio.load((await request.get(`/projektek/${slug}/beagyazott`).expect(200)).text);
    expect(framed("html").attr("lang")).to.equal("hu");
    expect(labels(framed)).to.deep.equal(RUNNING_MANDATORY);
    expect(framed(".site-header")).to.have.length(0);
  });

  it("lets other sites frame only the iframe page: frame-ancestors * there, 'self' everywhere else", async () => {
    const slug = slugOf("rrf");
    const framed = await request.get(`/projektek/${slug}/beagyazott`).expect(200);
    expect(framed.headers["content-security-policy"]).to.contain("frame-ancestors *");
    expect(framed.headers["content-security-policy"]).to.not.contain("frame-ancestors 'self'");
    expect(framed.headers).to.not.have.property("x-frame-options");
    for (const path of [`/projektek/${slug}`, `/projektek/${slug}/beagyazas.html`, "/", "/belepes", "/api/v1/projects", "/static/embed.css"]) {
      const response = await request.get(path).expect(200);
      expect(response.headers["content-security-policy"], path).to.contain("frame-ancestors 'self'");
      expect(response.headers["x-frame-options"], path).to.equal("SAMEORIGIN");
    }
  });

  it("shows staff the code that embeds the block", async () => {
    const { agent } = await signedIn(app, { roles: ["auditor"] });
    const $ = cheerio.load((await agent.get(`/kezelo/projektek/${encodeURIComponent(projects.rrf.identifier as string)}`).expect(200)).text);
    expect($('[data-field="embed-iframe"]').text()).to.equal(
      `<iframe src="https://projektek.example.hu/projektek/${slugOf("rrf")}/beagyazott" title="Iskolai digitális eszközök" width="100%" height="720" style="border:0" loading="lazy"></iframe>`,
    );
    expect($('[data-field="embed-fragment"]').attr("href")).to.equal(`https://projektek.example.hu/projektek/${slugOf("rrf")}/beagyazas.html`);
  });
});
