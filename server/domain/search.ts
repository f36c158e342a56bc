/**
 * What a search query means, before and after the database stems its words (db migration
 * 20261126120000_public_search): the words of the query, the spellings to stem for a word typed without
 * accents, the terms those stems give, and which words of a shown text a search matched.
 *
 * Stems are matched as prefixes of the stored lexemes, accent-free. A word typed without accents
 * ("epuletekrol") hides its suffix from the Hungarian stemmer, which knows suffixes only with their accents
 * ("-ről"); so such a word is also stemmed with the accents a suffix may have restored on its last letters,
 * and a stem that strips more of the word is kept beside the plain one.
 */
import { foldForSearch } from "./searchText.js";

/** At most this many words of a query are searched: a pasted paragraph must not become a huge query. */
export const MAX_QUERY_WORDS = 10;

const WORD = /[\p{L}\p{N}]+/gu;

/** The words of a query, lower case, in order, repeated words once. */
export function queryWords(text: string): string[] {
  const words = text.normalize("NFC").toLocaleLowerCase("hu").match(WORD) ?? [];
  return [...new Set(words)].slice(0, MAX_QUERY_WORDS);
}

/** Accented forms of each unaccented vowel. */
const ACCENTED: Record<string, readonly string[]> = {
  a: ["a", "á"],
  e: ["e", "é"],
  i: ["i", "í"],
  o: ["o", "ó", "ö", "ő"],
  u: ["u", "ú", "ü", "ű"],
};

/** How many letters at a word's end may be a suffix whose accents were left off ("-ból", "-ért", "-ként"). */
const SUFFIX_LETTERS = 3;

/**
 * The spellings of a query word to stem: the word itself first, then — only when it has no accents at all —
 * every way of putting accents on the vowels of its last letters (of a short word, all of them: "es" may be
 * the stop word "és").
 */
export function spellingsToStem(word: string): string[] {
  if (foldForSearch(word) !== word) return [word];
  const head = word.slice(0, -SUFFIX_LETTERS);
  let tails = [""];
  for (const letter of word.slice(head.length)) {
    const options = ACCENTED[letter] ?? [letter];
    tails = tails.flatMap((tail) => options.map((option) => tail + option));
  }
  return tails.map((tail) => head + tail);
}

/**
 * The terms of one query word, from the accent-free stems of its spellings (null: a stop word). A word any
 * spelling of which is a stop word ("es" is "és") is left out, as the stored text leaves stop words out; a
 * restored spelling counts only when its stem shortens the plain stem (it stripped a suffix). A term another
 * term is a prefix of is dropped: it can match nothing more.
 */
export function termsOfWord(stems: ReadonlyArray<string | null>): string[] {
  const [plain, ...restored] = stems;
  if (!plain || restored.some((s) => s === null)) return [];
  const terms = [plain, ...restored.filter((s): s is string => s !== null && s.length < plain.length && plain.startsWith(s))];
  return [...new Set(terms)].filter((t, _, all) => !all.some((other) => other !== t && t.startsWith(other)));
}

/** A tsquery: every word (one of its terms, each as a prefix) must match. */
export function tsQueryText(groups: ReadonlyArray<readonly string[]>): string {
  const quoted = (term: string) => `'${term.replace(/\\/g, "\\\\").replace(/'/g, "''")}':*`;
  return groups.map((terms) => `(${terms.map(quoted).join(" | ")})`).join(" & ");
}

export interface TextPart {
  text: string;
  /** A word the search matched. */
  match: boolean;
}

/**
 * A text cut into the words a search matched and the rest, as the stored lexemes match: a word matches when
 * its accent-free form starts with a term.
 */
export function matchedParts(text: string, terms: readonly string[]): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  const push = (part: TextPart) => {
    const previous = parts.at(-1);
    if (previous && previous.match === part.match && !part.match) previous.text += part.text;
    else parts.push(part);
  };
  for (const found of text.matchAll(WORD)) {
    const folded = foldForSearch(found[0]);
    if (!terms.some((term) => folded.startsWith(term))) continue;
    if (found.index > last) push({ text: text.slice(last, found.index), match: false });
    push({ text: found[0], match: true });
    last = found.index + found[0].length;
  }
  if (last < text.length) push({ text: text.slice(last), match: false });
  return parts;
}

/**
 * Where a page of the public index ends, for the next page to start after it (keyset paging): by publication
 * day when the list is newest first, by relevance when there is a query; the id breaks ties.
 */
export type ListPosition = { order: "newest"; publishedFrom: string; id: number } | { order: "relevance"; rank: number; id: number };
