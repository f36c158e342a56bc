import path from "node:path";
import { expect } from "chai";
import { loadConfig } from "../../server/config.js";
import { StartupError } from "../../server/errors.js";

const PRODUCTION = { NODE_ENV: "production", PUBLIC_BASE_URL: "https://projektek.example.hu" };

function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).to.be.instanceOf(StartupError);
    return (error as Error).message;
  }
  throw new Error(`expected the settings to be refused: ${JSON.stringify(env)}`);
}

describe("configuration", () => {
  it("runs on defaults when nothing is set, without stack traces on error pages", () => {
    expect(loadConfig({})).to.deep.equal({
      port: 3000,
      databaseUrl: null,
      dataDir: path.resolve("data"),
      publicBaseUrl: "http://localhost:3000",
      logLevel: "info",
      production: false,
      showErrorDetails: false,
      trustProxy: false,
      workers: 1,
      pageCacheBytes: 64 * 1024 * 1024,
    });
  });

  it("reads every setting", () => {
    const config = loadConfig({
      NODE_ENV: "production",
      PORT: "8080",
      DATABASE_URL: "postgres://app:secret@db:5432/projekttar",
      DATA_DIR: "/var/lib/projekttar",
      PUBLIC_BASE_URL: "https://projektek.example.hu/",
      LOG_LEVEL: "warn",
      WEB_CONCURRENCY: "4",
      PAGE_CACHE_MB: "256",
    });
    expect(config).to.deep.equal({
      port: 8080,
      databaseUrl: "postgres://app:secret@db:5432/projekttar",
      dataDir: "/var/lib/projekttar",
      publicBaseUrl: "https://projektek.example.hu",
      logLevel: "warn",
      production: true,
      showErrorDetails: false,
      trustProxy: false,
      workers: 4,
      pageCacheBytes: 256 * 1024 * 1024,
    });
  });

  it("shows stack traces only when NODE_ENV=development says so", () => {
    expect(loadConfig({ NODE_ENV: "development" }).showErrorDetails).to.equal(true);
    expect(loadConfig({ NODE_ENV: "test" }).showErrorDetails).to.equal(false);
    expect(loadConfig({}).showErrorDetails).to.equal(false);
    expect(loadConfig(PRODUCTION).showErrorDetails).to.equal(false);
  });

  it("is quiet in tests unless LOG_LEVEL says otherwise", () => {
    expect(loadConfig({ NODE_ENV: "test" }).logLevel).to.equal("silent");
    expect(loadConfig({ NODE_ENV: "test", LOG_LEVEL: "debug" }).logLevel).to.equal("debug");
  });

  const invalid: Array<[string, Record<string, string>, string]> = [
    ["an unknown NODE_ENV", { NODE_ENV: "prod" }, 'NODE_ENV must be one of development, production, test; got "prod"'],
    ["a PORT that is not a number", { PORT: "80a" }, 'PORT must be a TCP port number (0–65535); got "80a"'],
    ["a PORT out of range", { PORT: "65536" }, 'PORT must be a TCP port number (0–65535); got "65536"'],
    ["a negative PORT", { PORT: "-1" }, "PORT must be a TCP port number"],
    ["an empty DATA_DIR", { DATA_DIR: "" }, "DATA_DIR must be the folder of the embedded database; got an empty value"],
    ["a blank LOG_LEVEL", { LOG_LEVEL: "  " }, "LOG_LEVEL must be a pino log level"],
    ["a LOG_LEVEL pino does not know", { LOG_LEVEL: "verbose" }, 'one of fatal, error, warn, info, debug, trace, silent; got "verbose"'],
    ["a PUBLIC_BASE_URL without a scheme", { PUBLIC_BASE_URL: "projektek.example.hu" }, "PUBLIC_BASE_URL must be the public http:// or https:// address"],
    ["a PUBLIC_BASE_URL that is not http(s)", { PUBLIC_BASE_URL: "ftp://projektek.example.hu" }, "PUBLIC_BASE_URL must be"],
    ["WEB_CONCURRENCY=0", { WEB_CONCURRENCY: "0", DATABASE_URL: "postgres://db/p" }, 'WEB_CONCURRENCY must be the number of server processes (1–64)'],
    ["PAGE_CACHE_MB=4097", { PAGE_CACHE_MB: "4097" }, "PAGE_CACHE_MB must be the memory for rendered public pages per process, in MB (0–4096; 0 keeps none)"],
    ["PAGE_CACHE_MB=1.5", { PAGE_CACHE_MB: "1.5" }, "PAGE_CACHE_MB must be the memory for rendered public pages"],
    ["several processes on the embedded engine", { WEB_CONCURRENCY: "2" }, "WEB_CONCURRENCY=2 needs DATABASE_URL: the embedded engine runs in one process"],
    ["a DATABASE_URL for another database", { DATABASE_URL: "mysql://app@db/projekttar" }, "DATABASE_URL must be a postgres:// or postgresql:// URL"],
  ];
  for (const [what, env, message] of invalid) {
    it(`refuses ${what}, naming the setting and what it expects`, () => {
      expect(refusal(env)).to.contain(message);
    });
  }

  it("never repeats a database URL, which may hold a password", () => {
    expect(refusal({ DATABASE_URL: "mysql://app:s3cret@db/projekttar" })).to.not.contain("s3cret");
  });

  it("lists every problem at once", () => {
    const message = refusal({ PORT: "x", LOG_LEVEL: "loud", NODE_ENV: "staging" });
    expect(message.split("\n").slice(1)).to.have.length(3);
    for (const name of ["PORT", "LOG_LEVEL", "NODE_ENV"]) expect(message).to.contain(`${name} must be`);
  });

  describe("in production", () => {
    it("requires PUBLIC_BASE_URL", () => {
      expect(refusal({ NODE_ENV: "production" })).to.contain("PUBLIC_BASE_URL is required in production");
    });

    const misspelt: Array<[string, string]> = [
      ["DATABSE_URL", ": did you mean DATABASE_URL?"],
      ["DATABASE_ULR", ": did you mean DATABASE_URL?"],
      ["PUBLIC_BASEURL", ": did you mean PUBLIC_BASE_URL?"],
      ["LOGLEVEL", ": did you mean LOG_LEVEL?"],
      ["DATADIR", ": did you mean DATA_DIR?"],
      ["port", ": did you mean PORT?"],
      ["PROJEKTTAR_PORT", " (the settings are NODE_ENV, PORT, DATABASE_URL, DATA_DIR, PUBLIC_BASE_URL, LOG_LEVEL, TRUST_PROXY, WEB_CONCURRENCY, PAGE_CACHE_MB)"],
      ["projekttar_secret", " (the settings are"],
    ];
    for (const [name, rest] of misspelt) {
      it(`refuses ${name}, which looks like a setting of ours`, () => {
        expect(refusal({ ...PRODUCTION, [name]: "x" })).to.contain(`${name} is not a Projekttár setting${rest}`);
      });
    }

    it("leaves other programs' variables alone", () => {
      const others = { PATH: "/usr/bin", HOME: "/root", HOST: "0.0.0.0", NODE_OPTIONS: "--max-old-space-size=2048", TZ: "Europe/Budapest", TEST_DATABASE_URL: "postgres://x" };
      expect(() => loadConfig({ ...PRODUCTION, ...others })).to.not.throw();
    });
  });

  it("outside production, ignores unknown variables (a developer's shell holds all sorts)", () => {
    expect(() => loadConfig({ DATABSE_URL: "postgres://x" })).to.not.throw();
  });
});
