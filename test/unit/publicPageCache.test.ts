/**
 * The page cache's early answer (server/middleware/publicCaching.ts `keptForVisitors`): a visitor without a session
 * cookie gets a kept page before the middleware behind it (sessions, body parsers, CSRF) runs; anyone else, and any
 * page not kept at the current version, goes on to the routes.
 */
import express from "express";
import request from "supertest";
import { expect } from "chai";
import { publicPageCache } from "../../server/middleware/publicCaching.js";
import { SESSION_COOKIE } from "../../server/middleware/session.js";

describe("the page cache's answer ahead of the session middleware", () => {
  let version = 1;
  let reachedBehind = 0;
  let rendered = 0;
  const cache = publicPageCache({ maxBytes: 1024 * 1024, version: async () => ({ version, changedAt: new Date(0) }) });
  const app = express();
  app.use(cache.keptForVisitors);
  // Stands for the session, body-parser and CSRF middleware that follow in the app.
  app.use((_req, _res, next) => {
    reachedBehind++;
    next();
  });
  app.get("/oldal", cache.cached, (_req, res) => {
    rendered++;
    res.send(`<p>oldal, ${version}. változat</p>`);
  });
  app.get("/mas", (_req, res) => {
    res.send("nincs gyorsítótárban");
  });

  const counts = async (run: () => Promise<unknown>) => {
    const before = { reachedBehind, rendered };
    await run();
    return { reachedBehind: reachedBehind - before.reachedBehind, rendered: rendered - before.rendered };
  };

  it("answers a visitor without a session from the kept page, before the middleware behind it", async () => {
    expect(await counts(() => request(app).get("/oldal").expect(200))).to.deep.equal({ reachedBehind: 1, rendered: 1 });
    const kept = await request(app).get("/oldal").expect(200);
    expect(kept.text).to.equal("<p>oldal, 1. változat</p>");
    expect(await counts(() => request(app).get("/oldal").expect(200))).to.deep.equal({ reachedBehind: 0, rendered: 0 });
    expect(await counts(() => request(app).get("/oldal").set("Cookie", "nyelv=hu").expect(200))).to.deep.equal({ reachedBehind: 0, rendered: 0 });
    await request(app).get("/oldal").set("If-None-Match", kept.headers.etag!).expect(304);
    await request(app).head("/oldal").expect(200);
  });

  it("sends a request with a session cookie, another address and a moved version on to the routes", async () => {
    await request(app).get("/oldal").expect(200);
    expect(await counts(() => request(app).get("/oldal").set("Cookie", `a=1; ${SESSION_COOKIE}=s%3Aabc`).expect(200))).to.deep.equal({
      reachedBehind: 1,
      rendered: 0,
    });
    expect(await counts(() => request(app).get("/mas").expect(200))).to.deep.equal({ reachedBehind: 1, rendered: 0 });
    expect(await counts(() => request(app).post("/oldal").expect(404))).to.deep.equal({ reachedBehind: 1, rendered: 0 });
    version++;
    const moved = await request(app).get("/oldal").expect(200);
    expect(moved.text).to.equal("<p>oldal, 2. változat</p>");
    expect(await counts(() => request(app).get("/oldal").expect(200))).to.deep.equal({ reachedBehind: 0, rendered: 0 });
  });
});
