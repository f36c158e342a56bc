import { expect } from "chai";
import type { Database } from "../../server/data/database.js";
import { projectFileText } from "../../server/projectFile/document.js";
import { streamProjects } from "../../server/projectFile/stream.js";
import { exportAll, rejection, services } from "../helpers/writes.js";
import { useTestDatabase, openTestDatabase } from "../helpers/database.js";
import { fileOf, projectDoc } from "../factories/projectFile.js";

const count = async (db: Database, table: string) => Number((await db.knex(table).count({ n: "*" }))[0]!.n);

/** A text delivered in small chunks, as a file is read; `pulled` says how far the reader has asked. */
function chunked(text: string, size = 64) {
  const state = { pulled: 0 };
  async function* chunks() {
    for (let i = 0; i < text.length; i += size) {
      state.pulled = i + size;
      yield text.slice(i, i + size);
    }
  }
  return { chunks: chunks(), state };
}

/** The file as `npm run export` writes it. */
async function exportText(db: Database): Promise<string> {
  let text = "";
  for await (const part of projectFileText(services(db).exporter.projectDocuments())) text += part;
  return text;
}

describe("streaming project-file import and export", () => {
  const context = useTestDatabase();

  it("writes nothing when the last project of a file of several batches is bad, and names it and its field", async () => {
    const projectsBefore = await count(context.db, "projects");
    const auditBefore = await count(context.db, "audit_log");
    const file = fileOf(projectDoc(), projectDoc(), projectDoc(), projectDoc(), projectDoc({ funding: { grant: "29,11 miló Ft" } }));
    const { chunks } = chunked(JSON.stringify(file, null, 2));
    const batches: number[] = [];
    const errors = await rejection(
      services(context.db).importer.importProjects(streamProjects(chunks), "import:rossz.json", { batchSize: 2, onProgress: (n) => batches.push(n) }),
    );
    expect(errors).to.deep.equal([
      'projects[4].funding.grant: "29,11 miló Ft" nem értelmezhető összeg (várt alak pl.: 29 110 000 Ft, 29,11 millió Ft, 2,582 milliárd Ft)',
    ]);
    // Two batches had been written before the bad project arrived; the transaction took them back.
    expect(batches.slice(0, 2)).to.deep.equal([2, 4]);
    expect(await count(context.db, "projects")).to.equal(projectsBefore);
    expect(await count(context.db, "audit_log")).to.equal(auditBefore);
  });

  it("imports a file of more projects than a batch, writing each batch before reading the rest", async () => {
    const file = fileOf(...Array.from({ length: 10 }, () => projectDoc()));
    const text = JSON.stringify(file, null, 2);
    const { chunks, state } = chunked(text);
    const readWhenWritten: number[] = [];
    const summary = await services(context.db).importer.importProjects(streamProjects(chunks), "import:hét.json", {
      batchSize: 2,
      onProgress: () => readWhenWritten.push(state.pulled),
    });
    expect(summary).to.include({ created: 10, updated: 0, unchanged: 0 });
    expect(readWhenWritten[0]).to.be.below(text.length / 2);
    for (const p of file.projects) expect(await services(context.db).projects.get(p.identifier as string)).to.have.nested.property("record.title", p.title);
  });

  it("refuses the same project twice in one file across batches, naming the first place", async () => {
    const doc = projectDoc();
    const file = fileOf(doc, projectDoc(), projectDoc(), { ...doc, title: "Másik cím" });
    const errors = await rejection(services(context.db).importer.importDocument(file, "import:dupla.json", { batchSize: 2 }));
    expect(errors).to.deep.equal(["projects[3]: ugyanez a projekt már szerepel: projects[0]"]);
  });

  it("names the file's own faults wherever they sit: an unknown key after the projects, a top level that is not an object", async () => {
    const text = JSON.stringify({ projects: [projectDoc()], format: "projekttar" });
    const errors = await rejection(services(context.db).importer.importProjects(streamProjects(chunked(text).chunks), "import:x.json"));
    expect(errors).to.have.length(1);
    expect(errors[0]).to.contain("format");
    const array = await rejection(services(context.db).importer.importProjects(streamProjects(chunked("[1, 2, 3]").chunks), "import:x.json"));
    expect(array).to.deep.equal(['a projektfájl egy JSON-objektum: { "projects": [ … ] }']);
  });

  it("export → import into an empty database → export gives the same bytes, as JSON.stringify writes the document", async () => {
    await services(context.db).importer.importDocument(fileOf(...Array.from({ length: 5 }, () => projectDoc({ partners: [{ name: "Közös Partner Egyesület", role: "member" }] }))), "import:kör.json");
    const first = await exportText(context.db);
    expect(first).to.equal(`${JSON.stringify(await exportAll(context.db), null, 2)}\n`);
    const empty = await openTestDatabase();
    try {
      await services(empty).importer.importProjects(streamProjects(chunked(first, 4096).chunks), "import:kör.json", { batchSize: 2 });
      expect(await exportText(empty)).to.equal(first);
    } finally {
      await empty.close();
    }
  });
});
