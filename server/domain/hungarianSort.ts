/**
 * Hungarian alphabetical order as dictionaries use it (MHSZ 12th ed.), as a
 * key that sorts right byte by byte: the embedded engine has no Hungarian
 * collation, so lists order by a stored key with `collate "C"` on both engines.
 *
 * - Digraphs and the trigraph are letters of their own: cs after c, dz and dzs
 *   after d, gy, ly, ny, sz, ty, zs after g, l, n, s, t, z. So "Cz…" sorts
 *   before "Cs…". A doubled one ("ssz", "ggy", "ccs") is two of the letter.
 * - a = á, e = é, i = í, o = ó, u = ú, and ö = ő, ü = ű at the first level;
 *   ö and ü are letters of their own after o and u. Where two titles differ
 *   only there, the one without the acute comes first (kar < kár).
 * - Case does not count; digits come before letters and a run of digits is
 *   read as a number (2. ütem < 10. ütem); spaces separate words (word by word:
 *   "Ág utca" < "Ágas"); other punctuation is ignored.
 *
 * A compound's seam cannot be seen without a dictionary: "házszám" reads as
 * h-á-zs-z-á-m rather than h-á-z-sz-á-m. Titles rarely meet such a case.
 */
import { stripAccents } from "./programmes.js";

/** The letters in order; each stands for itself and its accented forms. */
const LETTERS = [
  "a", "b", "c", "cs", "d", "dz", "dzs", "e", "f", "g", "gy", "h", "i", "j", "k", "l", "ly", "m", "n", "ny", "o",
  "ö", "p", "q", "r", "s", "sz", "t", "ty", "u", "ü", "v", "w", "x", "y", "z", "zs",
];

/** Ascending byte order; digits take the first ten, letters the rest. */
const CODES = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const WORD_BREAK = "!";
/** Below every other character of a key, so that a title sorts before its own continuations. */
const LEVEL_BREAK = " ";

const LETTER_CODE = new Map(LETTERS.map((letter, i) => [letter, CODES[10 + i]!]));
const MULTI = LETTERS.filter((l) => l.length > 1).sort((a, b) => b.length - a.length);

/** Second-level weight of a character: plain 0, Hungarian long vowel 1, any other accent 2. */
const LONG_VOWELS: Record<string, string> = { á: "a", é: "e", í: "i", ó: "o", ú: "u", ő: "ö", ű: "ü" };

function weigh(char: string): { base: string; accent: string } {
  if (char === "ö" || char === "ü") return { base: char, accent: "0" };
  const long = LONG_VOWELS[char];
  if (long) return { base: long, accent: "1" };
  const stripped = stripAccents(char);
  return { base: stripped, accent: stripped === char ? "0" : "2" };
}

/** What a key needs of a character, worked out once: a key looks at every character, and a bulk write keys thousands of titles. */
interface Weights {
  base: string;
  accent: string;
  /** The letter's code when the base is one of the letters, else null. */
  code: string | null;
  space: boolean;
}
const WEIGHTS = new Map<string, Weights>();
function weightsOf(char: string): Weights {
  let weights = WEIGHTS.get(char);
  if (!weights) {
    const { base, accent } = weigh(char);
    weights = { base, accent, code: LETTER_CODE.get(base) ?? null, space: /\s/u.test(char) };
    WEIGHTS.set(char, weights);
  }
  return weights;
}

/** The three-letter sequences that are a doubled digraph ("ssz" is sz + sz), with the digraph. */
const DOUBLED = new Map(MULTI.filter((m) => m.length === 2).map((m) => [m[0] + m, m]));
const TRIGRAPHS = new Set(MULTI.filter((m) => m.length === 3));
const DIGRAPHS = new Set(MULTI.filter((m) => m.length === 2));

const isDigit = (unit: number) => unit >= 48 && unit <= 57;

/** Digit runs longer than this are compared as written. */
const NUMBER_WIDTH = 12;

/** The sort key of a title: compare keys byte by byte (collate "C") to get Hungarian order. */
export function hungarianSortKey(title: string): string {
  const text = title.normalize("NFC").toLowerCase();
  const weights = Array.from({ length: text.length }, (_, i) => weightsOf(text[i]!));
  /** The bases of the `length` characters from `from` on, as one string. */
  const bases = (from: number, length: number) => {
    let joined = "";
    for (let j = from; j < from + length && j < text.length; j++) joined += weights[j]!.base;
    return joined;
  };
  let primary = "";
  let secondary = "";
  let atBreak = true;
  let i = 0;
  while (i < text.length) {
    const { accent, code, space } = weights[i]!;
    if (space) {
      if (!atBreak) primary += WORD_BREAK;
      atBreak = true;
      i++;
      continue;
    }
    if (isDigit(text.charCodeAt(i))) {
      let end = i + 1;
      while (end < text.length && isDigit(text.charCodeAt(end))) end++;
      const digits = text.slice(i, end);
      primary += digits.length < NUMBER_WIDTH ? digits.padStart(NUMBER_WIDTH, "0") : digits;
      atBreak = false;
      i = end;
      continue;
    }
    if (code === null) {
      i++;
      continue;
    }
    atBreak = false;
    const three = bases(i, 3);
    // A doubled digraph writes its first letter once: "ssz" is sz + sz.
    const doubled = DOUBLED.get(three);
    if (doubled) {
      primary += LETTER_CODE.get(doubled)!.repeat(2);
      secondary += accent + accent;
      i += 3;
      continue;
    }
    const multi = TRIGRAPHS.has(three) ? three : DIGRAPHS.has(bases(i, 2)) ? bases(i, 2) : null;
    if (multi) {
      primary += LETTER_CODE.get(multi)!;
      secondary += accent;
      i += multi.length;
      continue;
    }
    primary += code;
    secondary += accent;
    i++;
  }
  return `${atBreak && primary !== "" ? primary.slice(0, -1) : primary}${LEVEL_BREAK}${secondary}`;
}
