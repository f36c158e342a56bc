/**
 * The review table's query string (page and API alike) and the review form, validated: each bad value is a
 * ValidationError naming its parameter or field.
 */
import { z } from "zod";
import { ValidationError, ValidationErrors } from "../../errors.js";
import { dayInBudapest, firstDay, parsePartialDate } from "../../domain/dates.js";
import { normaliseProgrammeCode } from "../../domain/programmes.js";
import { REVIEW_OUTCOMES, REVIEW_SORTS, REVIEW_STATES, type ReviewTableQuery } from "../../domain/review.js";
import type { ReviewInput } from "../../services/fundingReviewService.js";
import { formatPath } from "../../projectFile/parse.js";
import { STATUSES } from "../../projectFile/vocabulary.js";

const PAGE_SIZE = 50;
const MAX_LIMIT = 200;

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

/** The seek position of the next page: the last row's sort key and id, as an opaque text. */
export const encodeCursor = (after: { value: string | number | null; id: number }) =>
  Buffer.from(JSON.stringify([after.value, after.id])).toString("base64url");

const cursor = z.string().transform((text, ctx) => {
  try {
    const [value, id] = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as unknown[];
    if ((typeof value === "string" || typeof value === "number") && Number.isSafeInteger(id)) return { value, id: id as number };
  } catch {
    // fall through to the message below
  }
  ctx.addIssue({ code: "custom", message: "érvénytelen lapozási hely; kezdje az első oldalról" });
  return z.NEVER;
});

const shape = {
  programme: optional(z.string().transform(normaliseProgrammeCode)),
  status: optional(
    z.string().transform((word, ctx) => {
      const code = STATUSES.read(word);
      if (code === undefined) {
        ctx.addIssue({ code: "custom", message: `ismeretlen állapot: „${word}”; lehet: ${STATUSES.names().join(", ")}` });
        return z.NEVER;
      }
      return code;
    }),
  ),
  review: optional(z.enum(REVIEW_STATES, { error: `lehet: ${REVIEW_STATES.join(", ")}` })),
  findings: optional(z.enum(["yes", "no"], { error: "lehet: yes, no" })),
  sort: optional(z.enum(REVIEW_SORTS, { error: `lehet: ${REVIEW_SORTS.join(", ")}` })),
  order: optional(z.enum(["asc", "desc"], { error: "lehet: asc, desc" })),
  after: optional(cursor),
  limit: optional(
    z.string().regex(/^\d{1,3}$/, `1 és ${MAX_LIMIT} közötti egész szám kell`).transform(Number).refine((n) => n >= 1 && n <= MAX_LIMIT, `1 és ${MAX_LIMIT} közötti egész szám kell`),
  ),
};

const PARAMETERS = Object.keys(shape);

function refused(issues: z.core.$ZodIssue[]): ValidationErrors {
  return new ValidationErrors(
    issues.flatMap((i) =>
      i.code === "unrecognized_keys"
        ? i.keys.map((k) => new ValidationError(`ismeretlen paraméter; lehet: ${PARAMETERS.join(", ")}`, k))
        : [new ValidationError(i.message, formatPath(i.path))],
    ),
  );
}

/** Parses the table's parameters; `strict` (the API) also refuses parameters it does not know. */
export function parseReviewTableQuery(query: unknown, { strict = false } = {}): ReviewTableQuery {
  const result = (strict ? z.strictObject(shape) : z.object(shape)).safeParse(query);
  if (!result.success) throw refused(result.error.issues);
  const { programme, status, review, findings, sort, order, after, limit } = result.data;
  return {
    filter: {
      ...(programme ? { programme } : {}),
      ...(status ? { status } : {}),
      ...(review ? { review } : {}),
      ...(findings ? { findings: findings === "yes" } : {}),
    },
    sort: sort ?? "identifier",
    descending: order === "desc",
    after: after ?? null,
    limit: limit ?? PAGE_SIZE,
  };
}

/** The review form: date (as people write it, a whole day, not in the future), outcome, comment, version. */
export function parseReviewForm(body: Record<string, unknown>, today: Date = new Date()): ReviewInput {
  const text = (name: string) => (typeof body[name] === "string" ? (body[name] as string).trim() : "");
  const errors: ValidationError[] = [];
  let reviewedOn = null;
  try {
    reviewedOn = parsePartialDate(text("reviewedOn"));
    if (reviewedOn.precision !== "day") errors.push(new ValidationError("teljes dátum kell (év, hónap, nap)", "reviewedOn"));
    else if (firstDay(reviewedOn) > firstDay(dayInBudapest(today))) errors.push(new ValidationError("nem lehet későbbi a mai napnál", "reviewedOn"));
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    errors.push(new ValidationError(text("reviewedOn") === "" ? "adja meg a felülvizsgálat dátumát" : error.rawMessage(), "reviewedOn"));
  }
  const outcome = text("outcome");
  if (!(REVIEW_OUTCOMES as readonly string[]).includes(outcome)) errors.push(new ValidationError("válassza ki az eredményt", "outcome"));
  const comment = text("comment");
  if (outcome === "questions" && comment === "") errors.push(new ValidationError("kérdés esetén írja le, mi a kérdés", "comment"));
  if (comment.length > 5000) errors.push(new ValidationError("legfeljebb 5000 karakter lehet", "comment"));
  const version = Number(text("version"));
  if (!Number.isSafeInteger(version) || version < 1) errors.push(new ValidationError("Az űrlap elavult: hiányzik róla a projekt változata. Töltse be újra az oldalt."));
  if (errors.length > 0 || reviewedOn === null) throw new ValidationErrors(errors);
  return { reviewedOn, outcome: outcome as ReviewInput["outcome"], comment: comment === "" ? null : comment, version };
}
