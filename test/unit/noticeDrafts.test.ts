/** The Hungarian article before a name, and the notice drafts written from a project's facts. */
import { expect } from "chai";
import { definiteArticle, numeralStartsWithVowel, withArticle } from "../../server/presenters/hungarianArticle.js";
import { closingNoticeDraft, startNoticeDraft } from "../../server/presenters/noticeDraftPresenter.js";
import type { NoticeFacts } from "../../server/domain/noticeFacts.js";
import { renderMarkdown } from "../../server/rendering/markdown.js";

const NBSP = "\u00a0";
const day = (year: number, month: number, d: number) => ({ precision: "day" as const, year, month, day: d });

describe("the Hungarian definite article", () => {
  it("is az before a vowel, a before a consonant, whatever the case and accents", () => {
    for (const word of ["Európai", "agrár", "Óbudai", "ökológiai", "Őrségi", "Újpesti", "ünnepi", "iskolai", "Ízes", "Ábrahámhegyi"]) {
      expect(definiteArticle(word), word).to.equal("az");
    }
    for (const word of ["Pest", "szolgáltató", "KÖFOP", "Digitális", "Zöld", "Hajdú-Bihar"]) expect(definiteArticle(word), word).to.equal("a");
  });

  it("reads a leading number aloud: az 1, 5, 50, 500, 1000; a 2, 10, 100, 2021", () => {
    const vowel = ["1", "5", "50", "51", "500", "555", "1000", "1 000", "1.000", "1956", "1848", "5000", "50 000", "500 000", "1 000 000", "5000000", "1.", "5."];
    const consonant = ["0", "2", "3", "10", "15", "100", "150", "2021", "2000", "10 000", "100 000", "200 000", "2."];
    for (const n of vowel) expect(numeralStartsWithVowel(n), n).to.equal(true);
    for (const n of consonant) expect(numeralStartsWithVowel(n), n).to.equal(false);
    expect(definiteArticle("5 település összefogása")).to.equal("az");
    expect(definiteArticle("1000 fős rendezvény")).to.equal("az");
    expect(definiteArticle("2021-es fejlesztések")).to.equal("a");
    expect(definiteArticle("100 napos program")).to.equal("a");
  });

  it("looks past quotation marks and brackets to the first letter or digit", () => {
    expect(definiteArticle("„Okos város”")).to.equal("az");
    expect(definiteArticle("(50+) program")).to.equal("az");
    expect(definiteArticle("„Zöld út”")).to.equal("a");
  });

  it("starts a sentence with a capital", () => {
    expect(withArticle("Európai Unió", true)).to.equal("Az Európai Unió");
    expect(withArticle("Pest Megyei Kormányhivatal")).to.equal("a Pest Megyei Kormányhivatal");
  });
});

const FACTS: NoticeFacts = {
  title: "Okos város – digitális ügyintézés",
  identifier: "TOP_PLUSZ-3.1.3-23-HE1-2024-00014",
  callCode: "TOP_PLUSZ-3.1.3-23",
  status: "closed",
  started: true,
  beneficiary: "Egri Járási Hivatal",
  consortium: [
    { name: "Egri Járási Hivatal", role: "lead" },
    { name: "Heves Vármegyei Kormányhivatal", role: "member" },
    { name: "Informatikai Kft.", role: "member" },
  ],
  grant: 29_110_000,
  totalCost: 29_110_000,
  supportIntensity: 100,
  programme: { code: "TOP_PLUSZ", name: "Terület- és Településfejlesztési Operatív Program Plusz", period: "2021-2027" },
  start: day(2024, 3, 1),
  plannedEnd: day(2025, 6, 30),
  actualEnd: day(2025, 9, 30),
  summary: "Az ügyfelek otthonról intézhetik a leggyakoribb ügyeiket.",
  delivered: [
    { title: "Ügyfélút-elemzés", kind: "study", date: { precision: "month", year: 2024, month: 9, day: null }, url: "https://eger.example.hu/elemzes (v2).pdf" },
    { title: "Ügyintézési portál", kind: "it_system", date: day(2025, 6, 2), url: null },
  ],
  eventsHeld: [
    { title: "Lakossági fórumok", kind: "forum", times: 6, date: day(2024, 4, 10), endDate: day(2024, 11, 20), place: "Eger és a járás települései" },
    { title: "Nyitórendezvény", kind: "other", times: 1, date: day(2024, 3, 15), endDate: null, place: null },
  ],
};

describe("notice drafts from the facts", () => {
  it("titles a closing notice „Lezárult a(z) … projekt” with the article the title's first sound takes", () => {
    expect(closingNoticeDraft(FACTS).title).to.equal("Lezárult az „Okos város – digitális ügyintézés” projekt");
    expect(closingNoticeDraft({ ...FACTS, title: "Digitális megújulás" }).title).to.equal("Lezárult a „Digitális megújulás” projekt");
    expect(closingNoticeDraft({ ...FACTS, title: "5 település közös ügyfélszolgálata" }).title).to.equal("Lezárult az „5 település közös ügyfélszolgálata” projekt");
    expect(closingNoticeDraft({ ...FACTS, title: "2030-ig tartó fejlesztés" }).title).to.equal("Lezárult a „2030-ig tartó fejlesztés” projekt");
    // A title with an article of its own takes no second one.
    expect(closingNoticeDraft({ ...FACTS, title: "A szolgáltató kormányhivatal" }).title).to.equal("Lezárult „A szolgáltató kormányhivatal” projekt");
    expect(startNoticeDraft(FACTS).title).to.equal("Elindult az „Okos város – digitális ügyintézés” projekt");
  });

  it("writes the closing notice: who, what, when, with what support, what was delivered and held", () => {
    const draft = closingNoticeDraft(FACTS);
    expect(draft.kind).to.equal("closing");
    expect(draft.body).to.equal(
      [
        "Az Egri Járási Hivatal befejezte az „Okos város – digitális ügyintézés” című projekt megvalósítását.",
        "A megvalósítás 2024. március 1. és 2025. szeptember 30. között zajlott.",
        "A projektet konzorcium valósította meg, tagjai: Egri Járási Hivatal (konzorciumvezető), Heves Vármegyei Kormányhivatal és Informatikai Kft.",
        `A projekt a Terület- és Településfejlesztési Operatív Program Plusz (TOP Plusz, 2021–2027) keretében, 29${NBSP}110${NBSP}000${NBSP}Ft vissza nem térítendő támogatással valósult meg; a támogatás mértéke 100,00%.`,
        "Az ügyfelek otthonról intézhetik a leggyakoribb ügyeiket.",
        "**A projekt eredményei**\n\n- [Ügyfélút-elemzés](https://eger.example.hu/elemzes%20%28v2%29.pdf) (tanulmány, 2024. szeptember)\n- Ügyintézési portál (informatikai rendszer, 2025. június 2.)",
        "**Megtartott rendezvények**\n\n- Lakossági fórumok (fórum, 6 alkalom, 2024. április 10. – 2024. november 20., Eger és a járás települései)\n- Nyitórendezvény (2024. március 15.)",
        [
          "**A projekt adatai**",
          "",
          "- Kedvezményezett: Egri Járási Hivatal",
          "- Konzorciumi partnerek: Heves Vármegyei Kormányhivatal, Informatikai Kft.",
          "- Projekt címe: Okos város – digitális ügyintézés",
          `- Szerződött támogatás: 29${NBSP}110${NBSP}000${NBSP}Ft`,
          "- Támogatás mértéke: 100,00%",
          `- Összköltség: 29${NBSP}110${NBSP}000${NBSP}Ft`,
          "- Befejezés dátuma: 2025. szeptember 30.",
          "- Projektazonosító: TOP\\_PLUSZ-3.1.3-23-HE1-2024-00014",
        ].join("\n"),
      ].join("\n\n"),
    );
  });

  it("writes the start notice in the present while the work is ahead, without a consortium or figures not known", () => {
    const facts: NoticeFacts = { ...FACTS, started: false, consortium: [], grant: null, supportIntensity: null, totalCost: null, identifier: null, summary: null, beneficiary: "Óbudai Egyetem" };
    const { body } = startNoticeDraft(facts);
    expect(body.split("\n\n").slice(0, 3)).to.deep.equal([
      "Az Óbudai Egyetem megkezdi az „Okos város – digitális ügyintézés” című projekt megvalósítását.",
      "A projekt a Terület- és Településfejlesztési Operatív Program Plusz (TOP Plusz, 2021–2027) keretében valósul meg.",
      "A megvalósítás kezdete 2024. március 1., tervezett befejezése 2025. június 30.",
    ]);
    expect(body).not.to.match(/konzorcium|támogatás|Projektazonosító/);
    expect(body).to.contain("- Felhívás: TOP\\_PLUSZ-3.1.3-23");
    expect(startNoticeDraft(FACTS).body).to.match(/^Az Egri Járási Hivatal megkezdte /);
  });

  it("keeps names that look like Markdown as text", () => {
    const facts = { ...FACTS, title: "*Csillag* [projekt](javascript:alert(1))", beneficiary: "<b>Kft.</b>", delivered: [], eventsHeld: [] };
    const html = renderMarkdown(closingNoticeDraft(facts).body);
    expect(html).to.contain("*Csillag* [projekt](javascript:alert(1))").and.contain("&lt;b&gt;Kft.&lt;/b&gt;");
    expect(html).not.to.contain("<em>").and.not.to.contain("<a ");
  });
});
