/** What is public: a project is public from the day set for it, never before, and never its internal notes. */
import { expect } from "chai";
import { testApp } from "../helpers/app.js";
import { signedIn, type SignedIn } from "../helpers/session.js";
import { useTestDatabase } from "../helpers/database.js";
import { fileOf, projectDoc } from "../factories/projectFile.js";

describe("publication", () => {
  const database = useTestDatabase();
  let request: ReturnType<typeof testApp>["request"];
  let staff: SignedIn["agent"];
  const projects = {
    unpublished: projectDoc({ publishedFrom: null, internalNotes: "Belső: a kivitelező késésben van" }),
    future: projectDoc({ publishedFrom: "2099-01-01" }),
    published: projectDoc({
      publishedFrom: "2024-03-01",
      internalNotes: "Belső: ne tegyük ki",
      notices: [
        { kind: "start", title: "Elindult", body: "A projekt elindult.", publishedAt: "2024-03-02" },
        { kind: "progress", title: "Belső: időzített hír", body: "Még nem nyilvános.", publishedAt: "2099-05-01T08:00:00+02:00" },
      ],
    }),
    importedWithoutOne: projectDoc(),
  };

  before(async () => {
    const app = testApp(database.db);
    request = app.request;
    staff = (await signedIn(app, { roles: ["auditor"] })).agent;
    const summary = await app.services.importer.importDocument(fileOf(...Object.values(projects)), "test");
    expect(summary.publishedOnWrite).to.equal(1);
  });

  const publicPath = (doc: Record<string, unknown>) => `/projektek/${encodeURIComponent(doc.identifier as string)}`;
  const apiPath = (doc: Record<string, unknown>) => `/api/v1/projects/${encodeURIComponent(doc.identifier as string)}`;

  it("keeps unpublished and not-yet-published projects off the public page and the API, but not off staff pages", async () => {
    for (const doc of [projects.unpublished, projects.future]) {
      await request.get(publicPath(doc)).expect(404);
      await request.get(apiPath(doc)).expect(404);
      await staff.get(`/kezelo/projektek/${encodeURIComponent(doc.identifier as string)}`).expect(200);
    }
    const list = await request.get("/api/v1/projects?limit=100").expect(200);
    expect(list.body.items.map((p: { identifier: string }) => p.identifier)).to.have.members([
      projects.published.identifier,
      projects.importedWithoutOne.identifier,
    ]);
  });

  it("shows a published project, and one imported without a publication field, without internal notes", async () => {
    for (const doc of [projects.published, projects.importedWithoutOne]) {
      const page = await request.get(publicPath(doc)).redirects(1).expect(200);
      expect(page.text).not.to.contain("Belső:");
      const api = await request.get(apiPath(doc)).expect(200);
      expect(JSON.stringify(api.body)).not.to.contain("Belső:");
    }
    const api = await request.get(apiPath(projects.published)).expect(200);
    expect(api.body.notices.map((n: { title: string }) => n.title), "a scheduled notice waits for its moment").to.deep.equal(["Elindult"]);
  });
});
