/**
 * The bundle `npm start` runs (dist/main.js, scripts/build.ts) serves what the source serves: every part that loads
 * something at run time — templates and public files, PGlite's WebAssembly, argon2's native binary, pdfmake's fonts,
 * exceljs, the migrations — works from it. A first start on a new data folder, as a new user's `npm start` is.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import supertest from "supertest";
import { engine } from "../helpers/database.js";
import { csrfOf } from "../helpers/session.js";

const ROOT = path.join(import.meta.dirname, "..", "..");

// One engine is enough: the bundle is the same file on both, and a new user starts it embedded.
(engine === "embedded" ? describe : describe.skip)("the built app (dist/main.js)", function () {
  this.timeout(180_000);
  let workDir: string;
  let child: ChildProcessWithoutNullStreams;
  let output = "";
  let base: string;

  before(async () => {
    const build = spawnSync("npm", ["run", "-s", "build"], { cwd: ROOT, encoding: "utf8" });
    expect(build.status, build.stdout + build.stderr).to.equal(0);
    workDir = await fs.mkdtemp(path.join(os.tmpdir(), "projekttar-built-"));
    const { DATABASE_URL: _ignored, ...inherited } = process.env;
    child = spawn(process.execPath, ["--enable-source-maps", path.join(ROOT, "dist", "main.js")], {
      cwd: ROOT,
      env: { ...inherited, DATA_DIR: path.join(workDir, "data"), PORT: "0", NODE_ENV: "test", LOG_LEVEL: "warn" },
    });
    child.stderr.on("data", (chunk) => (output += chunk));
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.on("data", (chunk) => {
        output += chunk;
        const match = /running at http:\/\/localhost:(\d+)\//.exec(output);
        if (match) resolve(Number(match[1]));
      });
      child.on("exit", () => reject(new Error(`the server stopped before serving:\n${output}`)));
    });
    base = `http://127.0.0.1:${port}`;
  });

  after(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.on("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
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
});

function binary(res: supertest.Response, done: (error: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  const stream = res as unknown as NodeJS.ReadableStream;
  stream.on("data", (chunk: Buffer) => chunks.push(chunk));
  stream.on("end", () => done(null, Buffer.concat(chunks)));
}
