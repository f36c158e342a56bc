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

/** Each character's weights, worked out once: a key looks at every character several times, and a bulk write keys thousands of titles. */
const WEIGHTS = new Map<string, { base: string; accent: string }>();
function baseOf(char: string): { base: string; accent: string } {
  let weights = WEIGHTS.get(char);
  if (!weights) WEIGHTS.set(char, (weights = weigh(char)));
  return weights;
}

/** A run of digits where the key's reading has got to (sticky: it matches only at lastIndex). */
const DIGITS = /\d+/uy;

/** Digit runs longer than this are compared as written. */
const NUMBER_WIDTH = 12;

/** The sort key of a title: compare keys byte by byte (collate "C") to get Hungarian order. */
export function hungarianSortKey(title: string): string {
  const text = title.normalize("NFC").toLowerCase();
  let primary = "";
  let secondary = "";
  let i = 0;
  const pendingBreak = () => primary !== "" && !primary.endsWith(WORD_BREAK);
  while (i < text.length) {
    const char = text[i]!;
    if (/\s/u.test(char)) {
      if (pendingBreak()) primary += WORD_BREAK;
      i++;
      continue;
    }
    DIGITS.lastIndex = i;
    const digits = DIGITS.exec(text)?.[0];
    if (digits) {
      primary += digits.length < NUMBER_WIDTH ? digits.padStart(NUMBER_WIDTH, "0") : digits;
      i += digits.length;
      continue;
    }
    const { base, accent } = baseOf(char);
    if (!LETTER_CODE.has(base)) {
      i++;
      continue;
    }
    const rest = (k: number) => [...text.slice(i, i + k)].map((c) => baseOf(c).base).join("");
    // The next two and three letters' bases, worked out once for all the candidates below.
    const next = { 2: rest(2), 3: rest(3) } as Record<number, string>;
    // A doubled digraph writes its first letter once: "ssz" is sz + sz.
    const doubled = MULTI.find((m) => m.length === 2 && next[3] === m[0] + m);
    if (doubled) {
      primary += LETTER_CODE.get(doubled)!.repeat(2);
      secondary += accent + accent;
      i += 3;
      continue;
    }
    const multi = MULTI.find((m) => next[m.length] === m);
    if (multi) {
      primary += LETTER_CODE.get(multi)!;
      secondary += accent;
      i += multi.length;
      continue;
    }
    primary += LETTER_CODE.get(base)!;
    secondary += accent;
    i++;
  }
  return `${primary.endsWith(WORD_BREAK) ? primary.slice(0, -1) : primary}${LEVEL_BREAK}${secondary}`;
}
