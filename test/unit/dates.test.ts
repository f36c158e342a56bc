import { expect } from "chai";
import { ValidationError } from "../../server/errors.js";
import {
  firstDay,
  fromStorage,
  isCertainlyBefore,
  lastDay,
  nextDayStartInBudapest,
  parseMoment,
  parsePartialDate,
  toIsoText,
} from "../../server/domain/dates.js";
import { formatPartialDate } from "../../server/rendering/dates.js";

describe("dates", () => {
  const accepted: Array<[string, string, string]> = [
    ["2021-03-29", "2021-03-29", "2021. március 29."],
    ["2021.03.29.", "2021-03-29", "2021. március 29."],
    ["2019.12.31", "2019-12-31", "2019. december 31."],
    ["2021. május 13.", "2021-05-13", "2021. május 13."],
    ["2015. október 1.", "2015-10-01", "2015. október 1."],
    ["2017. április 3", "2017-04-03", "2017. április 3."],
    ["2009", "2009", "2009"],
    ["2009-04", "2009-04", "2009. április"],
    ["2009. ápr.", "2009-04", "2009. április"],
    ["2010. szept. 15.", "2010-09-15", "2010. szeptember 15."],
    ["2024.07.23", "2024-07-23", "2024. július 23."],
  ];
  for (const [input, iso, shown] of accepted) {
    it(`reads "${input}" and shows it as "${shown}"`, () => {
      const date = parsePartialDate(input);
      expect(toIsoText(date)).to.equal(iso);
      expect(formatPartialDate(date)).to.equal(shown);
    });
  }

  for (const bad of ["2021-02-30", "2021-13-01", "13/05/2021", "május 13.", "2021. jú 13.", "1850", "tegnap", ""]) {
    it(`rejects "${bad}"`, () => expect(() => parsePartialDate(bad)).to.throw(ValidationError, /várt alak/));
  }

  it("stores the first day with a precision, and reads it back", () => {
    for (const text of ["2009", "2009-04", "2009-04-15"]) {
      const date = parsePartialDate(text);
      const stored = firstDay(date);
      expect(toIsoText(fromStorage(stored, date.precision))).to.equal(text);
    }
    expect(firstDay(parsePartialDate("2009"))).to.equal("2009-01-01");
    expect(lastDay(parsePartialDate("2009"))).to.equal("2009-12-31");
    expect(lastDay(parsePartialDate("2024-02"))).to.equal("2024-02-29");
  });

  it("orders dates only when certain", () => {
    expect(isCertainlyBefore(parsePartialDate("2009"), parsePartialDate("2010-11-15"))).to.equal(true);
    expect(isCertainlyBefore(parsePartialDate("2009"), parsePartialDate("2009-04"))).to.equal(false);
    expect(isCertainlyBefore(parsePartialDate("2009-03-31"), parsePartialDate("2009-04"))).to.equal(true);
  });

  it("reads moments with a zone, and days as Budapest midnight", () => {
    expect(parseMoment("2021-05-13T10:00:00+02:00")).to.equal("2021-05-13T08:00:00.000Z");
    expect(parseMoment("2021-05-13")).to.equal("2021-05-12T22:00:00.000Z");
    expect(parseMoment("2021. január 5.")).to.equal("2021-01-04T23:00:00.000Z");
    expect(() => parseMoment("2021-05-13T10:00:00")).to.throw(/időzóna/);
    expect(() => parseMoment("2021-05")).to.throw(/napra pontos/);
  });

  it("reads a day with a time of day on the Budapest clock, winter and summer", () => {
    expect(parseMoment("2026. december 1. 9:00")).to.equal("2026-12-01T08:00:00.000Z");
    expect(parseMoment("2026-07-01 09:30")).to.equal("2026-07-01T07:30:00.000Z");
    expect(parseMoment("2026.10.25. 2:30")).to.equal("2026-10-25T01:30:00.000Z");
    expect(() => parseMoment("2026. december 1. 24:00")).to.throw(/nem létező időpont/);
    expect(() => parseMoment("2026. december 9:00")).to.throw(/napra pontos/);
  });
});

describe("nextDayStartInBudapest", () => {
  it("is the next Budapest midnight, in winter and summer time and across the clock changes", () => {
    const next = (iso: string) => nextDayStartInBudapest(new Date(iso)).toISOString();
    expect(next("2026-11-26T10:00:00Z")).to.equal("2026-11-26T23:00:00.000Z");
    expect(next("2026-11-26T23:00:00Z")).to.equal("2026-11-27T23:00:00.000Z");
    expect(next("2026-11-26T22:59:59Z")).to.equal("2026-11-26T23:00:00.000Z");
    expect(next("2026-07-01T12:00:00Z")).to.equal("2026-07-01T22:00:00.000Z");
    expect(next("2026-03-28T12:00:00Z")).to.equal("2026-03-28T23:00:00.000Z");
    expect(next("2026-03-29T12:00:00Z")).to.equal("2026-03-29T22:00:00.000Z");
    expect(next("2026-10-24T12:00:00Z")).to.equal("2026-10-24T22:00:00.000Z");
    expect(next("2026-10-25T12:00:00Z")).to.equal("2026-10-25T23:00:00.000Z");
    expect(next("2026-12-31T23:30:00Z")).to.equal("2027-01-01T23:00:00.000Z");
  });
});
