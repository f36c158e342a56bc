/**
 * Amounts in whole forints. People write them many ways:
 *   29 110 000 Ft · 29,11 millió forint · 2,582 milliárd Ft · 21.500.000,- Ft · 1 200 000 000 Ft · 600 millió Ft
 * Anything that could be read two ways ("2.582 milliárd", "29.11") is rejected rather than guessed.
 */
import { ValidationError } from "../errors.js";
import type { Funding } from "./project.js";

export const AMOUNT_SHAPE = "29 110 000 Ft, 29,11 millió Ft, 2,582 milliárd Ft";

const MULTIPLIERS: Array<[RegExp, bigint]> = [
  [/^(?:milliárd|mrd\.?)$/u, 1_000_000_000n],
  [/^(?:millió|mio\.?|m\.?)$/u, 1_000_000n],
  [/^(?:ezer|e\.?)$/u, 1_000n],
];

/** Separators seen between groups of three digits: space, no-break space, narrow no-break space, dot. */
const GROUPED = /^\d{1,3}(?:([ \u00a0\u202f.])\d{3})(?:\1\d{3})*$/u;

function reject(raw: string, why = "nem értelmezhető összeg"): never {
  throw new ValidationError(`"${raw}" ${why} (várt alak pl.: ${AMOUNT_SHAPE})`);
}

/** Whole-number digits written plainly or in groups of three; null if not of that shape. */
function integerDigits(text: string): string | null {
  if (/^\d+$/.test(text)) return text;
  return GROUPED.test(text) ? text.replace(/\D/g, "") : null;
}

function toSafeNumber(value: bigint, raw: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) reject(raw, "túl nagy összeg");
  return Number(value);
}

/** Parses an amount given as a number or as Hungarian text into whole forints. */
export function parseAmount(input: number | string): number {
  if (typeof input === "number") {
    if (!Number.isSafeInteger(input)) reject(String(input), "nem egész forintösszeg");
    if (input < 0) reject(String(input), "negatív összeg");
    return input;
  }
  const raw = input;
  let text = raw.normalize("NFC").trim().toLowerCase();
  if (text.startsWith("-")) reject(raw, "negatív összeg");
  text = text
    .replace(/^huf\s*/u, "")
    .replace(/\s*(?:ft\.?|forint|huf)$/u, "")
    .replace(/,-$/u, "")
    .trim();

  let multiplier = 1n;
  const words = text.split(/\s+/u);
  const last = words.at(-1) ?? "";
  const unit = MULTIPLIERS.find(([pattern]) => pattern.test(last));
  if (unit && words.length > 1) {
    multiplier = unit[1];
    text = words.slice(0, -1).join(" ");
  }

  const [whole = "", fraction, ...extra] = text.split(",");
  if (extra.length > 0) reject(raw);
  // "2.582 milliárd" or "29.11": a dot that is not a thousands separator could be a decimal point.
  const ambiguous = /^\d+\.\d+$/.test(whole) && (multiplier > 1n || !GROUPED.test(whole));
  if (ambiguous) reject(raw, "kétértelmű összeg: tizedesvesszőt használjon");
  const wholeDigits = integerDigits(whole);
  if (wholeDigits === null) {
    reject(raw);
  }
  if (fraction !== undefined && !/^\d+$/.test(fraction)) reject(raw);

  const decimals = fraction ?? "";
  const scale = 10n ** BigInt(decimals.length);
  const scaled = BigInt(wholeDigits + decimals) * multiplier;
  if (scaled % scale !== 0n) reject(raw, "nem egész forintösszeg");
  return toSafeNumber(scaled / scale, raw);
}

/**
 * Support intensity (támogatás mértéke) as a percentage rounded to two
 * decimals: 92 for 92,00%. Null when the total cost is unknown or zero.
 */
export function supportIntensity({ grant, totalCost }: Pick<Funding, "grant" | "totalCost">): number | null {
  return percentOf(grant, totalCost);
}

/** `part` as a percentage of `whole` (forints), rounded to two decimals; null when either is unknown or `whole` is zero. */
export function percentOf(part: number | null, whole: number | null): number | null {
  if (part === null || whole === null || whole === 0) return null;
  // Integer arithmetic: basis points, rounded half up.
  const basisPoints = (BigInt(part) * 20000n + BigInt(whole)) / (2n * BigInt(whole));
  return Number(basisPoints) / 100;
}
