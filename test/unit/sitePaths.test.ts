/** Where public addresses land in the static export, and the relative links between the files. */
import { expect } from "chai";
import { fileFor, isExported, relativeHref } from "../../server/publish/sitePaths.js";

describe("static export paths", () => {
  it("puts pages in folders of their own and keeps file names", () => {
    expect(fileFor("/")).to.equal("index.html");
    expect(fileFor("/projektek")).to.equal("projektek/index.html");
    expect(fileFor("/projektek/")).to.equal("projektek/index.html");
    expect(fileFor("/hirek/3f2a")).to.equal("hirek/3f2a/index.html");
    expect(fileFor("/static/styles.css")).to.equal("static/styles.css");
    expect(fileFor("/hirek.atom")).to.equal("hirek.atom");
    expect(fileFor("/nyilt-adatok/projektek.csv")).to.equal("nyilt-adatok/projektek.csv");
  });

  it("reads identifiers as pages even where they contain dots, decoded, with a slash kept encoded", () => {
    expect(fileFor("/projektek/K%C3%96FOP-1.0.0-VEKOP-15-2016-00041")).to.equal("projektek/KÖFOP-1.0.0-VEKOP-15-2016-00041/index.html");
    expect(fileFor("/projektek/%C3%81ROP-1.A.2")).to.equal("projektek/ÁROP-1.A.2/index.html");
    expect(fileFor("/projektek/EKOP-1.A.1-08%2FC-2009-0001")).to.equal("projektek/EKOP-1.A.1-08%2FC-2009-0001/index.html");
  });

  it("gives each query its own file beside the page, the same one every time", () => {
    const second = fileFor("/projektek", "?offset=20");
    expect(second).to.match(/^projektek\/index-q[0-9a-f]{10}\.html$/);
    expect(fileFor("/projektek", "?offset=20")).to.equal(second);
    expect(fileFor("/projektek", "?offset=40")).not.to.equal(second);
    expect(fileFor("/projektek", "?")).to.equal("projektek/index.html");
  });

  it("links files relatively, encoded as URLs so that a file name's % survives", () => {
    expect(relativeHref("projektek/x/index.html", "static/styles.css")).to.equal("../../static/styles.css");
    expect(relativeHref("projektek/index.html", "projektek/KÖFOP-1/index.html")).to.equal("K%C3%96FOP-1/index.html");
    expect(relativeHref("projektek/index.html", "projektek/EKOP-08%2FC/index.html")).to.equal("EKOP-08%252FC/index.html");
    expect(relativeHref("projektek/index.html", "projektek/index.html")).to.equal("index.html");
    expect(relativeHref("index.html", "projektek/index.html")).to.equal("projektek/index.html");
  });

  it("keeps staff pages, the login, the API and calendars out, but not look-alike public addresses", () => {
    for (const path of ["/kezelo", "/kezelo/projektek/1", "/belepes", "/api/v1/projects", "/healthz", "/naptar/x.ics"]) {
      expect(isExported(path), path).to.equal(false);
    }
    for (const path of ["/", "/projektek", "/kezelok-hirei", "/apiary", "/nyilt-adatok"]) expect(isExported(path), path).to.equal(true);
  });
});
