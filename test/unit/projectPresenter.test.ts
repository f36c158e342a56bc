import { expect } from "chai";
import { apiDetail, projectPage } from "../../server/presenters/projectPresenter.js";
import { projectDetail } from "../factories/projectDetail.js";

const BASE = "https://projektek.example.hu";

describe("project view models", () => {
  describe("public visibility", () => {
    const detail = projectDetail({
      deliverables: [
        { title: "Nyilvános tanulmány", kind: "study", public: true },
        { title: "Belső cselekvési terv", kind: "other", public: false },
      ],
      notices: [
        { kind: "start", title: "Elindult a projekt", body: "…", publishedAt: "2022-03-01" },
        { kind: "progress", title: "Piszkozat", body: "…", publishedAt: null },
      ],
    });
    const titles = (items: Array<{ title: string }>) => items.map((i) => i.title);

    it("shows staff every deliverable and notice, drafts marked", () => {
      const page = projectPage(detail, "staff");
      expect(titles(page.deliverables)).to.deep.equal(["Nyilvános tanulmány", "Belső cselekvési terv"]);
      expect(page.notices.map((n) => [n.title, n.published])).to.deep.equal([
        ["Elindult a projekt", "2022. március 1."],
        ["Piszkozat", null],
      ]);
    });

    it("shows the public page only public deliverables and published notices", () => {
      const page = projectPage(detail, "public");
      expect(titles(page.deliverables)).to.deep.equal(["Nyilvános tanulmány"]);
      expect(titles(page.notices)).to.deep.equal(["Elindult a projekt"]);
    });

    it("keeps the auditor's findings off the public page", () => {
      const withFindings = { ...detail, findings: [{ code: "funding_incomplete", severity: "warning", params: {} }] as typeof detail.findings };
      expect(projectPage(withFindings, "staff").findings.map((f) => f.code)).to.deep.equal(["funding_incomplete"]);
      expect(projectPage(withFindings, "public").findings).to.deep.equal([]);
      expect(apiDetail(withFindings, BASE)).to.not.have.property("findings");
    });

    it("gives the API only public deliverables and published notices", () => {
      const body = apiDetail(detail, BASE);
      expect(titles(body.deliverables)).to.deep.equal(["Nyilvános tanulmány"]);
      expect(titles(body.notices)).to.deep.equal(["Elindult a projekt"]);
    });
  });
});
