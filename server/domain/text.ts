/** Text that can be stored: PostgreSQL text holds no NUL, and half of a UTF-16 surrogate pair is no character at all. */
import { ValidationError } from "../errors.js";

const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const isStorableText = (text: string): boolean => !UNSTORABLE.test(text);

/** Throws a ValidationError at `path` when `text` holds a character no text column can store. */
export function checkStorableText(text: string, path: string): void {
  if (!isStorableText(text)) throw new ValidationError("érvénytelen karaktert tartalmaz (NUL vagy csonka UTF-16 karakter)", path);
}
