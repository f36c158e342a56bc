import * as cheerio from "cheerio";
import { expect } from "chai";
import { testApp, usePortfolioApp } from "../helpers/app.js";
import { signedIn, type SignedIn } from "../helpers/session.js";
import { openTestDatabase, useTestDatabase } from "../helpers/database.js";
import { fileOf, projectDoc } from "../factories/projectFile.js";

const NBSP = "\u00a0";
const text = ($: cheerio.CheerioAPI, selector: string) => $(selector).text().replace(/\s+/g, " ").trim();

describe("staff and public pages", () => {
  const demo = usePortfolioApp();

  // A public page named by its identifier or id answers 301 to its slug: followed here.
  const page = async (path: string, status = 200) =>
    cheerio.load((await (path.startsWith("/kezelo") ? demo.staff.get(path) : demo.request.get(path).redirects(1)).expect(status)).text);

  it("lists the portfolio with Hungarian amounts and dates", async () => {
    const $ = await page("/kezelo/projektek");
    expect(text($, "p.count")).to.equal("13 projekt");
    const row = $("table.portfolio tbody tr").filter((_, tr) => $(tr).text().includes("KÖFOP-1.0.0-VEKOP-15-2016-00041"));
    expect(row.find('[data-field="grant"]').text()).to.equal(`2${NBSP}582${NBSP}000${NBSP}000${NBSP}Ft`);
    expect(row.find('[data-field="end"]').text()).to.equal("2021. március 29.");
    expect(row.text()).to.contain("100,00%");
    expect(row.find("a").attr("href")).to.equal(`/kezelo/projektek/${encodeURIComponent("KÖFOP-1.0.0-VEKOP-15-2016-00041")}`);
  });

  it("filters the list and keeps what the user typed", async () => {
    const $ = await page("/kezelo/projektek?programme=kofop&status=closed");
    expect($("table.portfolio tbody tr")).to.have.length(1);
    expect($("#programme").val()).to.equal("kofop");
    expect($("#status option[selected]").val()).to.equal("closed");
  });

  it("re-renders a bad filter with a Hungarian error naming the field, and what was typed", async () => {
    const $ = await page("/kezelo/projektek?status=kesz&beneficiary=Pest", 400);
    expect(text($, ".error-summary")).to.contain("Állapot:");
    expect($(".error-summary a").attr("href")).to.equal("#status");
    expect($("#beneficiary").val()).to.equal("Pest");
  });

  it("shows a project with its dates at their precision and money in forints", async () => {
    const list = cheerio.load((await demo.staff.get("/kezelo/projektek?beneficiary=Gödöllő").expect(200)).text);
    const $ = await page(list("table.portfolio a").attr("href")!);
    expect(text($, "h1")).to.equal("Szervezetfejlesztés Gödöllő Város Polgármesteri Hivatalában");
    expect(text($, '[data-field="start"]')).to.equal("2009");
    expect(text($, '[data-field="planned-end"]')).to.equal("2010. október");
    expect(text($, '[data-field="actual-end"]')).to.equal("2010. november 15.");
    expect($('[data-field="grant"]').text()).to.equal(`29${NBSP}110${NBSP}000${NBSP}Ft`);
    expect(text($, ".ref")).to.contain("nincs projektazonosító");
  });

  it("shows the actual end, not the planned one, in the list and on the public page once it is known", async () => {
    const list = cheerio.load((await demo.staff.get("/kezelo/projektek?beneficiary=Gödöllő").expect(200)).text);
    expect(text(list, 'table.portfolio [data-field="end"]')).to.equal("2010. november 15.");
    const $ = await page(list("table.portfolio a").attr("href")!.replace("/kezelo/projektek/", "/projektek/"));
    expect(text($, '[data-field="end"] dt')).to.equal("Befejezés dátuma");
    expect(text($, '[data-field="end"] dd')).to.equal("2010. november 15.");
  });

  it("shows an auditor's findings on an inconsistent project", async () => {
    const $ = await page(`/kezelo/projektek/${encodeURIComponent("TOP-6.5.1-16-SF1-2017-00004")}`);
    const finding = $('.finding[data-code="funding_sum_mismatch"]');
    expect(finding.text()).to.contain("Hiba:");
    expect(finding.text()).to.contain(`2${NBSP}400${NBSP}000${NBSP}Ft`);
    expect($('.finding[data-code="closing_notice_missing"]').text()).to.contain("Figyelmeztetés:");
  });

  it("shows an event series with its count", async () => {
    const $ = await page(`/kezelo/projektek/${encodeURIComponent("KÖFOP-2.3.4-VEKOP-15-2016-00002")}`);
    const events = $('[data-field="event"]').map((_, li) => $(li).text().replace(/\s+/g, " ").trim()).get();
    expect(events).to.include("Regionális konferenciasorozat (konferencia) – 6 alkalom");
    expect(events).to.include("Nemzetközi konferencia V4-es szakértőkkel (konferencia, nemzetközi) – 2 alkalom");
  });

  it("publishes the public page in the order beneficiaries' pages use, without internal data", async () => {
    const $ = await page(`/projektek/${encodeURIComponent("KÖFOP-1.0.0-VEKOP-15-2016-00041")}`);
    expect($(".pt-facts").first().find("dt").map((_, dt) => $(dt).text()).get()).to.deep.equal([
      "Kedvezményezett neve",
      "Konzorciumi partnerek",
      "Projekt címe",
      "Szerződött támogatás összege",
      "Támogatás mértéke",
      "A projekt tartalmának bemutatása",
      "Befejezés dátuma",
      "Projekt azonosító száma",
    ]);
    expect(text($, '[data-field="intensity"] dd')).to.equal("100,00%");
    expect($.text()).to.not.contain("Cselekvési terv a stratégia megvalósítására");
    expect($.text()).to.contain("Lezárult „A szolgáltató kormányhivatali és közigazgatási modell bevezetése” projekt");
    expect($(".findings")).to.have.length(0);
    expect($("nav a[href^=\"/kezelo\"]")).to.have.length(0);
  });

  it("shows the planned end, so labelled, on the public page of a project still running", async () => {
    const list = cheerio.load((await demo.staff.get("/kezelo/projektek?beneficiary=Átány").expect(200)).text);
    expect(text(list, 'table.portfolio [data-field="end"]')).to.equal("2027. augusztus 31.");
    const staffPath = list("table.portfolio a").attr("href")!;
    const $ = await page(staffPath.replace("/kezelo/projektek/", "/projektek/"));
    expect(text($, '[data-field="end"] dt')).to.equal("Tervezett befejezési dátum");
    expect(text($, '[data-field="end"] dd')).to.equal("2027. augusztus 31.");
  });

  it("keeps drafts off the public page but shows them to staff", async () => {
    const list = cheerio.load((await demo.staff.get("/kezelo/projektek?beneficiary=Abony").expect(200)).text);
    const staffPath = list("table.portfolio a").attr("href")!;
    expect((await page(staffPath)).text()).to.contain("Megkezdődött a kúria felújítása");
    const publicPath = staffPath.replace("/kezelo/projektek/", "/projektek/");
    expect((await page(publicPath)).text()).to.not.contain("Megkezdődött a kúria felújítása");
  });

  it("answers an unknown page or project with a Hungarian 404 page", async () => {
    expect(text(await page("/kezelo/projektek/999999", 404), "h1")).to.equal("Nem található");
    expect(text(await page("/nincs-ilyen", 404), "h1")).to.equal("Az oldal nem található");
  });

  it("reports a database that does not answer on /healthz with 503", async () => {
    const db = await openTestDatabase();
    const { request: broken } = testApp(db);
    await db.close();
    const { body } = await broken.get("/healthz").expect(503);
    expect(body).to.deep.equal({ status: "error", database: "unreachable" });
  });
});

describe("pages escape what people typed", () => {
  // Each breaks out of where it lands when not escaped: a quoted attribute, a raw-text element, element text.
  const ATTRIBUTE_BREAKER = '"><script>alert(1)</script>';
  const RAW_TEXT_BREAKER = "</textarea></title><script>alert(2)</script>";
  const TAG = "<img src=x onerror=alert(3)>";

  const title = `Cím ${RAW_TEXT_BREAKER}`;
  const summary = `Összefoglaló ${ATTRIBUTE_BREAKER}`;
  const beneficiary = `Kedvezményezett ${TAG}`;
  const partner = `Partner ${RAW_TEXT_BREAKER}`;
  const milestone = `Mérföldkő ${TAG}`;
  const database = useTestDatabase();
  let request: ReturnType<typeof testApp>["request"];
  let staff: SignedIn["agent"];
  let identifier: string;

  before(async () => {
    const app = testApp(database.db);
    request = app.request;
    staff = (await signedIn(app, { roles: ["auditor"] })).agent;
    const project = projectDoc({
      title,
      summary,
      beneficiary: { name: beneficiary },
      partners: [{ name: partner, role: "member" }],
      milestones: [{ title: milestone }],
    });
    identifier = project.identifier as string;
    await app.services.importer.importDocument(fileOf(project), "test");
  });

  const page = async (path: string, query: Record<string, string> = {}, status = 200) =>
    cheerio.load((await (path.startsWith("/kezelo") ? staff.get(path) : request.get(path).redirects(1)).query(query).expect(status)).text);

  /** Nothing the payloads would have added if they had broken out: no script, no event handler. */
  function expectInert($: cheerio.CheerioAPI): void {
    expect($("script"), "a <script> element").to.have.length(0);
    const handlers = $("*").filter((_, element) => Object.keys($(element).attr() ?? {}).some((name) => name.startsWith("on")));
    expect(handlers, "an element with an on… attribute").to.have.length(0);
  }

  it("on the staff project page, as text", async () => {
    const $ = await page(`/kezelo/projektek/${encodeURIComponent(identifier)}`);
    expectInert($);
    expect($("title").text()).to.equal(`${title} – Projekttár`);
    expect($("h1").text()).to.equal(title);
    expect($('[data-field="beneficiary"]').text()).to.equal(beneficiary);
    expect($("section p").filter((_, p) => $(p).text() === summary)).to.have.length(1);
    expect($("td").filter((_, td) => $(td).text() === partner)).to.have.length(1);
    expect($("td").filter((_, td) => $(td).text() === milestone)).to.have.length(1);
  });

  it("on the public project page and in the embeddable block, as text", async () => {
    const $ = await page(`/projektek/${encodeURIComponent(identifier)}`);
    expectInert($);
    expect($("h1").text()).to.equal(title);
    expect($('[data-field="beneficiary"] dd').text()).to.equal(beneficiary);
    expect($('[data-field="description"] p').text()).to.equal(summary);
    for (const suffix of ["/beagyazas.html", "/beagyazott"]) {
      const block = await page(`/projektek/${encodeURIComponent(identifier)}${suffix}`);
      expectInert(block);
      expect(block(".pt-embed-title").text()).to.equal(title);
      expect(block('[data-field="partners"] li').text()).to.contain(partner);
    }
  });

  // Inside a quoted attribute a bare tag is harmless even unescaped; only a quote breaks out.
  it("in the list's filter fields, as attribute values", async () => {
    const $ = await page("/kezelo/projektek", { beneficiary: ATTRIBUTE_BREAKER, programme: ATTRIBUTE_BREAKER });
    expectInert($);
    expect($("#beneficiary").val()).to.equal(ATTRIBUTE_BREAKER);
    expect($("#programme").val()).to.equal(ATTRIBUTE_BREAKER);
  });

  it("in the list's rows, as text", async () => {
    const $ = await page("/kezelo/projektek", { beneficiary: TAG });
    expectInert($);
    const row = $("table.portfolio tbody tr");
    expect(row).to.have.length(1);
    expect(row.find("a").text()).to.equal(title);
    expect(row.find("td").filter((_, td) => $(td).text() === beneficiary)).to.have.length(1);
  });

  it("in a rejected filter, re-rendered with what was typed", async () => {
    const $ = await page("/kezelo/projektek", { status: ATTRIBUTE_BREAKER, beneficiary: ATTRIBUTE_BREAKER, programme: ATTRIBUTE_BREAKER }, 400);
    expectInert($);
    expect($(".error-summary a").attr("href")).to.equal("#status");
    expect($("#beneficiary").val()).to.equal(ATTRIBUTE_BREAKER);
    expect($("#programme").val()).to.equal(ATTRIBUTE_BREAKER);
  });
});
