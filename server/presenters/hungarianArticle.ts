/**
 * The Hungarian definite article: "az" before a vowel sound, "a" before a consonant. A name starting
 * with a number is read aloud, so the article follows the numeral's first sound: "az 1956-os", "az 5
 * település", "az 50 éves", "az 1000 fős", but "a 2021-es", "a 100 napos".
 */

const VOWELS = new Set("aáeéiíoóöőuúüű");

/** Leading digits of a number as it is written: "1 000", "1.000", "1000". */
const LEADING_NUMBER = /^\d{1,3}(?:[ .\u00a0\u202f]\d{3})+(?!\d)|^\d+/;

/**
 * Whether a number read aloud in Hungarian starts with a vowel. Read from its highest group of three
 * digits: "ezer" (1000) and "egy", "öt" (1, 5), "ötven" (50), "ötszáz" (500) start with one; "száz"
 * (100), "tíz" (10), "két", "húsz"... do not.
 */
export function numeralStartsWithVowel(digits: string): boolean {
  const value = BigInt(digits.replace(/\D/g, "") || "0");
  if (value === 0n) return false; // "nulla"
  let group = value;
  let scale = 0;
  while (group >= 1000n) {
    group /= 1000n;
    scale++;
  }
  if (group === 1n && scale === 1) return true; // "ezer", never "egyezer"
  const [hundreds, tens, units] = [group / 100n, (group / 10n) % 10n, group % 10n];
  if (hundreds > 0n) return hundreds === 5n; // "száz" for 1, "ötszáz" for 5
  if (tens > 0n) return tens === 5n; // "ötven"
  return units === 1n || units === 5n; // "egy", "öt" (and "egymillió", "ötmilliárd")
}

/** "a" or "az" for what follows it; quotation marks and brackets before the first letter are skipped. */
export function definiteArticle(text: string): "a" | "az" {
  const word = text.replace(/^[^\p{L}\p{N}]+/u, "");
  const number = LEADING_NUMBER.exec(word);
  if (number) return numeralStartsWithVowel(number[0]) ? "az" : "a";
  return VOWELS.has(word.charAt(0).toLocaleLowerCase("hu")) ? "az" : "a";
}

/** The text with its article before it: "az Európai Unió", "a 2021-es"; capitalised to start a sentence. */
export function withArticle(text: string, sentenceStart = false): string {
  const article = definiteArticle(text);
  return `${sentenceStart ? article.charAt(0).toUpperCase() + article.slice(1) : article} ${text}`;
}
