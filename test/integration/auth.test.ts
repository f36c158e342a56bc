/** Logging in and staying safe: sessions, CSRF, rate limits, one-time passwords, tokens, the old addresses. */
import { expect } from "chai";
import supertest from "supertest";
import { systemActor } from "../../server/domain/permissions.js";
import { SESSION_COOKIE } from "../../server/middleware/session.js";
import { DEFAULT_ATTEMPT_LIMITS } from "../../server/services/accountService.js";
import { loadTestPortfolio, testApp } from "../helpers/app.js";
import { useTestDatabase } from "../helpers/database.js";
import { csrfOf, signedIn, TEST_PASSWORD } from "../helpers/session.js";

const sessionCookie = (res: supertest.Response) =>
  ([] as string[]).concat(res.headers["set-cookie"] ?? []).find((c) => c.startsWith(`${SESSION_COOKIE}=`));

describe("accounts and sessions", () => {
  const context = useTestDatabase();
  let app: ReturnType<typeof testApp>;

  before(async () => {
    app = testApp(context.db);
    await loadTestPortfolio(app.services);
  });

  it("sends anonymous visitors of staff pages to the login page, and back after login", async () => {
    const res = await app.request.get("/kezelo/projektek?status=closed").expect(303);
    expect(res.headers.location).to.equal("/belepes?vissza=%2Fkezelo%2Fprojektek%3Fstatus%3Dclosed");
    await app.services.accounts.create(systemActor("test"), { email: "Anna@Example.hu", name: "Anna", roles: ["auditor"], password: TEST_PASSWORD });
    const agent = supertest.agent(app.app);
    const page = await agent.get(res.headers.location!).expect(200);
    const login = await agent
      .post("/belepes")
      .type("form")
      .send({ _csrf: csrfOf(page.text), email: " anna@example.hu ", password: TEST_PASSWORD, vissza: "/kezelo/projektek?status=closed" })
      .expect(303);
    expect(login.headers.location).to.equal("/kezelo/projektek?status=closed");
    await agent.get("/kezelo/projektek?status=closed").expect(200);
  });

  it("never sends anyone to another site after login", async () => {
    const { agent } = await signedIn(app, { roles: ["auditor"] });
    for (const target of ["//evil.example", "https://evil.example/", "/\\evil.example"]) {
      const res = await agent.get(`/belepes?vissza=${encodeURIComponent(target)}`).expect(303);
      expect(res.headers.location).to.equal("/kezelo");
    }
  });

  it("renews the session id at login and sets a safe cookie", async () => {
    const agent = supertest.agent(app.app);
    const page = await agent.get("/belepes").expect(200);
    const before = sessionCookie(page)!;
    expect(before).to.match(/HttpOnly/).and.match(/SameSite=Lax/);
    const { email } = await signedIn(app, { roles: ["auditor"] });
    const login = await agent.post("/belepes").type("form").send({ _csrf: csrfOf(page.text), email, password: TEST_PASSWORD }).expect(303);
    const after = sessionCookie(login)!;
    expect(after.split(";")[0]).to.not.equal(before.split(";")[0]);
    expect(after).to.match(/HttpOnly/).and.match(/SameSite=Lax/).and.not.match(/Secure/);
  });

  it("marks the cookie Secure when the request came over HTTPS through a trusted proxy", async () => {
    const behindProxy = testApp(context.db, { trustProxy: 1 });
    const res = await behindProxy.request.get("/belepes").set("X-Forwarded-Proto", "https").expect(200);
    expect(sessionCookie(res)).to.match(/Secure/);
  });

  it("keeps the session in the database, so another app instance serves the same user", async () => {
    const { email } = await signedIn(app, { roles: ["auditor"] });
    const page = await app.request.get("/belepes");
    const cookie = sessionCookie(page)!.split(";")[0]!;
    const login = await app.request.post("/belepes").set("Cookie", cookie).type("form").send({ _csrf: csrfOf(page.text), email, password: TEST_PASSWORD }).expect(303);
    const signedInCookie = sessionCookie(login)!.split(";")[0]!;
    const other = testApp(context.db);
    const res = await other.request.get("/kezelo/profil").set("Cookie", signedInCookie).expect(200);
    expect(res.text).to.include(email);
  });

  it("refuses a wrong password with a Hungarian message, keeping the e-mail typed", async () => {
    const agent = supertest.agent(app.app);
    const page = await agent.get("/belepes");
    const res = await agent.post("/belepes").type("form").send({ _csrf: csrfOf(page.text), email: "nincs@example.hu", password: "rossz" }).expect(401);
    expect(res.text).to.include("Hibás e-mail-cím vagy jelszó.").and.include('value="nincs@example.hu"');
  });

  it("refuses a form sent without its CSRF token, or with another session's", async () => {
    const { agent } = await signedIn(app, { roles: ["auditor"] });
    const other = await signedIn(app, { roles: ["auditor"] });
    await agent.post("/kezelo/profil/tokenek").type("form").send({ name: "szkript" }).expect(403);
    const res = await agent.post("/kezelo/profil/tokenek").type("form").send({ name: "szkript", _csrf: other.csrfToken }).expect(403);
    expect(res.text).to.include("CSRF");
    expect(await app.services.accounts.tokens((await signedIn(app, { roles: ["auditor"] })).userId)).to.have.length(0);
  });

  it("limits failed logins per account across two app instances sharing the database", async () => {
    const { email } = await signedIn(app, { roles: ["auditor"] });
    const second = testApp(context.db);
    const attempt = async (instance: ReturnType<typeof testApp>, password: string) => {
      const agent = supertest.agent(instance.app);
      const page = await agent.get("/belepes");
      return agent.post("/belepes").type("form").send({ _csrf: csrfOf(page.text), email, password });
    };
    for (let i = 0; i < 3; i++) expect((await attempt(app, "rossz jelszó")).status).to.equal(401);
    for (let i = 0; i < 2; i++) expect((await attempt(second, "rossz jelszó")).status).to.equal(401);
    // The limit is reached: even the right password waits, on either instance.
    const limited = await attempt(app, TEST_PASSWORD);
    expect(limited.status).to.equal(429);
    expect(limited.headers["retry-after"]).to.match(/^\d+$/);
    expect(limited.text).to.include("Túl sok sikertelen belépési kísérlet");
    expect((await attempt(second, TEST_PASSWORD)).status).to.equal(429);
  });

  it("limits failed logins per client address too, whichever accounts they try", async () => {
    const crowd = testApp(context.db, { trustProxy: 1 });
    const attempt = async (email: string, address: string) => {
      const agent = supertest.agent(crowd.app);
      const page = await agent.get("/belepes").set("X-Forwarded-For", address);
      return agent.post("/belepes").set("X-Forwarded-For", address).type("form").send({ _csrf: csrfOf(page.text), email, password: "rossz" });
    };
    for (let i = 0; i < DEFAULT_ATTEMPT_LIMITS.perAddress; i++) {
      expect((await attempt(`talalgatas${i}@example.hu`, "203.0.113.7")).status).to.equal(401);
    }
    expect((await attempt("meg-egy@example.hu", "203.0.113.7")).status).to.equal(429);
    // Another address is not held back by the first one's failures.
    expect((await attempt("meg-egy@example.hu", "203.0.113.8")).status).to.equal(401);
  });

  it("ends a session that has been idle for its lifetime", async () => {
    const { agent } = await signedIn(app, { roles: ["auditor"] });
    const res = await agent.get("/kezelo/profil").expect(200);
    const expires = Date.parse(/Expires=([^;]+)/.exec(sessionCookie(res)!)![1]!);
    expect(expires - Date.now()).to.be.within(29 * 60_000, 31 * 60_000);
    // As if the idle time had passed: the stored session's expiry is behind us.
    await context.db.knex("sessions").update({ expired: new Date(Date.now() - 1000) });
    expect((await agent.get("/kezelo/profil").expect(303)).headers.location).to.match(/^\/belepes/);
  });

  it("makes a user with a one-time password set a new one before anything else", async () => {
    const { oneTimePassword } = await app.services.accounts.create(systemActor("test"), { email: "uj@example.hu", name: "Új Kolléga", roles: ["communication"] });
    expect(oneTimePassword).to.be.a("string").with.length.above(20);
    const agent = supertest.agent(app.app);
    const page = await agent.get("/belepes");
    const login = await agent.post("/belepes").type("form").send({ _csrf: csrfOf(page.text), email: "uj@example.hu", password: oneTimePassword }).expect(303);
    expect(login.headers.location).to.equal("/kezelo/jelszo");
    expect((await agent.get("/kezelo/projektek").expect(303)).headers.location).to.equal("/kezelo/jelszo");
    const form = await agent.get("/kezelo/jelszo").expect(200);
    const short = await agent
      .post("/kezelo/jelszo")
      .type("form")
      .send({ _csrf: csrfOf(form.text), current: oneTimePassword, password: "rövid", confirmation: "rövid" })
      .expect(400);
    expect(short.text).to.include('href="#password"').and.include("legalább 12 karakter");
    await agent
      .post("/kezelo/jelszo")
      .type("form")
      .send({ _csrf: csrfOf(form.text), current: oneTimePassword, password: "egy-hosszú-saját-jelszó", confirmation: "egy-hosszú-saját-jelszó" })
      .expect(303);
    await agent.get("/kezelo/projektek").expect(200);
    const entry = await context.db.knex("audit_log").where({ entity: "user" }).orderBy("seq", "desc").first("actor", "changes");
    expect(entry.actor).to.equal("uj@example.hu");
    expect(JSON.stringify(entry.changes)).to.not.include("egy-hosszú-saját-jelszó");
  });

  it("ends a session at its absolute limit even while it is being used", async () => {
    const { agent } = await signedIn(app, { roles: ["auditor"] });
    await agent.get("/kezelo/projektek").expect(200);
    const rows = await context.db.knex("sessions").select("sid", "sess");
    for (const row of rows) {
      const sess = typeof row.sess === "string" ? JSON.parse(row.sess) : row.sess;
      if (sess.userId === undefined) continue;
      sess.signedInAt -= 11 * 3_600_000;
      await context.db.knex("sessions").where({ sid: row.sid }).update({ sess: JSON.stringify(sess) });
    }
    expect((await agent.get("/kezelo/projektek").expect(303)).headers.location).to.match(/^\/belepes/);
  });

  it("logs out, and the old cookie no longer opens staff pages", async () => {
    const { agent, csrfToken } = await signedIn(app, { roles: ["auditor"] });
    await agent.post("/kilepes").type("form").send({ _csrf: csrfToken }).expect(303);
    await agent.get("/kezelo/projektek").expect(303);
  });

  it("gives a token once, acts as its owner with it, and refuses it once revoked", async () => {
    const [project] = (await app.services.projects.list({}, { limit: 1, offset: 0 })).items;
    const { agent, csrfToken, email, userId } = await signedIn(app, { roles: ["project_manager"], projects: [project!.id] });
    const created = await agent.post("/kezelo/profil/tokenek").type("form").send({ _csrf: csrfToken, name: "éjszakai import" }).expect(201);
    expect(created.headers["cache-control"]).to.equal("no-store");
    const token = /<code class="secret-value">([^<]+)<\/code>/.exec(created.text)![1]!;
    const me = await app.request.get("/api/v1/me").set("Authorization", `Bearer ${token}`).expect(200);
    expect(me.body).to.deep.equal({ email, roles: ["project_manager"], projects: [project!.identifier ?? String(project!.id)] });
    const stored = await context.db.knex("api_tokens").where({ user_id: userId }).first("token_hash");
    expect(stored.token_hash).to.not.include(token.slice(4, 20));
    const [listed] = await app.services.accounts.tokens(userId);
    await agent.post(`/kezelo/profil/tokenek/${listed!.id}/visszavonas`).type("form").send({ _csrf: csrfToken }).expect(303);
    const refused = await app.request.get("/api/v1/me").set("Authorization", `Bearer ${token}`).expect(401);
    expect(refused.body.error.message).to.include("visszavont");
    await app.request.get("/api/v1/me").expect(401);
  });

  it("does not let the session cookie stand in for a token in the API", async () => {
    const { agent } = await signedIn(app, { roles: ["admin"] });
    await agent.get("/api/v1/me").expect(401);
  });

  it("serves pages over plain HTTP without asking the browser to upgrade to HTTPS", async () => {
    const res = await app.request.get("/").expect(200);
    expect(res.headers["content-security-policy"]).to.include("script-src 'self'");
    expect(res.headers["content-security-policy"]).to.not.include("upgrade-insecure-requests");
  });

  it("answers today's old addresses with 301 to the canonical public page", async () => {
    const [project] = (await app.services.projects.listPublic({}, { limit: 1, offset: 0 })).items;
    const key = project!.identifier!;
    const canonical = `/projektek/${project!.slug}`;
    expect((await app.request.get(`/nyilvanos/projektek/${encodeURIComponent(key)}`).expect(301)).headers.location).to.equal(canonical);
    expect((await app.request.get(`/projektek/${project!.id}`).expect(301)).headers.location).to.equal(canonical);
    expect((await app.request.get(`/projektek/${encodeURIComponent(key.toLowerCase())}`).expect(301)).headers.location).to.equal(canonical);
    await app.request.get(canonical).expect(200);
  });
});

describe("user administration", () => {
  const context = useTestDatabase();
  let app: ReturnType<typeof testApp>;

  before(async () => {
    app = testApp(context.db);
    await loadTestPortfolio(app.services);
  });

  it("lets an admin create a user, shown a one-time password once, and assign a project", async () => {
    const admin = await signedIn(app, { roles: ["admin"] });
    const rejected = await admin.agent
      .post("/kezelo/felhasznalok/uj")
      .type("form")
      .send({ _csrf: admin.csrfToken, email: "nem-email", name: '"><script>alert(1)</script>' })
      .expect(400);
    expect(rejected.text).to.include('href="#email"').and.include('href="#roles"');
    expect(rejected.text).to.include('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    const created = await admin.agent
      .post("/kezelo/felhasznalok/uj")
      .type("form")
      .send({ _csrf: admin.csrfToken, email: "Pm@Example.hu", name: "Projekt Pál", roles: ["project_manager", "auditor"] })
      .expect(201);
    expect(created.headers["cache-control"]).to.equal("no-store");
    const oneTimePassword = /<code class="secret-value">([^<]+)<\/code>/.exec(created.text)![1]!;
    const user = (await app.services.accounts.list(systemActor("test"))).find((u) => u.email === "pm@example.hu")!;
    expect(user.roles).to.deep.equal(["project_manager", "auditor"]);
    expect(user.mustChangePassword).to.equal(true);
    const [project] = (await app.services.projects.list({}, { limit: 1, offset: 0 })).items;
    await admin.agent
      .post(`/kezelo/felhasznalok/${user.id}/hozzarendeles`)
      .type("form")
      .send({ _csrf: admin.csrfToken, project: project!.identifier ?? String(project!.id) })
      .expect(303);
    expect([...(await app.services.accounts.actorFor(user.id))!.projectIds ?? []]).to.deep.equal([]);
    expect(await context.db.knex("project_assignments").where({ user_id: user.id }).pluck("project_id")).to.deep.equal([project!.id]);
    const agent = supertest.agent(app.app);
    const page = await agent.get("/belepes");
    await agent.post("/belepes").type("form").send({ _csrf: csrfOf(page.text), email: "pm@example.hu", password: oneTimePassword }).expect(303);
  });

  it("shuts a reset account's old sessions and tokens out, and keeps a duplicate e-mail on the form", async () => {
    const admin = await signedIn(app, { roles: ["admin"] });
    const victim = await signedIn(app, { roles: ["project_manager"] });
    const token = await app.services.accounts.createToken(victim.userId, "régi");
    await victim.agent.get("/kezelo/profil").expect(200);
    await app.request.get("/api/v1/me").set("Authorization", `Bearer ${token}`).expect(200);
    await admin.agent.post(`/kezelo/felhasznalok/${victim.userId}/jelszo`).type("form").send({ _csrf: admin.csrfToken }).expect(200);
    await victim.agent.get("/kezelo/profil").expect(303);
    await app.request.get("/api/v1/me").set("Authorization", `Bearer ${token}`).expect(401);
    const duplicate = await admin.agent
      .post("/kezelo/felhasznalok/uj")
      .type("form")
      .send({ _csrf: admin.csrfToken, email: victim.email.toUpperCase(), name: "Másik Név", roles: "auditor" })
      .expect(400);
    expect(duplicate.text).to.include('href="#email"').and.include("már van felhasználó ezzel az e-mail-címmel").and.include('value="Másik Név"');
  });

  it("ends a user's other sessions when they change their password", async () => {
    const user = await signedIn(app, { roles: ["auditor"] });
    const elsewhere = supertest.agent(app.app);
    const page = await elsewhere.get("/belepes");
    await elsewhere.post("/belepes").type("form").send({ _csrf: csrfOf(page.text), email: user.email, password: TEST_PASSWORD }).expect(303);
    await elsewhere.get("/kezelo/profil").expect(200);
    await user.agent
      .post("/kezelo/jelszo")
      .type("form")
      .send({ _csrf: user.csrfToken, current: TEST_PASSWORD, password: "egy-egészen-új-jelszó", confirmation: "egy-egészen-új-jelszó" })
      .expect(303);
    await user.agent.get("/kezelo/profil").expect(200);
    await elsewhere.get("/kezelo/profil").expect(303);
  });

  it("lets an admin change a user's roles and disable the account, which ends its sessions", async () => {
    const admin = await signedIn(app, { roles: ["admin"] });
    const user = await signedIn(app, { roles: ["auditor"] });
    await user.agent.get("/kezelo/felhasznalok").expect(403);
    const none = await admin.agent.post(`/kezelo/felhasznalok/${user.userId}`).type("form").send({ _csrf: admin.csrfToken, active: "1" }).expect(400);
    expect(none.text).to.include('href="#roles"').and.include("legalább egy szerepkör kell");
    await admin.agent
      .post(`/kezelo/felhasznalok/${user.userId}`)
      .type("form")
      .send({ _csrf: admin.csrfToken, roles: ["admin", "auditor"], active: "1" })
      .expect(303);
    await user.agent.get("/kezelo/felhasznalok").expect(200);
    await admin.agent.post(`/kezelo/felhasznalok/${user.userId}`).type("form").send({ _csrf: admin.csrfToken, roles: "auditor" }).expect(303);
    await user.agent.get("/kezelo/profil").expect(303);
    const again = supertest.agent(app.app);
    const page = await again.get("/belepes");
    await again.post("/belepes").type("form").send({ _csrf: csrfOf(page.text), email: user.email, password: TEST_PASSWORD }).expect(401);
    const self = await admin.agent.post(`/kezelo/felhasznalok/${admin.userId}`).type("form").send({ _csrf: admin.csrfToken, roles: "admin" }).expect(400);
    expect(self.text).to.include("a saját fiókját nem tilthatja le");
    const entry = await context.db.knex("audit_log").where({ entity: "user" }).orderBy("seq", "desc").first("actor", "changes");
    expect(entry.actor).to.equal(admin.email);
  });

  it("keeps user administration from everyone but admins", async () => {
    const pm = await signedIn(app, { roles: ["project_manager"] });
    const res = await pm.agent.get("/kezelo/felhasznalok").expect(403);
    expect(res.text).to.include("adminisztrátor");
  });
});

describe("the calendar feed at a secret address", () => {
  const context = useTestDatabase();

  it("serves the user's deadlines without a login, and nothing once the address is renewed or revoked", async () => {
    const app = testApp(context.db);
    const doc = {
      identifier: "KÖFOP-1.0.0-VEKOP-15-2016-00099",
      title: "Naptárprojekt",
      status: "in_progress",
      beneficiary: { name: "Naptár Kft." },
      funding: { totalCost: "10 000 000 Ft", grant: "7 000 000 Ft", ownContribution: "3 000 000 Ft" },
      milestones: [{ title: "Záró rendezvény", dueDate: "2099-03-31" }],
    };
    await app.services.importer.importDocument({ projects: [doc] }, "import:naptar.json");
    const projectId = (await context.db.knex("projects").where({ identifier: doc.identifier }).first("id")).id as number;
    const { agent, csrfToken } = await signedIn(app, { roles: ["project_manager"], projects: [projectId] });
    const page = await agent.post("/kezelo/profil/naptar").type("form").send({ _csrf: csrfToken }).expect(200);
    const url = new URL(/<code class="secret-value">([^<]+)<\/code>/.exec(page.text)![1]!);
    const feed = await app.request.get(url.pathname).expect(200);
    expect(feed.headers["content-type"]).to.match(/^text\/calendar/);
    expect(feed.text).to.contain("BEGIN:VCALENDAR").and.to.contain("Záró rendezvény").and.to.contain("20990331");
    await agent.post("/kezelo/profil/naptar").type("form").send({ _csrf: csrfToken }).expect(200);
    await app.request.get(url.pathname).expect(404);
    await agent.post("/kezelo/profil/naptar/visszavonas").type("form").send({ _csrf: csrfToken }).expect(303);
    expect(await app.services.accounts.hasCalendarKey((await app.services.accounts.list(systemActor("t"))).find((u) => u.roles.includes("project_manager"))!.id)).to.equal(false);
    await app.request.get("/naptar/nincs-ilyen-kulcs-1234567890.ics").expect(404);
  });
});
