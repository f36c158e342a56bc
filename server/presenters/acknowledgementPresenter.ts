/**
 * The funding acknowledgement in Hungarian: the words beside the EU emblem,
 * the programme brand, the government's element, the slogan and one sentence
 * about the support, from the facts of domain/acknowledgement.ts. The
 * sentences are ours; README "The funding acknowledgement" lists the rules.
 */
import type { AcknowledgementFacts, Brand, Slogan } from "../domain/acknowledgement.js";
import { euEmblemView } from "./euEmblem.js";

const BRANDS: Record<Brand, string> = {
  uj_magyarorszag: "Új Magyarország Fejlesztési Terv",
  uj_szechenyi_terv: "Új Széchenyi Terv",
  szechenyi_2020: "Széchenyi 2020",
  szechenyi_terv_plusz: "Széchenyi Terv Plusz",
};

const SLOGANS: Record<Slogan, string> = {
  magyarorszag_megujul: "Magyarország megújul",
  befektetes_a_jovobe: "Befektetés a jövőbe",
};

const GOVERNMENT = "Magyarország Kormánya";

/** The definite article a Hungarian word takes: "az" before a vowel, "a" before a consonant. */
export function withArticle(phrase: string): string {
  return `${/^[aáeéiíoóöőuúüű]/i.test(phrase) ? "az" : "a"} ${phrase}`;
}

/** "x", "x és y", "x, y és z" */
function listed(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} és ${items.at(-1)}`;
}

/** One sentence about the support, in the tense of the project's state. */
function statement(facts: AcknowledgementFacts, fundNames: readonly string[]): string {
  const who = facts.nationalCofinancing ? `az Európai Unió és ${GOVERNMENT}` : "az Európai Unió";
  const how = facts.nationalCofinancing ? "társfinanszírozásával" : "támogatásával";
  const from = fundNames.length > 0 ? `, ${listed(fundNames.map(withArticle))} forrásából` : "";
  const verb = facts.tense === "completed" ? "valósult meg" : "valósul meg";
  return `A projekt ${who} ${how}${from} ${verb}.`;
}

/**
 * The view of the acknowledgement: `fundNames` maps the facts' fund codes to their names in full (a
 * code the funds table does not name is shown as it is).
 */
export function acknowledgementView(facts: AcknowledgementFacts, fundNames: ReadonlyMap<string, string>) {
  const funds = facts.funds.map((code) => fundNames.get(code) ?? code);
  return {
    emblem: euEmblemView(),
    emblemCaption: facts.cofundedStatement ? "Az Európai Unió társfinanszírozásával" : "Európai Unió",
    /** Under the emblem, the funds go with the Union's name; the 2021–27 statement stands alone (the sentence names them). */
    captionFunds: facts.cofundedStatement ? [] : funds,
    brand: facts.brand ? BRANDS[facts.brand] : null,
    government: facts.governmentElement ? GOVERNMENT : null,
    slogan: facts.slogan ? SLOGANS[facts.slogan] : null,
    statement: statement(facts, funds),
  };
}
