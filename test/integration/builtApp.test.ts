/**
 * The bundle `npm start` runs (dist/main.js, scripts/build.ts) serves what the source serves: every part that loads
 * something at run time — templates and public files, PGlite's WebAssembly, argon2's native binary, pdfmake's fonts,
 * exceljs, the migrations — works from it. A first start on a new data folder, as a new user's `npm start` is. The
 * same for the two commands built beside it (`npm run export`, `npm run import`: dist/export.js, dist/import.js).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import supertest from "supertest";
import { buildApp, ROOT, startBuilt, type BuiltServer } from "../helpers/builtServer.js";
import { engine } from "../helpers/database.js";
import { csrfOf } from "../helpers/session.js";

// One engine is enough: the bundle is the same file on both, and a new user starts it embedded.
(engine === "embedded" ? describe : describe.skip)("the built app (dist/main.js)", function () {
  this.timeout(180_000);
  let workDir: string;
  let server: BuiltServer;
  let base: string;

  before(async () => {
    buildApp();
    workDir = await fs.mkdtemp(path.join(os.tmpdir(), "projekttar-built-"));
    const { DATABASE_URL: _ignored, ...inherited } = process.env;
    server = await startBuilt({ ...inherited, DATA_DIR: path.join(workDir, "data"), PORT: "0", NODE_ENV: "test", LOG_LEVEL: "warn" }, ["--enable-source-maps"]);
    base = `http://127.0.0.1:${server.port}`;
  });

  async function stopServer() {
    if (server && server.child.exitCode === null) {
      const exited = new Promise((resolve) => server.child.on("exit", resolve));
      server.child.kill("SIGTERM");
      await exited;
    }
  }

  after(async () => {
    await stopServer();
    await fs.rm(workDir, { recursive: true, force: true });
  });

  it("serves the public site, its feeds and open data, and the API with its description", async () => {
    const site = supertest(base);
    const list = await site.get("/").expect(200);
    const projectPath = /href="(\/projektek\/[^"/]+)"/.exec(list.text)?.[1];
    expect(projectPath, "a project link on /projektek").to.be.a("string");
    expect((await site.get(projectPath!).redirects(1).expect(200)).text).to.include("Támogatás");
    await site.get("/static/styles.css").expect(200);
    await site.get("/hirek").expect(200);
    expect((await site.get("/nyilt-adatok/projektek.csv").expect(200)).text.split("\n").length).to.be.greaterThan(10);
    expect((await site.get("/api/v1/projects?limit=5").expect(200)).body.items).to.have.length(5);
    expect((await site.get("/api/v1/openapi.json").expect(200)).body.openapi).to.match(/^3\./);
  });

  it("signs in the first admin (argon2) and makes a spreadsheet (exceljs) and a closure report (pdfmake)", async () => {
    const output = server.output();
    const email = /e-mail:\s+(\S+)/.exec(output)?.[1];
    const oneTimePassword = /one-time password:\s+(\S+)/.exec(output)?.[1];
    expect(email && oneTimePassword, output).to.be.a("string");
    const agent = supertest.agent(base);
    const login = await agent.get("/belepes").expect(200);
    await agent.post("/belepes").type("form").send({ _csrf: csrfOf(login.text), email, password: oneTimePassword }).expect(303);
    const form = await agent.get("/kezelo/jelszo").expect(200);
    const password = "a-beépített-alkalmazás-jelszava";
    await agent.post("/kezelo/jelszo").type("form").send({ _csrf: csrfOf(form.text), current: oneTimePassword, password, confirmation: password }).expect(303);

    const sheet = await agent.get("/kezelo/export/projektek.xlsx").buffer(true).parse(binary).expect(200);
    expect((sheet.body as Buffer).subarray(0, 2).toString()).to.equal("PK");
    const staffList = await agent.get("/kezelo/projektek").expect(200);
    const key = /href="\/kezelo\/projektek\/([^"/?]*\d[^"/?]*)"/.exec(staffList.text)?.[1];
    expect(key, "a project on the staff list").to.be.a("string");
    const report = await agent.get(`/kezelo/projektek/${key}/zarasi-jelentes.pdf`).buffer(true).parse(binary).expect(200);
    expect((report.body as Buffer).subarray(0, 5).toString()).to.equal("%PDF-");
  });

  it("exports the data folder with `npm run export` and imports that file into a new one with `npm run import`", async () => {
    // The server holds its data folder; the commands open it once it has stopped.
    await stopServer();
    const { DATABASE_URL: _ignored, ...inherited } = process.env;
    const npm = (dataDir: string, ...args: string[]) => {
      const run = spawnSync("npm", ["run", "-s", ...args], { cwd: ROOT, env: { ...inherited, DATA_DIR: dataDir }, encoding: "utf8" });
      expect(run.status, run.stdout + run.stderr).to.equal(0);
      return run.stdout + run.stderr;
    };
    const file = path.join(workDir, "projects.json");
    const exported = npm(path.join(workDir, "data"), "export", "--", "--out", file);
    const count = Number(/(\d+) projekt exportálva/.exec(exported)?.[1]);
    expect(count, exported).to.be.greaterThan(0);
    expect(npm(path.join(workDir, "copy"), "import", "--", file)).to.include(`${count} új`);
    const again = path.join(workDir, "again.json");
    npm(path.join(workDir, "copy"), "export", "--", "--out", again);
    expect(await fs.readFile(again, "utf8")).to.equal(await fs.readFile(file, "utf8"));
  });
});

function binary(res: supertest.Response, done: (error: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  const stream = res as unknown as NodeJS.ReadableStream;
  stream.on("data", (chunk: Buffer) => chunks.push(chunk));
  stream.on("end", () => done(null, Buffer.concat(chunks)));
}
