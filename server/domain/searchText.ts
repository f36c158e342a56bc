/**
 * Text as title search compares it: lower case, without accents, spaces
 * collapsed, so that "godollo" finds "Gödöllő". Stored beside the title and
 * searched with a trigram index.
 */
import { stripAccents } from "./programmes.js";

export function foldForSearch(text: string): string {
  return stripAccents(text.normalize("NFC")).toLowerCase().replace(/\s+/gu, " ").trim();
}
