/** A new project as a call code or identifier implies it: the code, the programme and its period. */
import { ValidationError } from "../errors.js";
import { CALL_CODE_SHAPE, IDENTIFIER_SHAPE, parseCallCode, parseProjectIdentifier, type CallCode } from "../domain/identifiers.js";
import { findProgramme } from "../domain/programmes.js";

function draft(call: CallCode, identifier: string | null) {
  const programme = call.programmeCode ? findProgramme(call.programmeCode) : undefined;
  return {
    document: { identifier, call: { code: call.code }, status: "planned" },
    programme: programme ? `${programme.name} (${programme.code.replace("_PLUSZ", " Plusz")})` : null,
    period: call.period?.replace("-", "–") ?? null,
  };
}

/** What `raw` (an identifier or a call code, as people type them) implies; a ValidationError at `kod` otherwise. */
export function newProjectDraft(raw: string) {
  try {
    const identifier = parseProjectIdentifier(raw);
    return draft(identifier.call, identifier.identifier);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
  }
  try {
    return draft(parseCallCode(raw), null);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new ValidationError(
      `„${raw.trim()}” sem projektazonosítónak, sem felhívás-kódnak nem olvasható. Projektazonosító: ${IDENTIFIER_SHAPE}; felhívás-kód: ${CALL_CODE_SHAPE}`,
      "kod",
    );
  }
}
