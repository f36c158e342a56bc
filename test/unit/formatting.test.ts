import { expect } from "chai";
import { formatDayOfMoment } from "../../server/rendering/dates.js";
import { formatForints, formatNumber, formatPercent } from "../../server/rendering/numbers.js";

const NBSP = "\u00a0";

describe("Hungarian formatting", () => {
  it("shows forints grouped with no-break spaces", () => {
    expect(formatForints(29_110_000)).to.equal(`29${NBSP}110${NBSP}000${NBSP}Ft`);
    expect(formatForints(0)).to.equal(`0${NBSP}Ft`);
  });

  it("shows a support intensity as 92,00%", () => {
    expect(formatPercent(92)).to.equal("92,00%");
    expect(formatPercent(33.33)).to.equal("33,33%");
  });

  it("groups counts the Hungarian way", () => {
    expect(formatNumber(12_500)).to.equal(`12${NBSP}500`);
    expect(formatNumber(20)).to.equal("20");
  });

  it("shows a moment as its day in Budapest", () => {
    expect(formatDayOfMoment("2021-05-12T22:00:00.000Z")).to.equal("2021. május 13.");
    expect(formatDayOfMoment("2021-05-12T21:59:00.000Z")).to.equal("2021. május 12.");
    expect(formatDayOfMoment("2021-01-04T23:00:00.000Z")).to.equal("2021. január 5.");
  });
});
