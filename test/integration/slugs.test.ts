/** Stored, unique, stable public addresses: made by the write path, suffixed on collision, old ones answering 301. */
import { expect } from "chai";
import { backfillSlugs } from "../../server/data/slugsBackfill.js";
import { testApp } from "../helpers/app.js";
import { useTestDatabase } from "../helpers/database.js";
import { fileOf, projectDoc } from "../factories/projectFile.js";

const CALL = { code: "TOP_PLUSZ-1.2.1-21-PT1" };
const BASE = "top-plusz-1-2-1-21-pt1-jatszoter-epitese";

describe("project slugs", () => {
  const database = useTestDatabase();
  let app: ReturnType<typeof testApp>;
  const write = (...docs: Array<Record<string, unknown>>) => app.services.importer.importDocument(fileOf(...docs), "import:test");
  const slugs = async () =>
    Object.fromEntries((await database.db.knex("projects").select("uid", "slug")).map((r: { uid: string; slug: string }) => [r.uid, r.slug]));
  const slugOfTitle = async (title: string) => (await database.db.knex("projects").where({ title }).first("slug")).slug as string;
  const uidOfSlug = async (slug: string) => (await database.db.knex("projects").where({ slug }).first("uid")).uid as string;
  const redirect = async (path: string) => (await app.request.get(path).expect(301)).headers.location;

  before(() => {
    app = testApp(database.db);
  });

  it("makes a slug from the identifier when a project is created, and serves the page there", async () => {
    await write(projectDoc({ identifier: "KÖFOP-1.0.0-VEKOP-15-2016-00041", title: "Kormányhivatali modell" }));
    expect(await slugOfTitle("Kormányhivatali modell")).to.equal("kofop-1-0-0-vekop-15-2016-00041");
    await app.request.get("/projektek/kofop-1-0-0-vekop-15-2016-00041").expect(200);
  });

  it("answers every accepted spelling of the identifier, the id and the old public address with 301 to the slug", async () => {
    const [{ id }] = await database.db.knex("projects").where({ slug: "kofop-1-0-0-vekop-15-2016-00041" }).select("id");
    const slug = "/projektek/kofop-1-0-0-vekop-15-2016-00041";
    for (const key of ["KÖFOP-1.0.0-VEKOP-15-2016-00041", "köfop-1.0.0-vekop-15-2016-00041", "KOFOP-1.0.0-VEKOP-15-2016-00041.", "KÖFOP–1.0.0–VEKOP–15–2016–00041", String(id)]) {
      expect(await redirect(`/projektek/${encodeURIComponent(key)}`), key).to.equal(slug);
    }
    expect(await redirect(`/nyilvanos/projektek/${id}`)).to.equal(slug);
    expect(await redirect(`/projektek/${id}/beagyazott`)).to.equal(`${slug}/beagyazott`);
    expect(await redirect(`/projektek/${id}/beagyazas.html`)).to.equal(`${slug}/beagyazas.html`);
    await app.request.get("/projektek/kofop-1-0-0-vekop-15-2016-00099").expect(404);
  });

  it("adds -2, -3 when call code and title make a slug another project has", async () => {
    await write(
      projectDoc({ identifier: null, call: CALL, title: "Játszótér építése", beneficiary: { name: "Abony Város Önkormányzata" } }),
      projectDoc({ identifier: null, call: CALL, title: "Játszótér-építése", beneficiary: { name: "Abony Város Önkormányzata" } }),
      projectDoc({ identifier: null, call: CALL, title: "Jatszoter epitese!", beneficiary: { name: "Cegléd Város Önkormányzata" } }),
    );
    expect(await Promise.all(["Játszótér építése", "Játszótér-építése", "Jatszoter epitese!"].map(slugOfTitle))).to.deep.equal([BASE, `${BASE}-2`, `${BASE}-3`]);
    for (const slug of [BASE, `${BASE}-2`, `${BASE}-3`]) await app.request.get(`/projektek/${slug}`).expect(200);
  });

  it("gives writers creating projects of one slug base at once a candidate each, none refused", async () => {
    const base = "top-plusz-1-2-1-21-pt1-szabadteri-szinpad";
    const titles = ["Szabadtéri színpad", "Szabadtéri  színpad", "Szabadteri szinpad", "Szabadtéri színpad!", "Szabadtéri-színpad", "SZABADTÉRI SZÍNPAD"];
    await Promise.all(
      titles.map((title, i) => write(projectDoc({ identifier: null, call: CALL, title, beneficiary: { name: `Párhuzamos Egyesület ${i}` } }))),
    );
    const given = await Promise.all(titles.map(slugOfTitle));
    expect([...given].sort()).to.deep.equal([base, `${base}-2`, `${base}-3`, `${base}-4`, `${base}-5`, `${base}-6`].sort());
    const claimed: string[] = await database.db.knex("project_slugs").where("slug", "like", `${base}%`).pluck("slug");
    expect(claimed.sort()).to.deep.equal([...given].sort());
  });

  it("keeps the slug when a write leaves identifier and title alone", async () => {
    const before = await slugs();
    const uid = await uidOfSlug(`${BASE}-2`);
    await write(projectDoc({ uid, identifier: null, call: CALL, title: "Játszótér-építése", beneficiary: { name: "Abony Város Önkormányzata" }, status: "completed" }));
    expect(await slugs()).to.deep.equal(before);
  });

  it("gives a renamed project a new slug; the old one answers 301 and is never handed to another project", async () => {
    const uid = await uidOfSlug(BASE);
    const renamed = { uid, identifier: null, call: CALL, beneficiary: { name: "Abony Város Önkormányzata" } };
    await write(projectDoc({ ...renamed, title: "Közösségi tér felújítása" }));
    const current = "top-plusz-1-2-1-21-pt1-kozossegi-ter-felujitasa";
    expect((await slugs())[uid]).to.equal(current);
    expect(await redirect(`/projektek/${BASE}`)).to.equal(`/projektek/${current}`);
    const api = await app.request.get(`/api/v1/projects/${current}`).expect(200);
    expect(api.body.publicUrl).to.equal(`https://projektek.example.hu/projektek/${current}`);

    // Another project whose title makes the freed slug does not get it: old links keep leading to the renamed one.
    await write(projectDoc({ identifier: null, call: CALL, title: "Játszótér, építése", beneficiary: { name: "Szolnok Megyei Jogú Város" } }));
    expect(await slugOfTitle("Játszótér, építése")).to.equal(`${BASE}-4`);

    // Renamed back, the project takes its own former slug again, and the one in between answers 301.
    await write(projectDoc({ ...renamed, title: "Játszótér építése" }));
    expect((await slugs())[uid]).to.equal(BASE);
    expect(await redirect(`/projektek/${current}`)).to.equal(`/projektek/${BASE}`);
  });

  it("moves a project to its identifier's slug when it is given one", async () => {
    const uid = await uidOfSlug(`${BASE}-3`);
    await write(projectDoc({ uid, identifier: "TOP_PLUSZ-1.2.1-21-PT1-2023-00007", title: "Jatszoter epitese!", beneficiary: { name: "Cegléd Város Önkormányzata" } }));
    expect((await slugs())[uid]).to.equal("top-plusz-1-2-1-21-pt1-2023-00007");
    expect(await redirect(`/projektek/${BASE}-3`)).to.equal("/projektek/top-plusz-1-2-1-21-pt1-2023-00007");
  });

  it("gives rows stored before slugs existed the same slugs at start-up, once", async () => {
    const before = await slugs();
    const lastComer = await uidOfSlug(`${BASE}-4`);
    await database.db.knex("project_slugs").del();
    await database.db.knex("projects").update({ slug: null });
    expect(await backfillSlugs(database.db.knex, 2)).to.equal(Object.keys(before).length);
    // With the history of former slugs deleted above, -3 is free again: the one project that changes takes it.
    expect(await slugs()).to.deep.equal({ ...before, [lastComer]: `${BASE}-3` });
    expect(await backfillSlugs(database.db.knex)).to.equal(0);
  });
});
