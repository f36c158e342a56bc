/**
 * The query string of the public index (`/`): the text searched, the filters and the page's start — all in
 * the URL, so that a search can be shared. Each parameter is checked as the other project lists check it;
 * parameters the index does not know are let pass (links shared on social sites gain tracking parameters).
 */
import { z } from "zod";
import { ValidationError, ValidationErrors } from "../../errors.js";
import { readCounty, COUNTIES } from "../../domain/counties.js";
import type { ProjectFilter } from "../../domain/project.js";
import type { ListPosition } from "../../domain/search.js";
import { blankToUndefined, FILTER_FIELDS, parameterErrors, wholeNumber } from "../listQuery.js";

/** The parameters, in the order the form shows them. */
export const INDEX_PARAMETERS = ["q", "programme", "period", "beneficiary", "status", "county", "settlement", "year", "after"] as const;
export type IndexParameter = (typeof INDEX_PARAMETERS)[number];

const county = z.string().transform((text, ctx) => {
  const name = readCounty(text);
  if (name === undefined) {
    ctx.addIssue({ code: "custom", message: `ismeretlen megye: „${text}”; lehet: ${COUNTIES.join(", ")}` });
    return z.NEVER;
  }
  return name;
});

/** A position as the index writes it into its "next page" link: `2024-03-01_17`, or `r0.4183_17` by relevance. */
const NEWEST = /^(\d{4}-\d{2}-\d{2})_(\d{1,10})$/;
const RELEVANCE = /^r(\d{1,3}(?:\.\d{1,20})?(?:e-\d{1,2})?)_(\d{1,10})$/;

export function positionText(position: ListPosition): string {
  return position.order === "newest" ? `${position.publishedFrom}_${position.id}` : `r${position.rank}_${position.id}`;
}

/** Ids are 32-bit integers in the database: a larger one is no position, and must not reach a query. */
const MAX_ID = 2 ** 31 - 1;
const isDay = (text: string) => !Number.isNaN(Date.parse(text)) && new Date(text).toISOString().slice(0, 10) === text;

const after = z.string().transform((text, ctx): ListPosition => {
  const newest = NEWEST.exec(text);
  if (newest && isDay(newest[1]!) && Number(newest[2]) <= MAX_ID) return { order: "newest", publishedFrom: newest[1]!, id: Number(newest[2]) };
  const relevance = RELEVANCE.exec(text);
  if (relevance && Number(relevance[2]) <= MAX_ID) return { order: "relevance", rank: Number(relevance[1]), id: Number(relevance[2]) };
  ctx.addIssue({ code: "custom", message: "ez nem a lapozás hivatkozása; kezdje az első oldalon" });
  return z.NEVER;
});

const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

const SHAPE = z.object({
  q: FILTER_FIELDS.q,
  programme: FILTER_FIELDS.programme,
  period: FILTER_FIELDS.period,
  beneficiary: FILTER_FIELDS.beneficiary,
  status: FILTER_FIELDS.status,
  county: optional(county),
  settlement: optional(z.string().trim().max(100, "legfeljebb 100 karakter")),
  year: optional(wholeNumber(1990, 2100, "évszám kell, például 2022")),
  after: optional(after),
});

export interface IndexQuery {
  filter: ProjectFilter;
  text?: string;
  after?: ListPosition;
}

/** Reads the index's query string; throws ValidationErrors naming each bad parameter. */
export function parseIndexQuery(query: Record<string, unknown>): IndexQuery {
  const repeated = INDEX_PARAMETERS.filter((k) => Array.isArray(query[k]) || (query[k] !== undefined && typeof query[k] === "object"));
  if (repeated.length > 0) throw new ValidationErrors(repeated.map((k) => new ValidationError("csak egyszer adható meg", k)));
  const result = SHAPE.safeParse(query);
  if (!result.success) throw parameterErrors(result.error, INDEX_PARAMETERS);
  const { q, after: position, ...filter } = result.data;
  const defined = Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)) as ProjectFilter;
  return { filter: defined, ...(q ? { text: q } : {}), ...(position ? { after: position } : {}) };
}

/** What was typed into each parameter, as text (a repeated parameter counts as not typed). */
export function typedParameters(query: Record<string, unknown>): Record<IndexParameter, string> {
  return Object.fromEntries(INDEX_PARAMETERS.map((k) => [k, typeof query[k] === "string" ? (query[k] as string) : ""])) as Record<IndexParameter, string>;
}
