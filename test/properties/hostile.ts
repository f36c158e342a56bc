/**
 * Hostile input, as fast-check arbitraries: what a careless script, a broken client or an attacker sends.
 * Shared by the property tests (test/integration/hostileInput.test.ts) and the long run (scripts/fuzz.ts).
 */
import fc from "fast-check";

/** The body limits the app promises (server/app.ts and the API routes); bodies are made up to and past them. */
export const FORM_BODY_LIMIT = 1024 * 1024;
export const JSON_BODY_LIMIT = 2 * 1024 * 1024;

/** Field names that reach into objects' prototypes when code copies keys without care. */
export const PROTOTYPE_KEYS = ["__proto__", "constructor", "prototype", "hasOwnProperty", "toString", "__proto__[admin]", "constructor.prototype"];

const CONTROL = fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c));
const LONE_SURROGATE = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
/** Latin, Hungarian, Cyrillic look-alikes, Greek, Arabic (right to left), CJK, emoji, combining marks, zero-width and bidi controls. */
const MIXED_SCRIPT = fc.constantFrom(
  "Ő", "ű", "O\u030b", "а", "Ѕ", "Ω", "مشروع", "项目", "🇭🇺", "👩‍💻", "\u200b", "\u200d", "\u202e", "\ufeff", "\ufffd", "ǅ", "ﬁ", "İ", "ß",
);
const TRICKY = fc.constantFrom(
  "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "'; drop table projects; --", "${7*7}", "{{constructor}}",
  "javascript:alert(1)", "data:text/html,x", "../../etc/passwd", "%00", "\\u0000", "null", "undefined", "true", "[]", "{}", " ", "",
);
/** Numbers as people and programs should never type them: beyond bigint, floats, hex, exponents, separators. */
export const HOSTILE_NUMBER_TEXT = fc.constantFrom(
  "99999999999999999999999", "9223372036854775807", "9223372036854775808", "-9223372036854775809", "1e309", "-1e309", "1e-400",
  "NaN", "Infinity", "-0", "0x10", "1e3", "1,5e3", "12.345.678,9", "9 223 372 036 854 775 808 Ft", "99 999 999 999 999 999 999 Ft",
  "999999 milliárd Ft", "-29 110 000 Ft", "2147483648", "2147483647", "-2147483649", "0.000000001", "100000000000000000000 %",
);
/** Days that do not exist, and years a column may not hold. */
export const HOSTILE_DATE_TEXT = fc.constantFrom(
  "2021-02-30", "2021-02-29", "2100-02-29", "2021. február 30.", "2021.02.31.", "2021-13-01", "2021-00-10", "0000-00-00", "0001-01-01",
  "9999-12-31", "10000-01-01", "275760-09-13", "-2021-01-01", "2021-1-1", "2021. május 32.", "1899-12-31", "2021-04-31T25:61:61Z",
  "2021. smarch 13.", "2021.05", "2021", "1e4-01-01",
);

/** One piece of text of any of the hostile kinds. */
const piece = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 20 }) },
  { weight: 2, arbitrary: fc.string({ unit: fc.oneof(CONTROL, LONE_SURROGATE, MIXED_SCRIPT), maxLength: 12 }) },
  { weight: 2, arbitrary: TRICKY },
  { weight: 2, arbitrary: HOSTILE_NUMBER_TEXT },
  { weight: 2, arbitrary: HOSTILE_DATE_TEXT },
  { weight: 1, arbitrary: fc.constantFrom(...PROTOTYPE_KEYS) },
);

/** Long text: a field's worth, a column's worth past its width, and rarely past the whole body limit. */
const longText = fc
  .tuple(fc.constantFrom(300, 5_000, 70_000, FORM_BODY_LIMIT + 10, JSON_BODY_LIMIT + 10), fc.constantFrom("x", "Ő", "😀", "\u0000", "a\u030b"))
  .map(([length, unit]) => unit.repeat(Math.ceil(length / unit.length)));

/** A text value: mostly short hostile pieces glued together, sometimes very long. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 12, arbitrary: fc.array(piece, { minLength: 1, maxLength: 3 }).map((parts) => parts.join("")) },
  { weight: 1, arbitrary: longText },
);

/** A JSON value of any type, nested a little, with hostile keys and texts; numbers beyond what any column holds. */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    { weight: 6, arbitrary: hostileText },
    { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, 1e21, -1e21, 1.5, -0, 2 ** 63)) },
    { weight: 1, arbitrary: fc.constantFrom(null, true, false) },
    { weight: 1, arbitrary: fc.array(tie("value"), { maxLength: 3 }) },
    { weight: 1, arbitrary: fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(...PROTOTYPE_KEYS)), tie("value"), { maxKeys: 3 }) },
  ),
})).value;

/** Text of a JSON document with nesting far past what any parser or validator should follow. */
export const deepNesting = fc
  .tuple(fc.integer({ min: 1_000, max: 100_000 }), fc.constantFrom("[", '{"a":'))
  .map(([depth, open]) => open.repeat(depth) + "1" + (open === "[" ? "]" : "}").repeat(depth));

/** A byte sequence that is not UTF-8: stray continuation bytes, overlong forms, encoded surrogates, truncated sequences. */
export const invalidUtf8 = fc.constantFrom(
  [0xff], [0xfe, 0xff], [0x80], [0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xed, 0xbf, 0xbf], [0xf4, 0x90, 0x80, 0x80], [0xc3], [0xe2, 0x82],
);

/** A form value as bytes in an urlencoded body: text, raw non-UTF-8 bytes, or broken percent escapes. */
export const formValueBytes: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: hostileText.map((t) => percentEncode(Buffer.from(t, "utf8"))) },
  { weight: 2, arbitrary: invalidUtf8.map((bytes) => percentEncode(Buffer.from(bytes))) },
  { weight: 1, arbitrary: fc.constantFrom("%", "%Z", "%ZZ", "%%", "%u0041", "%C3%", "a%2", "%00") },
);

/** Percent-encodes every byte, whatever the bytes are (encodeURIComponent refuses lone surrogates). */
export function percentEncode(bytes: Buffer): string {
  return bytes.toString("hex").replace(/../g, "%$&");
}

/** Some of `names`, plus perhaps an unknown or prototype key; order and repetition vary. */
export function fieldNames(names: readonly string[]): fc.Arbitrary<string[]> {
  const known = names.length > 0 ? fc.subarray([...names], { minLength: Math.min(1, names.length) }) : fc.constant([] as string[]);
  return fc.tuple(known, fc.array(fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), fc.string({ maxLength: 10 })), { maxLength: 2 })).map(([a, b]) => [...a, ...b]);
}
