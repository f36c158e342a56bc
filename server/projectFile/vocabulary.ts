/**
 * The words people write in project files for coded values: the codes
 * themselves, the Hungarian names pages show, and the other names real pages
 * use — in any case, with or without accents. An unknown word is answered with
 * the list of accepted Hungarian names, never the internal codes.
 */
import { stripAccents } from "../domain/programmes.js";
import {
  DELIVERABLE_LABELS,
  EVENT_LABELS,
  METHOD_LABELS,
  NOTICE_LABELS,
  OBLIGATION_LABELS,
  ROLE_LABELS,
  STATUS_LABELS,
} from "../presenters/labels.js";

export interface Vocabulary<T extends string> {
  /** The code a word means, or undefined. */
  read(word: string): T | undefined;
  /** The accepted names, as users write them, for error messages. */
  names(): string[];
}

const fold = (word: string) => stripAccents(word.normalize("NFC")).toLowerCase().replace(/[\s_-]+/g, " ").trim();

function vocabulary<T extends string>(labels: Record<T, string>, synonyms: Partial<Record<T, string[]>> = {}): Vocabulary<T> {
  const byWord = new Map<string, T>();
  for (const code of Object.keys(labels) as T[]) {
    for (const word of [code, labels[code], ...(synonyms[code] ?? [])]) byWord.set(fold(word), code);
  }
  return {
    read: (word) => byWord.get(fold(word)),
    names: () => Object.values<string>(labels),
  };
}

export const STATUSES = vocabulary(STATUS_LABELS, {
  planned: ["tervezés alatt", "előkészítés"],
  contracted: ["szerződött", "támogatott"],
  in_progress: ["folyamatban", "megvalósítás", "futó"],
  completed: ["befejeződött", "megvalósult", "fizikailag befejezett"],
  closed: ["lezárult", "zárt"],
  withdrawn: ["visszalépett", "elállt", "megszűnt"],
});

export const PARTNER_ROLES = vocabulary(ROLE_LABELS, {
  lead: ["vezető", "főkedvezményezett", "konzorciumvezető partner"],
  member: ["tag", "partner", "konzorciumi partner"],
});

export const DELIVERABLE_KINDS = vocabulary(DELIVERABLE_LABELS, {
  study: ["megvalósíthatósági tanulmány", "hatástanulmány"],
  analysis: ["helyzetelemzés", "vizsgálat"],
  report: ["beszámoló", "szakmai beszámoló", "értékelés"],
  regulation: ["rendelet", "utasítás", "eljárásrend"],
  guide: ["iránymutatás", "segédlet"],
  handbook: ["kézikönyv", "gyakorlati kézikönyv"],
  methodology: ["módszertani útmutató", "módszertani dokumentum"],
  training: ["képzés", "tananyag", "képzési program", "tréning"],
  plan: ["cselekvési terv", "akcióterv", "fejlesztési terv", "intézkedési terv"],
  strategy: ["stratégiai dokumentum"],
  concept: ["javaslat", "modell"],
  survey: ["kutatás", "kérdőíves felmérés", "igényfelmérés"],
  it_system: ["informatikai fejlesztés", "szoftver", "alkalmazás", "rendszer", "adatbázis"],
  website: ["weboldal", "honlap", "portál", "webes felület"],
  publication: ["kiadványsorozat", "brosúra", "könyv"],
});

export const EVENT_KINDS = vocabulary(EVENT_LABELS, {
  conference: ["nyitókonferencia", "zárókonferencia", "szakmai konferencia"],
  seminar: ["szakmai nap"],
  workshop: ["műhelymunka", "műhely", "munkaértekezlet"],
  training: ["tréning", "oktatás", "továbbképzés"],
  forum: ["lakossági fórum", "szakmai fórum"],
  press: ["sajtótájékoztató", "sajtónyilvános esemény"],
  info_day: ["információs nap", "tájékoztató rendezvény"],
  study_visit: ["szakmai út", "látogatás"],
  exhibition: ["bemutató"],
  ceremony: ["átadó", "átadó ünnepség", "alapkőletétel", "ünnepélyes átadás"],
});

export const PROCUREMENT_METHODS = vocabulary(METHOD_LABELS, {
  open: ["nyílt közbeszerzési eljárás", "uniós nyílt eljárás"],
  restricted: ["meghívásos", "meghívásos közbeszerzési eljárás"],
  negotiated: ["tárgyalásos", "tárgyalásos közbeszerzési eljárás"],
  negotiated_without_notice: ["hirdetmény nélküli tárgyalásos"],
  framework_call_off: ["keretmegállapodás", "keretszerződés", "keretmegállapodásos eljárás"],
  national_simplified: ["nemzeti eljárás", "egyszerű közbeszerzési eljárás", "kbt. 115. §", "kbt 115"],
  direct: ["beszerzés", "árajánlatkérés", "közvetlen megrendelés"],
  unspecified: ["közbeszerzési eljárás"],
  other: ["egyéb"],
});

export const NOTICE_KINDS = vocabulary(NOTICE_LABELS, {
  start: ["indító", "projektnyitó", "sajtóközlemény a projekt indulásáról", "kezdés"],
  progress: ["hír", "közlemény", "tájékoztatás"],
  closing: ["zárás", "projektzáró", "sajtóközlemény a projekt zárásáról"],
});

export const OBLIGATION_KINDS = vocabulary(OBLIGATION_LABELS, {
  progress_report: ["pej", "előrehaladási jelentés", "szakmai beszámoló", "időközi beszámoló"],
  payment_claim: ["kifizetési igénylés", "elszámolás"],
  closing_report: ["záró pej", "záró projekt előrehaladási jelentés", "záró jelentés"],
  sustainability_report: ["fenntartási jelentés", "pfj", "projekt fenntartási jelentés"],
  other: ["egyéb"],
});
