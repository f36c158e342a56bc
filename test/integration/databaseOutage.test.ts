/**
 * The PostgreSQL server going away under load and coming back, simulated by a TCP proxy between the app and the
 * test server (the real server is shared by other suites): requests during the outage fail fast with a 503 that
 * says so, none hangs, and the app serves again by itself once the server is back, with no restart.
 */
import net from "node:net";
import { expect } from "chai";
import supertest from "supertest";
import { openServer, type Database } from "../../server/data/database.js";
import { migrateToLatest } from "../../server/data/migrations.js";
import { loadTestPortfolio, testApp } from "../helpers/app.js";
import { createServerDatabase, engine, testServerUrl } from "../helpers/database.js";

/** A proxy to the test server that can drop every connection and refuse new ones, then accept again. */
class OutageProxy {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async up(): Promise<void> {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.target);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on("close", () => this.sockets.delete(socket));
        socket.on("error", () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, "127.0.0.1", resolve));
    this.port = (this.server!.address() as net.AddressInfo).port;
  }

  async down(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server!.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }
}

(engine === "postgres" ? describe : describe.skip)("the database server restarting under load", function () {
  this.timeout(180_000);
  let proxy: OutageProxy;
  let db: Database;
  let request: ReturnType<typeof supertest>;

  before(async () => {
    const direct = new URL(testServerUrl(await createServerDatabase()));
    proxy = new OutageProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    await proxy.up();
    const viaProxy = new URL(direct);
    viaProxy.port = String(proxy.port);
    db = await openServer(viaProxy.toString());
    await migrateToLatest(db);
    const app = testApp(db);
    await loadTestPortfolio(app.services);
    request = supertest(app.app);
  });

  after(async () => {
    await db?.close();
    // The proxy's listening socket would keep the test process alive.
    await proxy?.down();
  });

  /** Requests from four clients for as long as `until` says, each with its status and duration. */
  async function load(until: () => boolean): Promise<Array<{ status: number; ms: number; retryAfter?: string; text: string }>> {
    const results: Array<{ status: number; ms: number; retryAfter?: string; text: string }> = [];
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (!until()) {
          const started = Date.now();
          const response = await request.get("/");
          results.push({ status: response.status, ms: Date.now() - started, retryAfter: response.headers["retry-after"], text: response.text });
        }
      }),
    );
    return results;
  }

  it("answers 503 quickly while it is gone and serves again by itself when it is back", async () => {
    const before = await load(((count = 0) => () => ++count > 20)());
    expect(before.map((r) => r.status)).to.satisfy((s: number[]) => s.every((x) => x === 200));

    await proxy.down();
    const outageEnds = Date.now() + 4_000;
    const during = await load(() => Date.now() > outageEnds);
    await proxy.up();
    const back = Date.now();
    let recoveredAfter: number | null = null;
    while (recoveredAfter === null && Date.now() - back < 30_000) {
      if ((await request.get("/")).status === 200) recoveredAfter = Date.now() - back;
    }
    const after = await load(((count = 0) => () => ++count > 20)());

    expect(during.length).to.be.greaterThan(0);
    for (const r of during) {
      expect(r.status).to.equal(503);
      expect(r.retryAfter).to.equal("5");
      expect(r.text).to.contain("Az adatbázis átmenetileg nem érhető el");
      // Fails within the connection timeouts (3 s to connect, 5 s for the pool), never after a minute.
      expect(r.ms).to.be.below(10_000);
    }
    expect(recoveredAfter, "the app did not serve again within 30 s of the server coming back").to.not.equal(null);
    expect(after.every((r) => r.status === 200)).to.equal(true);
    console.log(`      outage: ${during.length} requests, slowest ${Math.max(...during.map((r) => r.ms))} ms; serving again ${recoveredAfter} ms after the server came back`);
  });

  it("reports the outage on /healthz", async () => {
    await proxy.down();
    try {
      const response = await request.get("/healthz");
      expect(response.status).to.equal(503);
      expect(response.body).to.deep.equal({ status: "error", database: "unreachable" });
    } finally {
      await proxy.up();
    }
  });
});
