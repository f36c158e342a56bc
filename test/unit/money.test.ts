import { expect } from "chai";
import { ValidationError } from "../../server/errors.js";
import { parseAmount, supportIntensity } from "../../server/domain/money.js";

describe("amounts", () => {
  const accepted: Array<[string | number, number]> = [
    [29110000, 29_110_000],
    ["29 110 000 Ft", 29_110_000],
    ["29\u00a0110\u00a0000\u00a0Ft", 29_110_000],
    ["29,11 millió forint", 29_110_000],
    ["2,582 milliárd Ft", 2_582_000_000],
    ["2,582 milliárd forint", 2_582_000_000],
    ["21.500.000,- Ft", 21_500_000],
    ["1 200 000 000 Ft", 1_200_000_000],
    ["600 millió Ft", 600_000_000],
    ["29 110 000,00 Ft", 29_110_000],
    ["HUF 5000", 5000],
    ["0 Ft", 0],
    ["762 593 390 395 Ft", 762_593_390_395],
  ];
  for (const [input, forints] of accepted) {
    it(`reads ${JSON.stringify(input)}`, () => expect(parseAmount(input)).to.equal(forints));
  }

  const rejected: Array<[string | number, RegExp]> = [
    ["29,11 miló Ft", /nem értelmezhető összeg/],
    ["2.582 milliárd Ft", /kétértelmű/],
    ["29.11", /kétértelmű/],
    ["1,5 Ft", /nem egész forintösszeg/],
    ["1,2345678 millió Ft", /nem egész forintösszeg/],
    ["-100 Ft", /negatív/],
    [-100, /negatív/],
    [12.5, /nem egész/],
    ["29 11 000 Ft", /nem értelmezhető/],
    ["huszonkilenc millió", /nem értelmezhető/],
    ["", /nem értelmezhető/],
    ["1 000.000 Ft", /nem értelmezhető/],
  ];
  for (const [input, message] of rejected) {
    it(`rejects ${JSON.stringify(input)}`, () => {
      expect(() => parseAmount(input)).to.throw(ValidationError, message);
    });
  }
});

describe("support intensity", () => {
  it("is grant / total cost to two decimals", () => {
    expect(supportIntensity({ grant: 2_582_000_000, totalCost: 2_806_521_739 })).to.equal(92);
    expect(supportIntensity({ grant: 9_999_899, totalCost: 14_285_570 })).to.equal(70);
    expect(supportIntensity({ grant: 1, totalCost: 3 })).to.equal(33.33);
    expect(supportIntensity({ grant: 2, totalCost: 3 })).to.equal(66.67);
    expect(supportIntensity({ grant: 100, totalCost: 100 })).to.equal(100);
  });

  it("is unknown without a total cost", () => {
    expect(supportIntensity({ grant: 100, totalCost: null })).to.equal(null);
    expect(supportIntensity({ grant: 100, totalCost: 0 })).to.equal(null);
    expect(supportIntensity({ grant: null, totalCost: 100 })).to.equal(null);
  });

  it("stays exact at the largest amounts", () => {
    expect(supportIntensity({ grant: 762_593_390_395, totalCost: 762_593_390_395 })).to.equal(100);
  });
});
