/** The query string of a project list (API and pages): paging and filters, validated. */
import { z } from "zod";
import { ValidationError, ValidationErrors } from "../errors.js";
import { normaliseProgrammeCode } from "../domain/programmes.js";
import { LIST_ORDERS, PROJECT_STATUSES, type Page, type ProjectFilter } from "../domain/project.js";
import { normaliseTaxNumber } from "../domain/taxNumbers.js";
import { formatPath } from "../projectFile/parse.js";

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

const schema = (defaultLimit: number) =>
  z.object({
    limit: z.preprocess(blankToUndefined, z.coerce.number({ error: "egész számot adjon meg" }).int("egész számot adjon meg").min(1).max(500).default(defaultLimit)),
    offset: z.preprocess(blankToUndefined, z.coerce.number({ error: "egész számot adjon meg" }).int("egész számot adjon meg").min(0).default(0)),
    programme: z.preprocess(blankToUndefined, z.string().transform(normaliseProgrammeCode).optional()),
    status: z.preprocess(blankToUndefined, z.enum(PROJECT_STATUSES).optional()),
    // A tax number may be typed without its dashes; the repository matches the stored form.
    beneficiary: z.preprocess(blankToUndefined, z.string().trim().max(200).transform((v) => normaliseTaxNumber(v) ?? v).optional()),
    q: z.preprocess(blankToUndefined, z.string().trim().max(200).optional()),
    sort: z.preprocess(blankToUndefined, z.enum(LIST_ORDERS).default("identifier")),
  });

export interface ListQuery {
  filter: ProjectFilter;
  page: Page;
}

/** Parses list parameters; throws ValidationErrors naming each bad parameter. */
export function parseListQuery(query: unknown, defaultLimit: number): ListQuery {
  const result = schema(defaultLimit).safeParse(query);
  if (!result.success) {
    throw new ValidationErrors(result.error.issues.map((i) => new ValidationError(i.message, formatPath(i.path))));
  }
  const { limit, offset, sort, q, ...filter } = result.data;
  return {
    page: { limit, offset, order: sort },
    filter: Object.fromEntries(Object.entries({ ...filter, title: q }).filter(([, v]) => v !== undefined)) as ProjectFilter,
  };
}
