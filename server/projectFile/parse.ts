/**
 * Parsing a project file, one project at a time: the schema, then the rules across fields
 * (identifier or call code, identifier within its call, lead = beneficiary).
 * Problems come back with their place, capped at a readable number; warnings
 * (an end before the start) do not stop the import.
 */
import type { z } from "zod";
import { ValidationError, ValidationErrors } from "../errors.js";
import { isCertainlyBefore } from "../domain/dates.js";
import { checkStorableText } from "../domain/text.js";
import type { CallCode } from "../domain/identifiers.js";
import type { ProjectInput } from "../services/projectWriter.js";
import { projectFileSchema, projectSchema, type ParsedProjectFields } from "./schema.js";

/** Enough to fix a file by; the rest are counted. */
export const MAX_ERRORS = 25;

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path
    .map((key, index) => (typeof key === "number" ? `[${key}]` : `${index === 0 ? "" : "."}${String(key)}`))
    .join("");
}

/** The errors, at most MAX_ERRORS of them, the last saying how many more there were. */
export function capped(errors: ValidationError[]): ValidationErrors {
  if (errors.length <= MAX_ERRORS) return new ValidationErrors(errors);
  const rest = errors.length - MAX_ERRORS;
  return new ValidationErrors([...errors.slice(0, MAX_ERRORS), new ValidationError(`… és még ${rest} további hiba`)], errors.length);
}

/** `sub` under `path`; a document's own fields when `path` is empty. */
const under = (path: string, sub: string) => (path ? `${path}.${sub}` : sub);

function checkProject(p: ParsedProjectFields, path: string): { input?: ProjectInput; errors: ValidationError[]; warnings: ValidationError[] } {
  const errors: ValidationError[] = [];
  const warnings: ValidationError[] = [];
  const call: CallCode | null | undefined = p.identifier?.call ?? p.call?.code;
  if (!call) errors.push(new ValidationError("azonosító (identifier) vagy felhívás-kód (call.code) kell", path || "identifier"));
  if (p.identifier && p.call?.code && p.call.code.code !== p.identifier.call.code) {
    errors.push(
      new ValidationError(
        `a(z) ${p.identifier.identifier} azonosító a(z) ${p.identifier.call.code} felhíváshoz tartozik, nem a(z) ${p.call.code.code} felhíváshoz`,
        under(path, "call.code"),
      ),
    );
  }
  const partners = p.partners ?? [];
  const leads = partners.flatMap((partner, index) => (partner.role === "lead" ? [index] : []));
  if (leads.length > 1) {
    errors.push(new ValidationError("egy projektnek csak egy konzorciumvezetője (lead) lehet", under(path, `partners[${leads[1]}].role`)));
  }
  for (const index of leads) {
    const lead = partners[index]!.organisation;
    const same = lead.taxNumber && p.beneficiary.taxNumber ? lead.taxNumber === p.beneficiary.taxNumber : lead.name === p.beneficiary.name;
    if (!same) errors.push(new ValidationError("a konzorciumvezető a kedvezményezett kell legyen", under(path, `partners[${index}]`)));
  }
  const { start, plannedEnd, actualEnd } = p.dates;
  for (const [field, end] of [["plannedEnd", plannedEnd], ["actualEnd", actualEnd]] as const) {
    if (start && end && isCertainlyBefore(end, start)) {
      warnings.push(new ValidationError("a befejezés korábbi, mint a kezdés (dates.start)", under(path, `dates.${field}`)));
    }
  }
  (p.deliverables ?? []).forEach((d, i) => {
    if (d.deliveredDate && d.notDeliveredReason) {
      errors.push(new ValidationError("egy eredménytermék vagy teljesült (deliveredDate), vagy nem teljesült (notDeliveredReason)", under(path, `deliverables[${i}].notDeliveredReason`)));
    }
  });
  if (errors.length > 0 || !call) return { errors, warnings };
  const { identifier, call: callGiven, ...rest } = p;
  return {
    errors,
    warnings,
    input: {
      path,
      call,
      record: { ...rest, identifier: identifier?.identifier ?? null, call: { code: call.code, title: callGiven?.title ?? null } },
    },
  };
}

/** Far deeper than any project file nests (`projects[0].amendments[0].partnerShares[0].name` is 6 levels). */
export const MAX_DEPTH = 32;

/**
 * Every text in the document that could not be stored as text, with its place, and any value nested
 * past MAX_DEPTH. Walks with a stack of its own, so no document can exhaust the call stack.
 */
export function unstorableTexts(document: unknown, at: PropertyKey[] = []): ValidationError[] {
  const errors: ValidationError[] = [];
  const pending: Array<{ value: unknown; path: PropertyKey[] }> = [{ value: document, path: at }];
  while (pending.length > 0) {
    const { value, path } = pending.pop()!;
    if (typeof value === "string") {
      try {
        checkStorableText(value, formatPath(path));
      } catch (error) {
        errors.push(error as ValidationError);
      }
    } else if (value !== null && typeof value === "object") {
      if (path.length >= MAX_DEPTH) {
        errors.push(new ValidationError(`túl mélyen egymásba ágyazott érték (legfeljebb ${MAX_DEPTH} szint)`, formatPath(path)));
        continue;
      }
      const entries: Array<[PropertyKey, unknown]> = Array.isArray(value) ? value.map((item, index) => [index, item]) : Object.entries(value);
      for (const [key, item] of entries.reverse()) pending.push({ value: item, path: [...path, key] });
    }
  }
  return errors;
}

const schemaErrors = (issues: z.core.$ZodIssue[], at: PropertyKey[] = []) =>
  issues.map((issue) => new ValidationError(issue.message, formatPath([...at, ...issue.path])));

/**
 * One project's fields as a form or the API sends them, checked as a file's project is; the
 * errors' paths are the document's own (`funding.grant`). `path` names the project in the writer's
 * messages. Throws ValidationErrors listing the problems found (capped).
 */
export function parseProject(document: unknown, path: string): { input: ProjectInput; warnings: ValidationError[] } {
  const unstorable = unstorableTexts(document);
  if (unstorable.length > 0) throw capped(unstorable);
  const result = projectSchema.safeParse(document);
  if (!result.success) throw capped(schemaErrors(result.error.issues));
  const checked = checkProject(result.data, "");
  if (!checked.input) throw capped(checked.errors);
  return { input: { ...checked.input, path }, warnings: checked.warnings };
}

/**
 * One element of a file's `projects` array, checked as the whole file's schema would check it, with
 * its place (`projects[3].funding.grant`) in every message. A text that cannot be stored hides the
 * schema's verdict on that project, as it does for a whole file.
 */
export function parseFileProject(value: unknown, index: number): { input?: ProjectInput; errors: ValidationError[]; warnings: ValidationError[] } {
  const at = ["projects", index];
  const unstorable = unstorableTexts(value, at);
  if (unstorable.length > 0) return { errors: unstorable, warnings: [] };
  const result = projectSchema.safeParse(value);
  if (!result.success) return { errors: schemaErrors(result.error.issues, at), warnings: [] };
  return checkProject(result.data, formatPath(at));
}

/**
 * A document in memory as a stream delivers it: its `projects` (when an array), and its top level with
 * them taken out (an empty array where they were).
 */
export function splitDocument(document: unknown): { projects: unknown[]; topLevel: unknown } {
  if (document === null || typeof document !== "object" || Array.isArray(document) || !Array.isArray((document as { projects?: unknown }).projects)) {
    return { projects: [], topLevel: document };
  }
  const { projects, ...rest } = document as { projects: unknown[] };
  return { projects, topLevel: { ...rest, projects: [] } };
}

/**
 * The file's own shape: an object with a `projects` array and nothing else. `topLevel` is the document
 * with its projects taken out (an empty array where they were).
 */
export function fileShapeErrors(topLevel: unknown): ValidationError[] {
  // A document that is not an object is not a project file, whatever its texts hold: say that, not where a text is bad.
  const isObject = topLevel !== null && typeof topLevel === "object" && !Array.isArray(topLevel);
  const unstorable = isObject ? unstorableTexts(topLevel) : [];
  if (unstorable.length > 0) return unstorable;
  const result = projectFileSchema.safeParse(topLevel);
  return result.success ? [] : schemaErrors(result.error.issues);
}

/**
 * Errors gathered while a file streams past: the first MAX_ERRORS kept, the rest only counted, so
 * that a file with a million bad projects needs no more memory than one with a few.
 */
export class ErrorTally {
  private readonly kept: ValidationError[] = [];
  private counted = 0;

  add(errors: readonly ValidationError[]): void {
    for (const error of errors) {
      if (this.kept.length <= MAX_ERRORS) this.kept.push(error);
      this.counted++;
    }
  }

  get count(): number {
    return this.counted;
  }

  /** As `capped` would list them had every error been kept, `first` (the file's own shape) leading. */
  toError(first: readonly ValidationError[] = []): ValidationErrors {
    const errors = [...first, ...this.kept];
    const total = first.length + this.counted;
    if (total <= MAX_ERRORS) return new ValidationErrors(errors);
    return new ValidationErrors([...errors.slice(0, MAX_ERRORS), new ValidationError(`… és még ${total - MAX_ERRORS} további hiba`)], total);
  }
}

export interface ParsedFile {
  inputs: ProjectInput[];
  warnings: ValidationError[];
}

/** Parses a whole project file in memory; throws ValidationErrors listing the problems found (capped). */
export function parseProjectFile(document: unknown): ParsedFile {
  const { projects, topLevel } = splitDocument(document);
  const errors = new ErrorTally();
  const warnings: ValidationError[] = [];
  const inputs: ProjectInput[] = [];
  projects.forEach((value, index) => {
    const checked = parseFileProject(value, index);
    errors.add(checked.errors);
    warnings.push(...checked.warnings);
    if (checked.input) inputs.push(checked.input);
  });
  const shape = fileShapeErrors(topLevel);
  if (shape.length > 0 || errors.count > 0) throw errors.toError(shape);
  return { inputs, warnings };
}
