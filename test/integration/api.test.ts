import { expect } from "chai";
import { PUBLIC_BASE_URL, usePortfolioApp } from "../helpers/app.js";

describe("the public JSON API", () => {
  const demo = usePortfolioApp();

  it("lists projects with paging and the total count", async () => {
    const first = await demo.request.get("/api/v1/projects?limit=5").expect(200);
    expect(first.body).to.include({ total: 13, limit: 5, offset: 0 });
    expect(first.body.items).to.have.length(5);
    const rest = await demo.request.get("/api/v1/projects?limit=100&offset=5").expect(200);
    expect(rest.body.items).to.have.length(8);
    const ids = [...first.body.items, ...rest.body.items].map((p: { id: number }) => p.id);
    expect(new Set(ids).size).to.equal(13);
  });

  it("filters by programme (loosely spelled), status and beneficiary", async () => {
    const kofop = await demo.request.get("/api/v1/projects?programme=kofop").expect(200);
    expect(kofop.body.total).to.equal(2);
    expect(kofop.body.items.every((p: { programme: { code: string } }) => p.programme.code === "KÖFOP")).to.equal(true);
    const plusz = await demo.request.get("/api/v1/projects?programme=GINOP%20Plusz").expect(200);
    expect(plusz.body.items.map((p: { call: { code: string } }) => p.call.code)).to.deep.equal(["GINOP_PLUSZ-1.2.2-22"]);
    const closed = await demo.request.get("/api/v1/projects?status=closed").expect(200);
    expect(closed.body.total).to.equal(4);
    const byName = await demo.request.get("/api/v1/projects?beneficiary=kormányhivatal").expect(200);
    expect(byName.body.items.map((p: { identifier: string }) => p.identifier)).to.deep.equal(["KÖFOP-1.0.0-VEKOP-15-2016-00041"]);
    const byTaxNumber = await demo.request.get("/api/v1/projects?beneficiary=15719006-2-41").expect(200);
    expect(byTaxNumber.body.total).to.equal(1);
    const wildcard = await demo.request.get("/api/v1/projects?beneficiary=%25").expect(200);
    expect(wildcard.body.total).to.equal(0);
  });

  it("filters by a 2021–27 programme however its Plusz is typed", async () => {
    const codes = async (programme: string) => {
      const { body } = await demo.request.get("/api/v1/projects").query({ programme }).expect(200);
      return body.items.map((p: { call: { code: string } }) => p.call.code);
    };
    expect(await codes("GINOP_PLUSZ")).to.deep.equal(["GINOP_PLUSZ-1.2.2-22"]);
    // query() sends "+" as %2B: a bare "+" in a query string would mean a space.
    for (const typed of ["GINOP Plusz", "ginop+", "Ginop_plusz"]) expect(await codes(typed), typed).to.deep.equal(["GINOP_PLUSZ-1.2.2-22"]);
  });

  it("finds a beneficiary's projects by its tax number typed without dashes", async () => {
    const dashed = await demo.request.get("/api/v1/projects").query({ beneficiary: "15719006-2-41" }).expect(200);
    expect(dashed.body.items.map((p: { beneficiary: { name: string } }) => p.beneficiary.name)).to.deep.equal(["Belügyminisztérium"]);
    for (const typed of ["15719006241", "15719006 2 41"]) {
      const { body } = await demo.request.get("/api/v1/projects").query({ beneficiary: typed }).expect(200);
      expect(body.items, typed).to.deep.equal(dashed.body.items);
    }
  });

  it("gives everything public about a project, by URL-encoded identifier", async () => {
    const identifier = "KÖFOP-1.0.0-VEKOP-15-2016-00041";
    const { body } = await demo.request.get(`/api/v1/projects/${encodeURIComponent(identifier)}`).expect(200);
    expect(body.identifier).to.equal(identifier);
    expect(body.funding).to.deep.equal({
      totalCost: 2_582_000_000,
      grant: 2_582_000_000,
      ownContribution: 0,
      supportIntensity: 100,
      contracted: { totalCost: 2_582_000_000, grant: 2_582_000_000, ownContribution: 0 },
      grantPaid: null,
      euCofinancingRate: null,
    });
    expect(body.dates).to.deep.equal({ decision: "2016", start: "2016-09-01", plannedEnd: "2021-03-29", actualEnd: "2021-03-29" });
    expect(body.publicUrl).to.equal(`${PUBLIC_BASE_URL}/projektek/kofop-1-0-0-vekop-15-2016-00041`);
    expect(body.partners.map((p: { role: string }) => p.role)).to.deep.equal(["lead", "member", "member", "member"]);
    expect(body.partners[1].grantShare).to.equal(600_000_000);
    // Internal deliverables are not public.
    expect(body.deliverables.map((d: { title: string }) => d.title)).to.not.include("Cselekvési terv a stratégia megvalósítására");
    expect(body.deliverables).to.have.length(2);
    expect(body).to.not.have.property("findings");
  });

  it("finds a project by a loosely typed identifier, by id, and one with a slash in its identifier", async () => {
    const loose = await demo.request.get(`/api/v1/projects/${encodeURIComponent("köfop-2.3.4-vekop-15-2016-00002")}`).expect(200);
    expect(loose.body.shortTitle).to.equal("ÖFFK II.");
    const byId = await demo.request.get(`/api/v1/projects/${loose.body.id}`).expect(200);
    expect(byId.body.identifier).to.equal("KÖFOP-2.3.4-VEKOP-15-2016-00002");
    const slash = await demo.request.get(`/api/v1/projects/${encodeURIComponent("EKOP-1.A.1-08/C-2009-0001")}`).expect(200);
    expect(slash.body.call.code).to.equal("EKOP-1.A.1-08/C");
  });

  it("hides draft notices", async () => {
    const list = await demo.request.get("/api/v1/projects?beneficiary=Abony").expect(200);
    const { body } = await demo.request.get(`/api/v1/projects/${list.body.items[0].id}`).expect(200);
    expect(body.notices).to.deep.equal([]);
    expect(body.identifier).to.equal(null);
    // Without an identifier, the address is made from the call code and the title.
    expect(body.publicUrl).to.equal(`${PUBLIC_BASE_URL}/projektek/top-plusz-1-2-1-21-pt1-kozossegi-es-kulturalis-ingatlanfejlesztes-a-kuriak`);
  });

  it("answers an unknown project with a JSON 404", async () => {
    const missing = await demo.request.get(`/api/v1/projects/${encodeURIComponent("GINOP-1.2.3-16-2017-00001")}`).expect(404);
    expect(missing.body.error.message).to.equal("Nincs ilyen projekt: GINOP-1.2.3-16-2017-00001");
    await demo.request.get("/api/v1/projects/999999").expect(404);
    await demo.request.get("/api/v1/projects/nem-azonosito").expect(404);
    const garbled = await demo.request.get("/api/v1/projects/%ZZ").expect(400);
    expect(garbled.body.error.message).to.match(/^Az útvonal hibásan kódolt/);
    const route = await demo.request.get("/api/v1/nothing").expect(404);
    expect(route.body.error.message).to.match(/Nincs ilyen végpont/);
  });

  it("answers bad parameters with a JSON 400 naming each", async () => {
    const { body } = await demo.request.get("/api/v1/projects?limit=abc&offset=-1&status=done").expect(400);
    expect(body.error.details.map((d: { field: string }) => d.field)).to.have.members(["limit", "offset", "status"]);
    await demo.request.get("/api/v1/projects?limit=0").expect(400);
    await demo.request.get("/api/v1/projects?limit=501").expect(400);
  });

  it("takes only plain whole numbers, says the bounds, names unknown parameters and speaks Hungarian of statuses", async () => {
    const message = async (query: string, field: string) => {
      const { body } = await demo.request.get(`/api/v1/projects?${query}`).expect(400);
      return body.error.details.find((d: { field: string }) => d.field === field)?.message as string;
    };
    for (const query of ["limit=0x10", "limit=1e1", "limit=0", "limit=501", "limit=5.0", "limit=%2B5"]) {
      expect(await message(query, "limit"), query).to.equal("1 és 500 közötti egész szám kell (például 20)");
    }
    expect(await message("offset=1e3", "offset")).to.equal(
      "0 és 10000 közötti egész szám kell; mélyebbre az after paraméterrel lapozzon (az előző oldal next értékével)",
    );
    expect(await message("programe=KOFOP", "programe")).to.match(/^ismeretlen paraméter; lehet: limit, offset, programme/);
    const status = await message("status=done", "status");
    expect(status).to.include("ismeretlen állapot: „done”").and.include("megvalósítás alatt");
    expect(status).to.not.include("in_progress");
    const hungarian = await demo.request.get("/api/v1/projects?status=lez%C3%A1rt").expect(200);
    expect(hungarian.body.items.every((p: { status: string }) => p.status === "closed")).to.equal(true);
    expect(hungarian.body.total).to.be.above(0);
  });

  it("reports on /healthz whether the database answers", async () => {
    const { body } = await demo.request.get("/healthz").expect(200);
    expect(body).to.deep.equal({ status: "ok", database: "ok" });
  });
});
