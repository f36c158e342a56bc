/**
 * Hungary's counties and the capital, as the national list of funded projects names them (and as projects
 * store them): the names without "megye"/"vármegye".
 */
import { foldForSearch } from "./searchText.js";

export const COUNTIES = [
  "Bács-Kiskun", "Baranya", "Békés", "Borsod-Abaúj-Zemplén", "Budapest", "Csongrád-Csanád", "Fejér",
  "Győr-Moson-Sopron", "Hajdú-Bihar", "Heves", "Jász-Nagykun-Szolnok", "Komárom-Esztergom", "Nógrád", "Pest",
  "Somogy", "Szabolcs-Szatmár-Bereg", "Tolna", "Vas", "Veszprém", "Zala",
] as const;

const BY_FOLDED = new Map<string, string>(COUNTIES.map((c) => [foldForSearch(c), c]));

/**
 * The county a name means, typed loosely ("borsod-abauj-zemplen", "Pest megye", "Pest vármegye"), or
 * undefined when it names none.
 */
export function readCounty(text: string): string | undefined {
  return BY_FOLDED.get(foldForSearch(text).replace(/\s*-\s*/g, "-").replace(/\s+(var)?megye$/, ""));
}
