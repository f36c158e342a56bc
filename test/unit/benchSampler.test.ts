/** The benchmarks' key sampler and rules: shapes and decisions only, never timings. */
import { expect } from "chai";
import { parseBenchArgs } from "../../scripts/bench/options.js";
import { ratioOf } from "../../scripts/bench/report.js";
import { indexSampler, seededRandom, shuffled } from "../../scripts/bench/sampler.js";

function counts(n: number, draws: number, distribution: "zipf" | "uniform"): number[] {
  const draw = indexSampler(n, distribution, seededRandom(7));
  const seen = new Array<number>(n).fill(0);
  for (let i = 0; i < draws; i++) seen[draw()]!++;
  return seen;
}

describe("benchmark key sampler", () => {
  it("draws Zipf-like (s = 1): rank k about 1/k as often as the first, the first about 1/H(n) of all draws", () => {
    const draws = 200_000;
    const seen = counts(1000, draws, "zipf");
    const harmonic = Array.from({ length: 1000 }, (_, k) => 1 / (k + 1)).reduce((a, b) => a + b);
    expect(seen[0]! / draws).to.be.closeTo(1 / harmonic, 0.01);
    expect(seen[0]! / seen[1]!).to.be.closeTo(2, 0.2);
    expect(seen[0]! / seen[9]!).to.be.closeTo(10, 1.5);
    // The long tail is still reached: real traffic also asks for pages nobody else wants.
    expect(seen.slice(500).reduce((a, b) => a + b)).to.be.greaterThan(draws * 0.05);
  });

  it("draws uniformly: every key about equally often, and never outside 0…n-1", () => {
    const seen = counts(10, 100_000, "uniform");
    expect(Math.max(...seen) / Math.min(...seen)).to.be.lessThan(1.1);
    expect(seen.reduce((a, b) => a + b)).to.equal(100_000);
  });

  it("repeats a run with the same seed, and shuffles keys without losing any", () => {
    const a = indexSampler(50, "zipf", seededRandom(3));
    const b = indexSampler(50, "zipf", seededRandom(3));
    expect(Array.from({ length: 20 }, a)).to.deep.equal(Array.from({ length: 20 }, b));
    const keys = Array.from({ length: 100 }, (_, i) => i);
    const order = shuffled(keys, seededRandom(1));
    expect(order).to.not.deep.equal(keys);
    expect([...order].sort((x, y) => x - y)).to.deep.equal(keys);
  });
});

describe("benchmark rules", () => {
  it("gives no ratio when a request was rejected or failed", () => {
    expect(ratioOf(900, 1000, false)).to.equal(0.9);
    expect(ratioOf(900, 1000, true)).to.equal(null);
    // Times: the app's start-up as a share of the baseline's speed.
    expect(ratioOf(2000, 500, false, true)).to.equal(0.25);
  });

  it("reads the command line: all, defaults, and the server engine from BENCH_DATABASE_URL before DATABASE_URL", () => {
    const all = parseBenchArgs(["all"], {});
    expect(all.names).to.deep.equal(["public-page", "api-list", "search", "import", "export", "startup"]);
    expect(all).to.include({ projects: 100_000, duration: 10, workers: 1, connections: 50, serverUrl: null, keepPortfolio: false });
    expect(parseBenchArgs(["all", "--keep-portfolio"], {}).keepPortfolio).to.equal(true);
    const server = parseBenchArgs(["search", "--projects", "50", "--workers", "2"], { BENCH_DATABASE_URL: "postgres://b/x", DATABASE_URL: "postgres://d/x" });
    expect(server).to.include({ projects: 50, workers: 2, serverUrl: "postgres://b/x" });
    expect(parseBenchArgs(["search", "--engine", "embedded"], { DATABASE_URL: "postgres://d/x" }).serverUrl).to.equal(null);
    expect(() => parseBenchArgs(["search", "--workers", "2"], {})).to.throw(/server database/);
    expect(() => parseBenchArgs(["nothing"], {})).to.throw(/unknown benchmark/);
    expect(() => parseBenchArgs(["search", "--projects", "0"], {})).to.throw(/--projects/);
  });
});
