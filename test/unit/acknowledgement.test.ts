import { expect } from "chai";
import { acknowledgementFacts, type FundingContext } from "../../server/domain/acknowledgement.js";
import { parsePartialDate } from "../../server/domain/dates.js";
import { acknowledgementView, withArticle } from "../../server/presenters/acknowledgementPresenter.js";

const TODAY = parsePartialDate("2026-11-26");
const FUND_NAMES = new Map([
  ["ERFA", "Európai Regionális Fejlesztési Alap"],
  ["ESZA", "Európai Szociális Alap"],
  ["ESZA+", "Európai Szociális Alap Plusz"],
  ["KA", "Kohéziós Alap"],
  ["RRF", "Helyreállítási és Ellenállóképességi Eszköz"],
]);

const context = (given: Partial<FundingContext>): FundingContext => ({
  period: "2014-2020",
  instrument: "cohesion",
  funds: [],
  status: "in_progress",
  euCofinancingRate: null,
  ...given,
});
const view = (given: Partial<FundingContext>, madeOn = TODAY) => acknowledgementView(acknowledgementFacts(context(given), madeOn), FUND_NAMES);

describe("the funding acknowledgement", () => {
  it("2021–27: co-funded statement under the emblem, Széchenyi Terv Plusz, the government, no slogan", () => {
    const v = view({ period: "2021-2027", funds: ["ERFA"] });
    expect(v.emblemCaption).to.equal("Az Európai Unió társfinanszírozásával");
    expect(v.captionFunds).to.deep.equal([]);
    expect([v.brand, v.government, v.slogan]).to.deep.equal(["Széchenyi Terv Plusz", "Magyarország Kormánya", null]);
    expect(v.statement).to.equal(
      "A projekt az Európai Unió és Magyarország Kormánya társfinanszírozásával, az Európai Regionális Fejlesztési Alap forrásából valósul meg.",
    );
  });

  it("2014–20: Széchenyi 2020, the slogan, the funds named in full beside the emblem", () => {
    const v = view({ funds: ["ERFA", "KA"] });
    expect(v.emblemCaption).to.equal("Európai Unió");
    expect(v.captionFunds).to.deep.equal(["Európai Regionális Fejlesztési Alap", "Kohéziós Alap"]);
    expect([v.brand, v.government, v.slogan]).to.deep.equal(["Széchenyi 2020", "Magyarország Kormánya", "Befektetés a jövőbe"]);
    expect(v.statement).to.equal(
      "A projekt az Európai Unió és Magyarország Kormánya társfinanszírozásával, az Európai Regionális Fejlesztési Alap és a Kohéziós Alap forrásából valósul meg.",
    );
  });

  it("says valósult meg once a project is completed or closed, valósul meg before", () => {
    const verb = (status: FundingContext["status"]) => view({ status }).statement.split(" ").slice(-2).join(" ");
    expect(["planned", "contracted", "in_progress"].map((s) => verb(s as FundingContext["status"]))).to.deep.equal(["valósul meg.", "valósul meg.", "valósul meg."]);
    expect(verb("completed")).to.equal("valósult meg.");
    expect(verb("closed")).to.equal("valósult meg.");
  });

  it("2007–13 pages made since 2014-07-11 carry Széchenyi 2020 branding; older material had the ÚSZT or ÚMFT brand", () => {
    const today = view({ period: "2007-2013", funds: ["ESZA"], status: "closed" });
    expect([today.brand, today.slogan, today.government]).to.deep.equal(["Széchenyi 2020", "Befektetés a jövőbe", "Magyarország Kormánya"]);
    expect(today.statement).to.equal("A projekt az Európai Unió és Magyarország Kormánya társfinanszírozásával, az Európai Szociális Alap forrásából valósult meg.");
    const dayBefore = view({ period: "2007-2013" }, parsePartialDate("2014-07-10"));
    expect([dayBefore.brand, dayBefore.slogan, dayBefore.government]).to.deep.equal(["Új Széchenyi Terv", "Magyarország megújul", null]);
    const onTheDay = view({ period: "2007-2013" }, parsePartialDate("2014-07-11"));
    expect(onTheDay.brand).to.equal("Széchenyi 2020");
    expect(view({ period: "2007-2013" }, parsePartialDate("2010-06-01")).brand).to.equal("Új Magyarország Fejlesztési Terv");
  });

  it("names the EU alone when it pays all of the grant", () => {
    const v = view({ funds: ["ESZA"], euCofinancingRate: 100 });
    expect(v.statement).to.equal("A projekt az Európai Unió támogatásával, az Európai Szociális Alap forrásából valósul meg.");
    expect(view({ euCofinancingRate: 85 }).statement).to.equal("A projekt az Európai Unió és Magyarország Kormánya társfinanszírozásával valósul meg.");
  });

  it("gives an instrument without known wording (the Recovery and Resilience Facility) a plain statement of EU support", () => {
    const facts = acknowledgementFacts(context({ period: "2021-2027", instrument: "rrf", funds: ["RRF"], status: "closed" }), TODAY);
    expect(facts).to.deep.include({ known: false, brand: null, slogan: null, nationalCofinancing: false, governmentElement: false, tense: "completed" });
    const v = acknowledgementView(facts, FUND_NAMES);
    expect([v.emblemCaption, v.brand, v.government, v.slogan]).to.deep.equal(["Európai Unió", null, null, null]);
    expect(v.statement).to.equal("A projekt az Európai Unió támogatásával, a Helyreállítási és Ellenállóképességi Eszköz forrásából valósult meg.");
    expect(view({ period: null, instrument: null }).statement).to.equal("A projekt az Európai Unió támogatásával valósul meg.");
    // A period an admin adds later is not guessed at: its rules are not known here.
    expect(acknowledgementFacts(context({ period: "2028-2034" }), TODAY)).to.deep.include({ known: false, period: null, brand: null });
  });

  it("puts az before a vowel and a before a consonant", () => {
    expect(["Európai Szociális Alap", "Igazságos Átmenet Alap", "Kohéziós Alap", "Új alap", "ügy"].map(withArticle)).to.deep.equal([
      "az Európai Szociális Alap",
      "az Igazságos Átmenet Alap",
      "a Kohéziós Alap",
      "az Új alap",
      "az ügy",
    ]);
  });
});
