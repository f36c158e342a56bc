import { expect } from "chai";
import { apiDetail, apiSummary, projectPage, summaryRow } from "../../server/presenters/projectPresenter.js";
import { publicProjectPage } from "../../server/presenters/publicProjectPresenter.js";
import { PUBLIC_AND_INTERNAL, projectDetail, projectSummary } from "../factories/projectDetail.js";

const BASE = "https://projektek.example.hu";
const TODAY = { precision: "day", year: 2026, month: 11, day: 26 } as const;

describe("project view models", () => {
  describe("public visibility", () => {
    const detail = projectDetail(PUBLIC_AND_INTERNAL);
    const titles = (items: Array<{ title: string }>) => items.map((i) => i.title);

    it("shows staff every deliverable and notice, drafts marked", () => {
      const page = projectPage(detail, BASE);
      expect(titles(page.deliverables)).to.deep.equal(["Nyilvános tanulmány", "Belső cselekvési terv"]);
      expect(page.notices.map((n) => [n.title, n.published])).to.deep.equal([
        ["Elindult a projekt", "2022. március 1."],
        ["Piszkozat", null],
      ]);
    });

    it("shows the public page only public deliverables and published notices", () => {
      const page = publicProjectPage(detail, TODAY, BASE);
      expect(titles(page.deliverables)).to.deep.equal(["Nyilvános tanulmány"]);
      expect(titles(page.notices)).to.deep.equal(["Elindult a projekt"]);
    });

    it("keeps the auditor's findings off the public page", () => {
      const withFindings = { ...detail, findings: [{ code: "funding_incomplete", severity: "warning", params: {} }] as typeof detail.findings };
      expect(projectPage(withFindings, BASE).findings.map((f) => f.code)).to.deep.equal(["funding_incomplete"]);
      expect(publicProjectPage(withFindings, TODAY, BASE)).to.not.have.property("findings");
      expect(apiDetail(withFindings, BASE)).to.not.have.property("findings");
    });

    it("gives the API only public deliverables and published notices", () => {
      const body = apiDetail(detail, BASE);
      expect(titles(body.deliverables)).to.deep.equal(["Nyilvános tanulmány"]);
      expect(titles(body.notices)).to.deep.equal(["Elindult a projekt"]);
    });
  });

  describe("support intensity", () => {
    const funding = { totalCost: 3_000_000, grant: 2_000_000, ownContribution: 1_000_000 };
    const unknown = { totalCost: null, grant: 2_000_000, ownContribution: null };

    it("is shown in the list and on both project pages as a Hungarian percentage", () => {
      expect(summaryRow(projectSummary({ funding })).intensity).to.equal("66,67%");
      expect(projectPage(projectDetail({ funding }), "staff").funding.intensity).to.equal("66,67%");
      expect(projectPage(projectDetail({ funding }), "public").funding.intensity).to.equal("66,67%");
      expect(summaryRow(projectSummary({ funding: unknown })).intensity).to.equal(null);
      expect(projectPage(projectDetail({ funding: unknown }), "staff").funding.intensity).to.equal(null);
    });

    it("is given by the API as a number next to the amounts", () => {
      const expected = { ...funding, supportIntensity: 66.67 };
      expect(apiSummary(projectSummary({ funding }), BASE).funding).to.deep.equal(expected);
      expect(apiDetail(projectDetail({ funding }), BASE).funding).to.deep.include(expected);
      expect(apiDetail(projectDetail({ funding: unknown }), BASE).funding.supportIntensity).to.equal(null);
    });
  });

  describe("the end date shown", () => {
    const finished = { dates: { plannedEnd: "2010-10", actualEnd: "2010-11-15" } };
    const running = { dates: { plannedEnd: "2027-08-31", actualEnd: null } };

    it("is the actual end in the list and on the public page once known", () => {
      expect(summaryRow(projectSummary(finished)).end).to.equal("2010. november 15.");
      expect(publicProjectPage(projectDetail(finished), TODAY, BASE).mandatory).to.deep.include({ end: "2010. november 15.", endLabel: "Befejezés dátuma" });
    });

    it("is the planned end until then", () => {
      expect(summaryRow(projectSummary(running)).end).to.equal("2027. augusztus 31.");
      expect(publicProjectPage(projectDetail(running), TODAY, BASE).mandatory).to.deep.include({ end: "2027. augusztus 31.", endLabel: "Tervezett befejezési dátum" });
    });
  });

  describe("links", () => {
    const identifier = "EKOP-1.A.1-08/C-2009-0001";
    const encoded = encodeURIComponent(identifier);
    const slug = "ekop-1-a-1-08-c-2009-0001";
    const historic = { identifier: null, call: { code: "ÁROP-1.A.2/A" }, title: "Szervezetfejlesztés Gödöllőn" };

    it("name a project on staff pages by its identifier, URL-encoded, and on public ones by its slug", () => {
      expect(summaryRow(projectSummary({ identifier }, 41)).href).to.equal(`/kezelo/projektek/${encoded}`);
      const page = projectPage(projectDetail({ identifier }, 41), BASE);
      expect([page.staffHref, page.publicHref]).to.deep.equal([`/kezelo/projektek/${encoded}`, `/projektek/${slug}`]);
      expect(apiSummary(projectSummary({ identifier }, 41), BASE).publicUrl).to.equal(`${BASE}/projektek/${slug}`);
      expect(apiDetail(projectDetail({ identifier }, 41), BASE).publicUrl).to.equal(`${BASE}/projektek/${slug}`);
    });

    it("name a project without an identifier by its id on staff pages, by call code and title on public ones", () => {
      expect(summaryRow(projectSummary(historic, 41)).href).to.equal("/kezelo/projektek/41");
      expect(projectPage(projectDetail(historic, 41), BASE).publicHref).to.equal("/projektek/arop-1-a-2-a-szervezetfejlesztes-godollon");
      expect(apiSummary(projectSummary(historic, 41), BASE).publicUrl).to.equal(`${BASE}/projektek/arop-1-a-2-a-szervezetfejlesztes-godollon`);
    });

    it("give staff the code that embeds the public block", () => {
      const page = projectPage(projectDetail({ identifier, title: 'A "jó" & <új> ügyintézés' }, 41), BASE);
      expect(page.embed.iframe).to.equal(
        `<iframe src="${BASE}/projektek/${slug}/beagyazott" title="A &quot;jó&quot; &amp; &lt;új> ügyintézés" width="100%" height="720" style="border:0" loading="lazy"></iframe>`,
      );
      expect(page.embed.fragmentUrl).to.equal(`${BASE}/projektek/${slug}/beagyazas.html`);
    });
  });
});
