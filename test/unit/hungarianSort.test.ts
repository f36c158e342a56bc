import { expect } from "chai";
import { hungarianSortKey } from "../../server/domain/hungarianSort.js";

/** Byte order, as `collate "C"` compares the stored keys. */
const byKey = (a: string, b: string) => {
  const [ka, kb] = [hungarianSortKey(a), hungarianSortKey(b)];
  return ka < kb ? -1 : ka > kb ? 1 : 0;
};
const sorted = (titles: string[]) => [...titles].sort(byKey);

describe("Hungarian alphabetical order", () => {
  const inOrder: Array<[string, string, string]> = [
    ["ÁROP before TOP", "ÁROP szervezetfejlesztés", "TOP települési program"],
    ["Cz before Cs (cs is a letter after c)", "Czuczor-emlékév", "Csongrádi fejlesztés"],
    ["c words before every cs word", "Cukrászat", "Csaba"],
    ["O before Ö", "Ózd", "Öntözés"],
    ["Ö (ő as ö) before P", "Őrség", "Pécs"],
    ["U before Ü", "Uszoda", "Üzem"],
    ["dzs before e", "Dzsungel", "Eger"],
    ["d before dz", "Duna", "Dzeta"],
    ["dz before dzs", "Dzeta", "Dzsungel"],
    ["g words before gy words", "Gödöllő", "Győr"],
    ["gy before h", "Gyula", "Hatvan"],
    ["l before ly", "Lux", "Lyuk"],
    ["n before ny", "Nógrád", "Nyíregyháza"],
    ["s before sz", "Sütő", "Szeged"],
    ["sz before t", "Szeged", "Tata"],
    ["t before ty", "Tüske", "Tyúk"],
    ["z before zs", "Zugló", "Zsámbék"],
    ["a equals á at the first level: the next letter decides", "Ág", "Alma"],
    ["the plain vowel first where only the acute differs", "kar", "kár"],
    ["a word before its continuation", "Ág utca", "Ágas"],
    ["digits before letters", "2020-as program", "Adatbázis"],
    ["numbers by value", "2. ütem", "10. ütem"],
    ["a doubled digraph is two letters (sz sz, not s sz)", "ásvány", "asszony"],
    ["case does not count", "alma", "Bodza"],
  ];
  for (const [why, first, second] of inOrder) {
    it(`${why}: "${first}" < "${second}"`, () => {
      expect(byKey(first, second)).to.equal(-1);
      expect(byKey(second, first)).to.equal(1);
    });
  }

  it("sorts a list as a Hungarian dictionary does", () => {
    expect(sorted(["Zsámbék", "Öntözés", "Csepel", "Cegléd", "Ózd", "TOP", "ÁROP", "Edelény", "Érd", "Szolnok", "Sopron"])).to.deep.equal([
      "ÁROP", "Cegléd", "Csepel", "Edelény", "Érd", "Ózd", "Öntözés", "Sopron", "Szolnok", "TOP", "Zsámbék",
    ]);
  });

  it("gives equal keys to titles differing only in case, spacing and punctuation", () => {
    expect(hungarianSortKey("Szervezetfejlesztés – Gödöllő")).to.equal(hungarianSortKey("szervezetfejlesztés  gödöllő"));
    expect(hungarianSortKey(" Alma ")).to.equal(hungarianSortKey("alma"));
  });

  it("reads decomposed accents as composed ones", () => {
    expect(hungarianSortKey("a\u0301rop")).to.equal(hungarianSortKey("árop"));
  });

  it("places a foreign accent with its base letter, after the plain one", () => {
    expect(sorted(["Citroën", "Citroen", "Citrom"])).to.deep.equal(["Citroen", "Citroën", "Citrom"]);
  });

  it("uses only printable ASCII, so the key survives any column and index", () => {
    expect(hungarianSortKey("Ősi őrség – Dzsungel 2024: ÁÉÍÓÖŐÚÜŰ")).to.match(/^[ -~]*$/);
  });
});
