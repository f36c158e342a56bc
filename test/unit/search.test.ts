/** What a query means before and after stemming, and which words of a text it marks. */
import { expect } from "chai";
import { readCounty } from "../../server/domain/counties.js";
import { matchedParts, MAX_QUERY_WORDS, queryWords, spellingsToStem, termsOfWord, tsQueryText } from "../../server/domain/search.js";
import { excerpt } from "../../server/presenters/indexPresenter.js";

describe("search queries", () => {
  it("takes the words of a query, lower case, once each, up to a limit", () => {
    expect(queryWords("  Önkormányzati ÉPÜLETEK, (épületek) – 2024!")).to.deep.equal(["önkormányzati", "épületek", "2024"]);
    expect(queryWords(Array.from({ length: 30 }, (_, i) => `szó${i}`).join(" "))).to.have.length(MAX_QUERY_WORDS);
    expect(queryWords("<script>")).to.deep.equal(["script"]);
  });

  it("stems a word typed with accents as it is, and one typed without them also with its suffix's accents restored", () => {
    expect(spellingsToStem("épületekről")).to.deep.equal(["épületekről"]);
    const spellings = spellingsToStem("epuletekrol");
    expect(spellings[0]).to.equal("epuletekrol");
    expect(spellings).to.include.members(["epuletekről", "epuletekról"]);
    expect(spellings.every((s) => s.startsWith("epulete"))).to.equal(true);
    expect(spellingsToStem("es")).to.include("és");
  });

  it("keeps a restored stem only when it strips more of the word, and leaves stop words out", () => {
    expect(termsOfWord(["epuletekrol", "epuletekrol", "epulet"])).to.deep.equal(["epulet"]);
    expect(termsOfWord(["varos", "varos", "varos"])).to.deep.equal(["varos"]);
    expect(termsOfWord(["varos", "vasar"])).to.deep.equal(["varos"]);
    expect(termsOfWord(["es", null])).to.deep.equal([]);
    expect(termsOfWord([null])).to.deep.equal([]);
  });

  it("writes a prefix tsquery, every word required, quotes doubled", () => {
    expect(tsQueryText([["epulet"], ["onkormanyz", "onkormanyzat"]])).to.equal("('epulet':*) & ('onkormanyz':* | 'onkormanyzat':*)");
    expect(tsQueryText([["o'neill"]])).to.equal("('o''neill':*)");
  });

  it("marks the words whose accent-free form starts with a term", () => {
    expect(matchedParts("Önkormányzati épület, az épületekről", ["onkormanyz", "epulet"])).to.deep.equal([
      { text: "Önkormányzati", match: true },
      { text: " ", match: false },
      { text: "épület", match: true },
      { text: ", az ", match: false },
      { text: "épületekről", match: true },
    ]);
    expect(matchedParts("Nincs benne", ["epulet"])).to.deep.equal([{ text: "Nincs benne", match: false }]);
  });

  it("shows a long description around its first match, cut at spaces", () => {
    const text = `${"Bevezető mondat a projektről. ".repeat(20)}A gyógyszertár felújítása. ${"Záró mondat. ".repeat(20)}`;
    const parts = excerpt(text, ["gyogyszertar"]);
    const shown = parts.map((p) => p.text).join("");
    expect(shown.startsWith("… ")).to.equal(true);
    expect(shown.endsWith(" …")).to.equal(true);
    expect(shown.length).to.be.at.most(270);
    expect(parts.filter((p) => p.match).map((p) => p.text)).to.deep.equal(["gyógyszertár"]);
    expect(excerpt("Rövid leírás.", [])).to.deep.equal([{ text: "Rövid leírás.", match: false }]);
  });

  it("reads a county typed loosely", () => {
    expect(readCounty("borsod-abauj-zemplen")).to.equal("Borsod-Abaúj-Zemplén");
    expect(readCounty("Pest vármegye")).to.equal("Pest");
    expect(readCounty("gyor - moson - sopron megye")).to.equal("Győr-Moson-Sopron");
    expect(readCounty("Atlantisz")).to.equal(undefined);
  });
});
