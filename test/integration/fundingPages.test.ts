/** The contract's figures stay visible beside those in force; links and publication show where people look. */
import { load } from "cheerio";
import { expect } from "chai";
import { testApp } from "../helpers/app.js";
import { signedIn, type SignedIn } from "../helpers/session.js";
import { useTestDatabase } from "../helpers/database.js";
import { fileOf, projectDoc } from "../factories/projectFile.js";

describe("funding, links and publication on pages and in the API", () => {
  const database = useTestDatabase();
  let request: ReturnType<typeof testApp>["request"];
  let staff: SignedIn["agent"];
  const amended = projectDoc({
    funds: ["ERFA"],
    funding: { totalCost: "100 000 000 Ft", grant: "85 000 000 Ft", ownContribution: "15 000 000 Ft", grantPaid: "40 000 000 Ft" },
    amendments: [{ effectiveDate: "2024. május 2.", reference: "1. számú szerződésmódosítás", reason: "Árváltozás", grant: "90 000 000 Ft" }],
    deliverables: [{ title: "Útmutató", kind: "útmutató", links: [{ title: "Letöltés", url: "https://example.hu/utmutato.pdf" }] }],
  });
  const hidden = projectDoc({ publishedFrom: null });
  const scheduled = projectDoc({ publishedFrom: "2099-01-01" });
  /** Amounts are grouped with no-break spaces; compare them as plain text. */
  const plain = (text: string) => text.replace(/\u00a0/g, " ").trim();
  const key = (doc: Record<string, unknown>) => encodeURIComponent(doc.identifier as string);

  before(async () => {
    const app = testApp(database.db);
    request = app.request;
    staff = (await signedIn(app, { roles: ["auditor"] })).agent;
    await app.services.importer.importDocument(fileOf(amended, hidden, scheduled), "test");
  });

  it("shows staff the contract's figures, each amendment and the grant paid, beside the figures in force", async () => {
    const $ = load((await staff.get(`/kezelo/projektek/${key(amended)}`).expect(200)).text);
    expect(plain($('[data-field="grant"]').text())).to.equal("90 000 000 Ft");
    const rows = $('[data-field="amendments"] tbody tr')
      .map((_, tr) => [$(tr).find("td").map((__, td) => plain($(td).text())).get()])
      .get();
    expect(rows).to.deep.equal([
      ["—", "Támogatási szerződés", "—", "100 000 000 Ft", "85 000 000 Ft", "15 000 000 Ft"],
      ["2024. május 2.", "1. számú szerződésmódosítás", "Árváltozás", "változatlan", "90 000 000 Ft", "változatlan"],
    ]);
    expect(plain($('[data-field="grant-paid"]').text())).to.equal("40 000 000 Ft");
    expect($('[data-field="funds"]').text()).to.equal("ERFA");
  });

  it("gives the API the figures in force, the contract's, the amendments and the links", async () => {
    const { body } = await request.get(`/api/v1/projects/${key(amended)}`).expect(200);
    expect(body.funding).to.deep.include({ grant: 90_000_000, contracted: { totalCost: 100_000_000, grant: 85_000_000, ownContribution: 15_000_000 } });
    expect(body.amendments.map((a: { reference: string; grant: number }) => [a.reference, a.grant])).to.deep.equal([["1. számú szerződésmódosítás", 90_000_000]]);
    expect(body.deliverables[0].links).to.deep.equal([{ title: "Letöltés", url: "https://example.hu/utmutato.pdf" }]);
  });

  it("links a deliverable on the public page, and offers no public link for an unpublished project", async () => {
    const $ = load((await request.get(`/projektek/${key(amended)}`).redirects(1).expect(200)).text);
    expect($('a[href="https://example.hu/utmutato.pdf"]').text()).to.equal("Letöltés");
    const hiddenPage = load((await staff.get(`/kezelo/projektek/${key(hidden)}`).expect(200)).text);
    expect(hiddenPage(".status").text()).to.contain("nem nyilvános");
    expect(hiddenPage(".status a").length).to.equal(0);
    const later = load((await staff.get(`/kezelo/projektek/${key(scheduled)}`).expect(200)).text);
    expect(later(".status").text()).to.contain("2099. január 1. napjától lesz nyilvános");
    expect(later(".status a").length).to.equal(0);
  });
});
