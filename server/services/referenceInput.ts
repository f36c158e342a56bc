/**
 * What the organisation, programme and call forms accept, read with the same
 * rules as the project file: tax numbers and call codes as people type them,
 * websites http(s) only. Problems come back named by form field.
 */
import { z } from "zod";
import { ValidationError, ValidationErrors } from "../errors.js";
import { parseCallCode, PROGRAMME_CODE, type CallCode } from "../domain/identifiers.js";
import { normaliseProgrammeCode } from "../domain/programmes.js";
import type { Organisation } from "../domain/project.js";
import { formatPath, unstorableTexts } from "../projectFile/parse.js";
import { optionalText, organisationFields, parsedWith, requiredText, toOrganisation } from "../projectFile/schema.js";

/** The version the form was based on; a create form has none. */
const version = z.coerce
  .number({ error: "sérült; töltse be újra az űrlapot" })
  .int("sérült; töltse be újra az űrlapot")
  .min(1, "sérült; töltse be újra az űrlapot")
  .optional();

function parseProgrammeCode(raw: string): string {
  const code = normaliseProgrammeCode(raw);
  if (!PROGRAMME_CODE.test(code)) throw new ValidationError(`"${raw}" nem operatív program kódja (pl. KÖFOP, GINOP_PLUSZ)`);
  return code;
}

const organisationSchema = z.object({ ...organisationFields, version });

const programmeSchema = z.object({
  code: requiredText.transform(parsedWith(parseProgrammeCode)),
  name: requiredText,
  period: requiredText,
  instrument: requiredText,
  version,
});

const callSchema = z.object({
  code: requiredText.transform(parsedWith((raw): CallCode => parseCallCode(raw, { allowIrregular: true }))),
  title: optionalText,
  /** A programme code; left empty, the code's own programme. */
  programme: optionalText,
  version,
});

export interface ProgrammeInput {
  code: string;
  name: string;
  period: string;
  instrument: string;
}

export interface CallInput {
  call: CallCode;
  title: string | null;
  programme: string | null;
}

export interface Versioned<T> {
  values: T;
  version: number | undefined;
}

function parsed<S extends z.ZodType>(schema: S, form: unknown): z.output<S> {
  const result = schema.safeParse(form);
  if (!result.success) {
    throw new ValidationErrors(result.error.issues.map((i) => new ValidationError(i.message, formatPath(i.path))));
  }
  // Checked on what the form's fields gave, so a field no form has cannot be named in an error.
  const unstorable = unstorableTexts(result.data);
  if (unstorable.length > 0) throw new ValidationErrors(unstorable);
  return result.data;
}

export function readOrganisationForm(form: unknown): Versioned<Organisation> {
  const { version, ...organisation } = parsed(organisationSchema, form);
  return { values: toOrganisation(organisation), version };
}

export function readProgrammeForm(form: unknown): Versioned<ProgrammeInput> {
  const { version, ...values } = parsed(programmeSchema, form);
  return { values, version };
}

export function readCallForm(form: unknown): Versioned<CallInput> {
  const { version, code, title, programme } = parsed(callSchema, form);
  return { values: { call: code, title, programme }, version };
}
