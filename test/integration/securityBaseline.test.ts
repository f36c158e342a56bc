/**
 * OWASP ASVS 4.0.3 level 1 items the other suites do not already prove (README, "OWASP ASVS level 1"): no account
 * enumeration at login, refused logins logged without the password, secrets kept out of the request log, and the
 * security headers on every kind of response.
 */
import { Writable } from "node:stream";
import { expect } from "chai";
import supertest from "supertest";
import { createApp } from "../../server/app.js";
import { systemActor } from "../../server/domain/permissions.js";
import { createLogger } from "../../server/logger.js";
import { buildServices } from "../../server/services/index.js";
import { loadTestPortfolio, PUBLIC_BASE_URL } from "../helpers/app.js";
import { useTestDatabase } from "../helpers/database.js";
import { csrfOf, signedIn, TEST_PASSWORD } from "../helpers/session.js";

describe("ASVS level 1: enumeration, logging, headers", () => {
  const context = useTestDatabase();
  let lines: string[];
  let app: { app: ReturnType<typeof createApp>; services: ReturnType<typeof buildServices>; request: ReturnType<typeof supertest> };

  before(async () => {
    const services = buildServices(context.db, { publicBaseUrl: PUBLIC_BASE_URL });
    const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString()), done()) });
    const logger = createLogger("info", sink);
    const express = createApp(services, { logger, production: false, showErrorDetails: false, sessionSecret: "test-session-secret" });
    app = { app: express, services, request: supertest(express) };
    await loadTestPortfolio(services);
    await services.accounts.create(systemActor("test"), { email: "valodi@example.hu", name: "Valódi Fiók", roles: ["auditor"], password: TEST_PASSWORD });
  });

  beforeEach(() => {
    lines = [];
  });

  async function tryLogin(email: string, password: string) {
    const agent = supertest.agent(app.app);
    const page = await agent.get("/belepes");
    const res = await agent.post("/belepes").type("form").send({ _csrf: csrfOf(page.text), email, password });
    // The only parts that may differ: the form's CSRF token and the e-mail typed back into it.
    return { status: res.status, page: res.text.replace(/name="_csrf" value="[^"]+"/g, "").replaceAll(email, "E-MAIL") };
  }

  it("answers an unknown e-mail exactly as a known one with a wrong password (V2.2, no account enumeration)", async () => {
    const unknown = await tryLogin("nincs-ilyen@example.hu", "rossz-jelszó-123456");
    const known = await tryLogin("valodi@example.hu", "rossz-jelszó-123456");
    expect(unknown.status).to.equal(401);
    expect(known).to.deep.equal(unknown);
  });

  it("logs a refused login with the address and e-mail typed, never the password (V7.1.1)", async () => {
    await tryLogin("valodi@example.hu", "ez-a-jelszo-titok-987");
    const refused = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.event === "login_failed");
    expect(refused).to.have.length(1);
    expect(refused[0]).to.include({ status: 401, email: "valodi@example.hu", level: 40 });
    expect(refused[0]!.ip).to.be.a("string");
    expect(lines.join("")).to.not.include("ez-a-jelszo-titok-987");
  });

  it("keeps session cookies, API tokens and the secret calendar key out of the request log (V7.1.1), and staff answers out of caches (V8.2.1)", async () => {
    const user = await signedIn(app as never, { roles: ["admin"] });
    const token = await app.services.accounts.createToken(user.userId, "napló");
    const page = await user.agent.get("/kezelo").expect(200);
    const me = await app.request.get("/api/v1/me").set("Authorization", `Bearer ${token}`).expect(200);
    // V8.2.1: what a login or a token opened is kept by no cache.
    expect(page.headers["cache-control"]).to.equal("no-store");
    expect(me.headers["cache-control"]).to.equal("no-store");
    await app.request.get("/naptar/titkos-kulcs-1234567890.ics").expect(404);
    const log = lines.join("");
    expect(log).to.include("/kezelo").and.include("/api/v1/me").and.include("/naptar/[titkos]");
    expect(log).to.not.include(token).and.not.include("titkos-kulcs-1234567890");
    expect(log).to.not.match(/projekttar\.sid=/);
  });

  it("sends the security headers on pages, the API, static files, 404s and errors (V14.4)", async () => {
    for (const path of ["/", "/belepes", "/api/v1/projects", "/nincs-ilyen-oldal", "/api/v1/projects?limit=0x10", "/static/embed.css"]) {
      const res = await app.request.get(path);
      expect(res.headers["x-content-type-options"], path).to.equal("nosniff");
      expect(res.headers["content-security-policy"], path).to.include("default-src 'self'").and.include("frame-ancestors 'self'").and.include("object-src 'none'");
      expect(res.headers["content-security-policy"], path).to.not.include("unsafe-inline'; script").and.not.match(/script-src[^;]*unsafe/);
      expect(res.headers["x-frame-options"], path).to.equal("SAMEORIGIN");
      expect(res.headers["referrer-policy"], path).to.equal("no-referrer");
      expect(res.headers["x-powered-by"], path).to.equal(undefined);
      if (res.headers["content-type"]) expect(res.headers["content-type"], path).to.match(/charset=utf-8|text\/css/);
    }
  });
});
