/**
 * Project identifiers and call codes.
 *
 * No official specification exists; the shapes come from real identifiers:
 *   2014–20 / 2021–27: CALL-YYYY-NNNNN   KÖFOP-1.0.0-VEKOP-15-2016-00041, TOP_PLUSZ-3.1.3-23-HE1-2024-00014
 *   2007–13:           CALL-YYYY-NNNN    ÁROP-1.A.5-2013-2013-0088
 * A call code is a programme, a measure (1.2.3, 1.A.2/A) and further parts:
 * the call year (15, 21), the Central-Hungary strand (VEKOP), a territorial code (HE1), a variant.
 */
import { ValidationError } from "../errors.js";
import { findProgramme, normaliseProgrammeCode, type Period } from "./programmes.js";

export interface CallCode {
  /** Canonical form; for an irregular code, exactly as written (trimmed). */
  code: string;
  programmeCode: string | null;
  period: Period | null;
  /** False for codes kept as written because they do not follow the usual shape. */
  regular: boolean;
}

export interface ProjectIdentifier {
  identifier: string;
  call: CallCode;
  year: number;
  serial: string;
}

export const IDENTIFIER_SHAPE =
  "PROGRAM-1.2.3-16-2017-00001 (pl. KÖFOP-1.0.0-VEKOP-15-2016-00041, GINOP_PLUSZ-1.2.2-22-2022-02140)";
export const CALL_CODE_SHAPE = "PROGRAM-1.2.3-16 (pl. KÖFOP-1.0.0-VEKOP-15, TOP_PLUSZ-1.2.1-21-BA1, ÁROP-1.A.2/A)";

const LETTERS = "A-ZÁÉÍÓÖŐÚÜŰ";
/** The shape of a programme code: letters, and `_PLUSZ` for 2021–27 (GINOP_PLUSZ). */
export const PROGRAMME_CODE = new RegExp(`^[${LETTERS}]{2,}(?:_PLUSZ)?$`, "u");
const MEASURE = /^\d{1,2}(?:\.[0-9A-Z]{1,3}){1,3}(?:\/[0-9A-Z]{1,3})?$/;
const CALL_PART = /^[0-9A-Z]{1,5}(?:\/[0-9A-Z]{1,3})?$/;
const YEAR = /^(?:19|20)\d{2}$/;

/** Undo the loose spellings people type: dashes, spaces, case, trailing dots. */
function normaliseLoose(raw: string): string {
  return raw
    .normalize("NFC")
    .trim()
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .replace(/\s*-\s*/g, "-")
    .replace(/[.\s]+$/u, "")
    .toUpperCase();
}

/** The programme is all before the measure number, the first part to start with a digit: "GINOP-PLUSZ" stays whole. */
const PROGRAMME_THEN_PARTS = /^(\D+?)-(?=\d)(.+)$/u;

interface Split {
  programmeCode: string;
  callParts: string[];
  suffix: { year: string; serial: string } | null;
}

function split(normalised: string): Split | null {
  const [, typedProgramme, afterProgramme] = PROGRAMME_THEN_PARTS.exec(normalised) ?? [];
  if (!typedProgramme || !afterProgramme) return null;
  const programmeCode = normaliseProgrammeCode(typedProgramme);
  if (!PROGRAMME_CODE.test(programmeCode)) return null;
  const parts = afterProgramme.split("-");
  let suffix: Split["suffix"] = null;
  const year = parts.at(-2);
  const serial = parts.at(-1);
  if (parts.length >= 3 && year && serial && YEAR.test(year) && /^\d{4,5}$/.test(serial)) {
    suffix = { year, serial };
    parts.splice(-2, 2);
  }
  const [measure, ...rest] = parts;
  if (!measure || !MEASURE.test(measure) || !rest.every((p) => CALL_PART.test(p))) return null;
  return { programmeCode, callParts: parts, suffix };
}

function callCodeOf(parts: Split): CallCode {
  const programme = findProgramme(parts.programmeCode);
  return {
    code: [parts.programmeCode, ...parts.callParts].join("-"),
    programmeCode: parts.programmeCode,
    period: programme?.period ?? null,
    regular: true,
  };
}

/** Parses a project identifier, or throws a ValidationError that shows the expected shape. */
export function parseProjectIdentifier(raw: string): ProjectIdentifier {
  const parts = split(normaliseLoose(raw));
  if (!parts?.suffix) {
    throw new ValidationError(`"${raw}" nem projektazonosító (várt alak: ${IDENTIFIER_SHAPE})`);
  }
  const call = callCodeOf(parts);
  if (!call.period) {
    throw new ValidationError(`"${raw}": ismeretlen operatív program: ${parts.programmeCode} (várt alak: ${IDENTIFIER_SHAPE})`);
  }
  const serialDigits = call.period === "2007-2013" ? 4 : 5;
  if (parts.suffix.serial.length !== serialDigits) {
    throw new ValidationError(
      `"${raw}": a ${call.period} időszak azonosítóinak sorszáma ${serialDigits} jegyű (várt alak: ${IDENTIFIER_SHAPE})`,
    );
  }
  return {
    identifier: `${call.code}-${parts.suffix.year}-${parts.suffix.serial}`,
    call,
    year: Number(parts.suffix.year),
    serial: parts.suffix.serial,
  };
}

/**
 * Parses a call code. With `allowIrregular`, a code that does not follow the
 * usual shape but plausibly is one (one word with a measure number in it, as
 * `AAVSZ_Díjazása-GINOP-1.1.1-24` in the national list) is kept exactly as
 * written and flagged `regular: false`, never silently altered.
 */
export function parseCallCode(raw: string, options: { allowIrregular?: boolean } = {}): CallCode {
  const parts = split(normaliseLoose(raw));
  if (parts?.suffix) {
    throw new ValidationError(`"${raw}" projektazonosító, nem felhívás-kód (várt alak: ${CALL_CODE_SHAPE})`);
  }
  if (parts) {
    const call = callCodeOf(parts);
    if (call.period) return call;
  }
  const trimmed = raw.trim();
  if (options.allowIrregular && /^\S+$/u.test(trimmed) && /\d+\.\d+/.test(trimmed)) {
    return { code: trimmed, programmeCode: null, period: null, regular: false };
  }
  throw new ValidationError(`"${raw}" nem felhívás-kód (várt alak: ${CALL_CODE_SHAPE})`);
}
