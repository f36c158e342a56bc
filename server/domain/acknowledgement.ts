/**
 * What a public page must say about a project's funding, as facts: which
 * branding applies, which funds to name, the slogan, the tense, who
 * co-finances. The rules are those in force on the day the page is made
 * (../shared/domain.md, "Branding and the acknowledgement"); the Hungarian
 * wording is the presenter's (presenters/acknowledgementPresenter.ts).
 */
import { firstDay, type PartialDate } from "./dates.js";
import { PERIODS, type Period } from "./programmes.js";
import type { ProjectStatus } from "./project.js";

/** The programme brand shown beside the EU emblem. */
export type Brand = "uj_magyarorszag" | "uj_szechenyi_terv" | "szechenyi_2020" | "szechenyi_terv_plusz";
export type Slogan = "magyarorszag_megujul" | "befektetes_a_jovobe";

export interface AcknowledgementFacts {
  /** False for an instrument whose wording no rule we know gives (e.g. the Recovery and Resilience Facility): a plain statement of EU support. */
  known: boolean;
  period: Period | null;
  brand: Brand | null;
  slogan: Slogan | null;
  /** Fund codes to name in full, in the project's order. */
  funds: string[];
  /** "valósult meg" once completed or closed, "valósul meg" before. */
  tense: "completed" | "running";
  /** The EU and the Hungarian state both co-finance (the government's element is shown); false: the EU alone. */
  nationalCofinancing: boolean;
  /** The Hungarian Government's element ("Magyarország Kormánya") stands beside the programme brand. */
  governmentElement: boolean;
  /** The emblem's caption is the 2021–27 statement "co-funded by the European Union" rather than the Union's name. */
  cofundedStatement: boolean;
}

export interface FundingContext {
  /** The programme's period as stored; a period the rules below do not know gets the plain statement. */
  period: string | null;
  /** The programme's instrument: `cohesion` (the funds of cohesion policy) or another, e.g. `rrf`. */
  instrument: string | null;
  funds: readonly string[];
  status: ProjectStatus;
  /** The EU's share of the grant in percent, when known. */
  euCofinancingRate: number | null;
}

/** A managing authority's guidance: material made from this day uses Széchenyi 2020 branding, whatever the project's period. */
export const SZECHENYI_2020_BRANDING_FROM = "2014-07-11";
/** The Új Széchenyi Terv replaced the Új Magyarország Fejlesztési Terv as the 2007–13 brand in 2011. */
export const UJ_SZECHENYI_TERV_FROM = "2011-01-01";

const COMPLETED: ReadonlySet<ProjectStatus> = new Set(["completed", "closed"]);

function cohesionBrand(period: Period, madeOn: string): { brand: Brand; slogan: Slogan | null } {
  if (period === "2021-2027") return { brand: "szechenyi_terv_plusz", slogan: null };
  if (period === "2014-2020" || madeOn >= SZECHENYI_2020_BRANDING_FROM) return { brand: "szechenyi_2020", slogan: "befektetes_a_jovobe" };
  if (madeOn >= UJ_SZECHENYI_TERV_FROM) return { brand: "uj_szechenyi_terv", slogan: "magyarorszag_megujul" };
  return { brand: "uj_magyarorszag", slogan: null };
}

/** The acknowledgement a page made on `madeOn` must carry for a project funded as `context` says. */
export function acknowledgementFacts(context: FundingContext, madeOn: PartialDate): AcknowledgementFacts {
  const tense = COMPLETED.has(context.status) ? "completed" : "running";
  const funds = [...context.funds];
  const period = PERIODS.find((p) => p === context.period) ?? null;
  if (context.instrument !== "cohesion" || period === null) {
    return { known: false, period, brand: null, slogan: null, funds, tense, nationalCofinancing: false, governmentElement: false, cofundedStatement: false };
  }
  const { brand, slogan } = cohesionBrand(period, firstDay(madeOn));
  return {
    known: true,
    period,
    brand,
    slogan,
    funds,
    tense,
    nationalCofinancing: context.euCofinancingRate === null || context.euCofinancingRate < 100,
    governmentElement: brand === "szechenyi_2020" || brand === "szechenyi_terv_plusz",
    cofundedStatement: period === "2021-2027",
  };
}
