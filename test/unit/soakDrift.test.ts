/** The soak's memory drift: a trend over the run, which a garbage collector's rise and fall does not fake. */
import { expect } from "chai";
import { rssDrift } from "../../scripts/soak/probes.js";

const MB = 1024 * 1024;

describe("soak memory drift", () => {
  it("finds no drift in a sawtooth that only rises and falls, even when the last sample is at a peak", () => {
    // 180 MB floor, climbing 80 MB over each minute and collected back, sampled every second for 9 minutes.
    const sawtooth = Array.from({ length: 540 }, (_, i) => ({ seconds: 60 + i, bytes: (180 + ((i % 60) / 60) * 80) * MB }));
    // A fit over whole cycles is off by about the swing over the number of cycles: 80 / 220 / 9 ≈ 4%.
    expect(Math.abs(rssDrift(sawtooth))).to.be.below(0.05);
  });

  it("finds the growth of a leak: 160 → 200 MB steadily is about 22% of the mean", () => {
    const leak = Array.from({ length: 541 }, (_, i) => ({ seconds: 60 + i, bytes: (160 + (40 * i) / 540) * MB }));
    expect(rssDrift(leak)).to.be.closeTo(40 / 180, 0.001);
  });

  it("gives 0 for fewer than two samples", () => {
    expect(rssDrift([])).to.equal(0);
    expect(rssDrift([{ seconds: 1, bytes: MB }])).to.equal(0);
  });
});
