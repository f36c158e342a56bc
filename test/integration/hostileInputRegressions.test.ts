/**
 * The defects the hostile-input properties found, each kept as the plain case that showed it, and the
 * request size limits: an oversize body is refused with 413 and a message, never a 500.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import * as cheerio from "cheerio";
import { expect } from "chai";
import { openEmbedded, openServer } from "../../server/data/database.js";
import { ValidationErrors } from "../../server/errors.js";
import { testApp } from "../helpers/app.js";
import { createServerDatabase, engine, testServerUrl, useTestDatabase } from "../helpers/database.js";
import { signedIn, type SignedIn } from "../helpers/session.js";
import { fileOf, projectDoc } from "../factories/projectFile.js";

describe("hostile input: regressions and size limits", () => {
  const context = useTestDatabase();
  let app: ReturnType<typeof testApp>;
  let admin: SignedIn;
  let token: string;
  let projectKey: string;

  before(async () => {
    app = testApp(context.db);
    const doc = projectDoc();
    await app.services.importer.importDocument(fileOf(doc), "import:setup.json");
    projectKey = String((await context.db.knex("projects").where({ identifier: doc.identifier }).first("id")).id);
    admin = await signedIn(app, { roles: ["admin"] });
    token = await app.services.accounts.createToken(admin.userId, "teszt");
  });

  const deeplyNested = (depth: number) => JSON.parse('{"a":'.repeat(depth) + "1" + "}".repeat(depth)) as unknown;
  const summary = (html: string) =>
    cheerio.load(html)(".error-summary li").toArray().map((li) => ({ href: cheerio.load(li)("a").attr("href") ?? null, text: cheerio.load(li).text().trim() }));
  const auditCount = async () => Number((await context.db.knex("audit_log").count({ n: "*" }).first())!.n);

  it("refuses a value nested thousands deep in an API record with 400 naming the place, not 500 (stack overflow)", async () => {
    const before = await auditCount();
    const res = await app.request
      .post(`/api/v1/projects/${projectKey}/records/notices`)
      .set({ Authorization: `Bearer ${token}` })
      .set("Content-Type", "application/json")
      .send(`{"record":{"kind":"start","title":"Cím","body":"Szöveg","publishedAt":${'{"a":'.repeat(3000)}1${"}".repeat(3000)}}}`)
      .expect(400);
    expect(res.body.error.details[0].field).to.match(/^publishedAt\.a\.a/);
    expect(res.body.error.details[0].message).to.contain("túl mélyen egymásba ágyazott");
    expect(await auditCount()).to.equal(before);
  });

  it("refuses a project file nested thousands deep naming the place, not with a RangeError", async () => {
    const error = await app.services.importer.importDocument(fileOf(projectDoc({ shortTitle: deeplyNested(5000) })), "import:mély.json").catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ValidationErrors);
    expect((error as ValidationErrors).errors[0]!.path).to.match(/^projects\[0\]\.shortTitle\.a/);
  });

  it("says what a project file must be when it is not an object at all", async () => {
    const error = await app.services.importer.importDocument("../../etc/passwd", "import:szöveg.json").catch((e: unknown) => e);
    expect((error as ValidationErrors).message).to.equal('a projektfájl egy JSON-objektum: { "projects": [ … ] }');
  });

  it("links a new project's missing code to the code field when the form comes without one", async () => {
    const res = await admin.agent.post("/kezelo/projektek/uj").type("form").send({ _csrf: admin.csrfToken, identifier: "%C3%" }).expect(400);
    const [first] = summary(res.text);
    expect(first!.href).to.equal("#field-kod");
    expect(cheerio.load(res.text)("#field-kod").length).to.equal(1);
  });

  it("links an error about a whole group (a missing beneficiary) to the group's first field", async () => {
    const res = await admin.agent
      .post("/kezelo/projektek/uj")
      .type("form")
      .send({ _csrf: admin.csrfToken, kod: "GINOP_PLUSZ-1.2.2-22", title: "Új projekt" })
      .expect(400);
    const items = summary(res.text);
    expect(items.map((i) => i.href)).to.include("#field-beneficiary-name");
    expect(items.every((i) => i.href !== null)).to.equal(true);
  });

  it("says in Hungarian that a reference form's version is damaged, instead of a library's NaN message", async () => {
    const id = Number((await context.db.knex("organisations").orderBy("id").first("id")).id);
    const res = await admin.agent.post(`/kezelo/szervezetek/${id}`).type("form").send({ _csrf: admin.csrfToken, name: "Név", version: "abc" }).expect(400);
    expect(summary(res.text).map((i) => i.text)).to.deep.equal(["Az űrlap változata: sérült; töltse be újra az űrlapot"]);
  });

  it("refuses a NUL in an organisation's name on the form, naming the field, not with a database error (500)", async () => {
    const res = await admin.agent.post("/kezelo/szervezetek").type("form").send(`_csrf=${admin.csrfToken}&name=%00`).expect(400);
    expect(summary(res.text)).to.deep.equal([{ href: "#field-name", text: "Név: érvénytelen karaktert tartalmaz (NUL vagy csonka UTF-16 karakter)" }]);
  });

  it("refuses a NUL in a new user's name and in an API token's name, naming the field", async () => {
    const user = await admin.agent.post("/kezelo/felhasznalok/uj").type("form").send(`_csrf=${admin.csrfToken}&email=nul%40example.hu&name=a%00b&roles=auditor`).expect(400);
    expect(cheerio.load(user.text)(".error-summary a[href='#name']").text()).to.contain("érvénytelen karaktert");
    const tokenForm = await admin.agent.post("/kezelo/profil/tokenek").type("form").send(`_csrf=${admin.csrfToken}&name=%00`).expect(400);
    expect(cheerio.load(tokenForm.text)(".error-summary a[href='#name']").text()).to.contain("érvénytelen karaktert");
  });

  it("refuses a version no integer column holds with 400 naming it, not a database error (500)", async () => {
    const api = await app.request
      .patch(`/api/v1/projects/${projectKey}`)
      .set({ Authorization: `Bearer ${token}` })
      .send({ version: 2 ** 40, changes: { summary: "x" } })
      .expect(400);
    expect(api.body.error.details).to.deep.equal([{ field: "version", message: "érvénytelen: 1 és 2147483647 közötti egész szám kell" }]);
    const form = await admin.agent.post(`/kezelo/projektek/${projectKey}/szerkesztes`).type("form").send({ _csrf: admin.csrfToken, version: "1e4-01-01", shortTitle: "x" }).expect(400);
    expect(summary(form.text).map((i) => i.text)).to.deep.equal(["Az űrlap változata: érvénytelen: 1 és 2147483647 közötti egész szám kell"]);
  });

  it("answers a programme's confirmation based on a version no programme had (a huge negative one) with 409, not 500", async () => {
    // Found by `npm run fuzz -- --runs 1000`: the conflict's history was read with a LIMIT of 10^20.
    const programme = await context.db.knex("programmes").orderBy("id").first("id", "version");
    const before = await auditCount();
    for (const version of ["-99999999999999999999", "-1", "1e300"]) {
      const res = await admin.agent.post(`/kezelo/programok/${programme.id}/megerosites`).type("form").send({ _csrf: admin.csrfToken, version }).expect(409);
      expect(cheerio.load(res.text)("main p").first().text()).to.contain(`már a(z) ${programme.version}. változat az érvényes`);
    }
    expect(await auditCount()).to.equal(before);
  });

  it("answers a login with a NUL in the e-mail address as any wrong login (401), not with a database error (500)", async () => {
    const page = await app.request.get("/belepes");
    const cookie = page.headers["set-cookie"]!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    await app.request.post("/belepes").set("Cookie", cookie).type("form").send(`_csrf=${encodeURIComponent(csrf)}&email=x%00&password=y`).expect(401);
  });

  it("names only the form's own fields: a NUL in a field no form has, named `toString`, is neither an error nor a 500", async () => {
    const res = await admin.agent.post("/kezelo/felhivasok").type("form").send(`_csrf=${admin.csrfToken}&code=&title=x&toString=%00&__proto__=x`).expect(400);
    expect(summary(res.text).map((i) => i.href)).to.deep.equal(["#field-code"]);
  });

  it("shows a refused project assignment on the user list, linked to the assignment field", async () => {
    const other = await signedIn(app, { roles: ["project_manager"] });
    const res = await admin.agent.post(`/kezelo/felhasznalok/${other.userId}/hozzarendeles`).type("form").send({ _csrf: admin.csrfToken, project: "NINCS-ILYEN" }).expect(400);
    const [item] = summary(res.text);
    expect(item!.href).to.equal(`#project-${other.userId}`);
    expect(item!.text).to.contain("Nincs ilyen projekt");
  });

  describe("request size limits", () => {
    it("refuses a form body over 1 MB with 413 and a Hungarian page, writing nothing", async () => {
      const before = await auditCount();
      const res = await admin.agent
        .post(`/kezelo/projektek/${projectKey}/szerkesztes`)
        .type("form")
        .send(`_csrf=${admin.csrfToken}&version=1&summary=${"x".repeat(1024 * 1024)}`)
        .expect(413);
      expect(cheerio.load(res.text)("main p").first().text()).to.equal("A kérés törzse túl nagy: legfeljebb 1 MB lehet.");
      expect(await auditCount()).to.equal(before);
    });

    it("accepts a form body just under the limit", async () => {
      const version = (await app.services.projects.get(projectKey)).version;
      await admin.agent
        .post(`/kezelo/projektek/${projectKey}/szerkesztes`)
        .type("form")
        .send(`_csrf=${admin.csrfToken}&version=${version}&summary=${"x".repeat(1000 * 1000)}`)
        .expect(303);
    });

    it("refuses an API body over 2 MB with 413 and a JSON message", async () => {
      const res = await app.request
        .patch(`/api/v1/projects/${projectKey}`)
        .set({ Authorization: `Bearer ${token}` })
        .send({ version: 1, changes: { summary: "x".repeat(2 * 1024 * 1024) } })
        .expect(413);
      expect(res.body).to.deep.equal({ error: { message: "A kérés törzse túl nagy: legfeljebb 2 MB lehet." } });
    });

    it("refuses a body in a charset the parsers do not read with 415 in Hungarian", async () => {
      const res = await app.request
        .patch(`/api/v1/projects/${projectKey}`)
        .set({ Authorization: `Bearer ${token}`, "Content-Type": "application/json; charset=latin1" })
        .send('{"version":1}')
        .expect(415);
      expect(res.body.error.message).to.equal("A kérés törzse nem támogatott kódolású: UTF-8 kódolású szöveget küldjön.");
    });

    it("refuses a form with more than 1000 fields with 413, not 500", async () => {
      const fields = Array.from({ length: 1001 }, (_, i) => `f${i}=x`).join("&");
      const res = await admin.agent.post(`/kezelo/profil/tokenek`).type("form").send(`${fields}&_csrf=${admin.csrfToken}`).expect(413);
      expect(cheerio.load(res.text)("main p").first().text()).to.equal("A kérés törzse túl sok mezőt tartalmaz.");
    });
  });

  describe("npm run import with a hostile file", function () {
    this.timeout(180_000);
    const ROOT = path.join(import.meta.dirname, "..", "..");

    it("refuses it naming each place, with no stack trace, and writes nothing", async () => {
      const workDir = await fs.mkdtemp(path.join(os.tmpdir(), "projekttar-hostile-"));
      try {
        const { DATABASE_URL: _ignored, ...inherited } = process.env;
        const env: NodeJS.ProcessEnv = { ...inherited, DATA_DIR: path.join(workDir, "data") };
        const run = (script: string, ...args: string[]) =>
          spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts", script), ...args], { cwd: ROOT, env, encoding: "utf8" });
        if (engine === "postgres") {
          env.DATABASE_URL = testServerUrl(await createServerDatabase());
          expect(run("migrate.ts").status).to.equal(0);
        }
        const file = path.join(workDir, "ellenséges.json");
        // Bytes that are not UTF-8 in a title, a NUL, a day that does not exist, an amount past bigint, a prototype key, deep nesting.
        await fs.writeFile(
          file,
          Buffer.concat([
            Buffer.from('{"projects":[{"identifier":"GINOP_PLUSZ-1.2.2-22-2022-00001","title":"Cím '),
            Buffer.from([0xff, 0xc0, 0xaf, 0xed, 0xa0, 0x80]),
            Buffer.from(
              `","summary":"a\\u0000b","beneficiary":{"name":"Kft."},"dates":{"start":"2021-02-30"},` +
                `"funding":{"grant":"99 999 999 999 999 999 999 Ft"},"__proto__":{"admin":true},"location":${'{"a":'.repeat(2000)}1${"}".repeat(2000)}}]}`,
            ),
          ]),
        );
        const result = run("import.ts", file);
        expect(result.status, result.stderr).to.equal(1);
        for (const place of ["projects[0].summary", "projects[0].location.a.a"]) expect(result.stderr).to.contain(place);
        expect(result.stderr).not.to.match(/^\s+at /m);
        const db = engine === "embedded" ? await openEmbedded({ dataDir: env.DATA_DIR! }) : await openServer(env.DATABASE_URL!, { min: 0, max: 1 });
        try {
          expect(Number((await db.knex("projects").count({ n: "*" }).first())!.n)).to.equal(0);
          expect(Number((await db.knex("audit_log").count({ n: "*" }).first())!.n)).to.equal(0);
        } finally {
          await db.close();
        }
      } finally {
        await fs.rm(workDir, { recursive: true, force: true });
      }
    });
  });
});
