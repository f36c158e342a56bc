/** The query string of a project list (API and pages): paging and filters, validated. */
import { z } from "zod";
import { ValidationError, ValidationErrors } from "../errors.js";
import { normaliseProgrammeCode, PERIODS, type Period } from "../domain/programmes.js";
import { periodLabel } from "../presenters/labels.js";
import { LIST_ORDERS, type Page, type ProjectFilter } from "../domain/project.js";
import { normaliseTaxNumber } from "../domain/taxNumbers.js";
import { formatPath } from "../projectFile/parse.js";
import { listCursor } from "./listCursor.js";
import { STATUSES } from "../projectFile/vocabulary.js";

export const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

export const MAX_LIMIT = 500;

/**
 * The deepest page an offset reaches: each page skips `offset` rows of the index, so past this the cursor
 * (`after`, the previous page's `next`) is the way on, at the same speed at any depth.
 */
export const MAX_OFFSET = 10_000;

/** A whole number written in plain digits (no `0x10`, `1e3`, `+5` or `5.0`), within bounds. */
export const wholeNumber = (min: number, max: number, message: string) =>
  z
    .union([z.number(), z.string()], { error: message })
    .transform((v, ctx) => {
      const text = String(v).trim();
      const n = /^\d{1,15}$/.test(text) ? Number(text) : NaN;
      if (!(n >= min && n <= max)) {
        ctx.addIssue({ code: "custom", message });
        return z.NEVER;
      }
      return n;
    });

const status = z.string().transform((word, ctx) => {
  const code = STATUSES.read(word);
  if (code === undefined) {
    ctx.addIssue({ code: "custom", message: `ismeretlen állapot: „${word}”; lehet: ${STATUSES.names().join(", ")}` });
    return z.NEVER;
  }
  return code;
});

const period = z.string().transform((text, ctx) => {
  const code = text.trim().replace(/\s*[\u2010-\u2015\u2212-]\s*/u, "-");
  if (!(PERIODS as readonly string[]).includes(code)) {
    ctx.addIssue({ code: "custom", message: `ismeretlen programozási időszak: „${text}”; lehet: ${PERIODS.map(periodLabel).join(", ")}` });
    return z.NEVER;
  }
  return code as Period;
});

/** The filters every project list takes (the API, the staff list, the public index), checked alike. */
export const FILTER_FIELDS = {
  programme: z.preprocess(blankToUndefined, z.string().transform(normaliseProgrammeCode).optional()),
  period: z.preprocess(blankToUndefined, period.optional()),
  status: z.preprocess(blankToUndefined, status.optional()),
  // A tax number may be typed without its dashes; the repository matches the stored form.
  beneficiary: z.preprocess(blankToUndefined, z.string().trim().max(200).transform((v) => normaliseTaxNumber(v) ?? v).optional()),
  q: z.preprocess(blankToUndefined, z.string().trim().max(200).optional()),
};

const fields = (defaultLimit: number) => ({
  limit: z.preprocess(blankToUndefined, wholeNumber(1, MAX_LIMIT, `1 és ${MAX_LIMIT} közötti egész szám kell (például 20)`).default(defaultLimit)),
  offset: z.preprocess(
    blankToUndefined,
    wholeNumber(
      0,
      MAX_OFFSET,
      `0 és ${MAX_OFFSET} közötti egész szám kell; mélyebbre az after paraméterrel lapozzon (az előző oldal next értékével)`,
    ).default(0),
  ),
  ...FILTER_FIELDS,
  sort: z.preprocess(blankToUndefined, z.enum(LIST_ORDERS, { error: `lehet: ${LIST_ORDERS.join(", ")}` }).default("identifier")),
  after: z.preprocess(blankToUndefined, listCursor.optional()),
});

const PARAMETERS = Object.keys(fields(1));

/** The errors of a query string, each naming its parameter; an unknown parameter lists the known ones. */
export function parameterErrors(error: z.ZodError, parameters: readonly string[]): ValidationErrors {
  return new ValidationErrors(
    error.issues.flatMap((i) =>
      i.code === "unrecognized_keys"
        ? i.keys.map((k) => new ValidationError(`ismeretlen paraméter; lehet: ${parameters.join(", ")}`, k))
        : [new ValidationError(i.message, formatPath(i.path))],
    ),
  );
}

export interface ListQuery {
  filter: ProjectFilter;
  page: Page;
}

/**
 * The schema of each kind of list, made once: zod compiles a schema at its first parse, which cost an API list page
 * about 0.6 ms of CPU when the schema was made for every request.
 */
const schemas = new Map<string, z.ZodType<z.output<z.ZodObject<ReturnType<typeof fields>>>>>();
function listSchema(defaultLimit: number, strict: boolean) {
  const key = `${defaultLimit} ${strict}`;
  let schema = schemas.get(key);
  if (!schema) {
    const shape = fields(defaultLimit);
    schema = strict ? z.strictObject(shape) : z.object(shape);
    schemas.set(key, schema);
  }
  return schema;
}

/**
 * Parses list parameters; throws ValidationErrors naming each bad parameter. `strict` (the API) also refuses
 * a parameter it does not know, so that a misspelt filter is not silently ignored; pages let others pass.
 */
export function parseListQuery(query: unknown, defaultLimit: number, { strict = false } = {}): ListQuery {
  const result = listSchema(defaultLimit, strict).safeParse(query);
  if (!result.success) throw parameterErrors(result.error, PARAMETERS);
  const { limit, offset, after, sort, q, ...filter } = result.data;
  const conflicts = [
    ...(after && offset > 0 ? [new ValidationError("az after paraméterrel együtt nem adható meg (a hivatkozás már tudja, hol folytatódik)", "offset")] : []),
    ...(after && after.order !== sort ? [new ValidationError("ez egy másik rendezés lapozási hivatkozása; kezdje az első oldalon", "after")] : []),
  ];
  if (conflicts.length > 0) throw new ValidationErrors(conflicts);
  return {
    page: { limit, offset, order: sort, ...(after ? { after } : {}) },
    filter: Object.fromEntries(Object.entries({ ...filter, title: q }).filter(([, v]) => v !== undefined)) as ProjectFilter,
  };
}
