/**
 * The import schema of the project file (documented in README.md): what each
 * field accepts, in users' words. Every problem is reported with its place.
 */
import { z } from "zod";
import { ValidationError } from "../errors.js";
import { parseMoment, parsePartialDate, type PartialDate } from "../domain/dates.js";
import { parseCallCode, parseProjectIdentifier } from "../domain/identifiers.js";
import { parseAmount } from "../domain/money.js";
import { parseTaxNumber } from "../domain/taxNumbers.js";
import type { Link, Organisation } from "../domain/project.js";
import {
  DELIVERABLE_KINDS,
  EVENT_KINDS,
  NOTICE_KINDS,
  OBLIGATION_KINDS,
  PARTNER_ROLES,
  PROCUREMENT_METHODS,
  STATUSES,
  type Vocabulary,
} from "./vocabulary.js";

z.config(z.locales.hu());

/** Edit distance, to suggest the field a typo meant. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
    }
    row = next;
  }
  return row[b.length]!;
}

/** Messages people can act on where the Hungarian locale's are vague: a missing field, a misspelt one. */
z.config({
  customError: (issue) => {
    if (issue.code === "invalid_type" && issue.input === undefined) return "kötelező mező, hiányzik";
    if (issue.code === "unrecognized_keys") {
      const shape = (issue.inst as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined)?._zod?.def?.shape;
      const known = Object.keys(shape ?? {});
      return issue.keys
        .map((key) => {
          const near = known.find((k) => distance(key, k) <= 2);
          return `ismeretlen mező: "${key}"${near ? ` (talán: ${near})` : ""}`;
        })
        .join("; ");
    }
    return undefined;
  },
});

/** Runs a domain parser inside a schema, turning its ValidationError into an issue at the same place. */
export function parsedWith<T>(parse: (raw: string) => T) {
  return (raw: string, ctx: z.RefinementCtx): T => {
    try {
      return parse(raw);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      ctx.addIssue({ code: "custom", message: error.rawMessage() });
      return z.NEVER;
    }
  };
}

/** A coded value written as people write it; unknown words get the accepted names. */
function coded<T extends string>(words: Vocabulary<T>) {
  return z.string().transform((raw, ctx): T => {
    const code = words.read(raw);
    if (code === undefined) {
      ctx.addIssue({ code: "custom", message: `ismeretlen érték: "${raw}"; elfogadott értékek: ${words.names().join(", ")}` });
      return z.NEVER;
    }
    return code;
  });
}

export const optionalText = z
  .string()
  .trim()
  .nullish()
  .transform((v) => v || null);
export const requiredText = z.string().trim().min(1, "nem lehet üres");

const amount = z
  .union([z.number(), z.string()])
  .nullish()
  .transform((v, ctx) => (v === null || v === undefined || v === "" ? null : parsedWith(parseAmount)(v as string, ctx)));

const partialDate = z
  .union([z.string(), z.number().int()])
  .nullish()
  .transform((v, ctx): PartialDate | null =>
    v === null || v === undefined || v === "" ? null : parsedWith(parsePartialDate)(String(v), ctx),
  );

function parseDay(raw: string): PartialDate {
  const date = parsePartialDate(raw);
  if (date.precision !== "day") throw new ValidationError(`"${raw}": napra pontos dátum kell (pl. 2021-05-13)`);
  return date;
}

const day = z.union([z.string(), z.number().int()]).transform((v, ctx) => parsedWith(parseDay)(String(v), ctx));

/** http(s) only: a `javascript:` or `file:` address must never reach a page. */
const webAddress = z
  .string()
  .trim()
  .refine((v) => {
    try {
      const url = new URL(v);
      return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
    } catch {
      return false;
    }
  }, "nem webcím: http:// vagy https:// kezdetű cím kell");

const optionalWebAddress = webAddress.nullish().or(z.literal("")).transform((v) => v || null);

const taxNumber = z
  .string()
  .trim()
  .nullish()
  .transform((v, ctx) => (v ? parsedWith(parseTaxNumber)(v, ctx) : null));

const email = z
  .email("nem e-mail-cím")
  .nullish()
  .or(z.literal(""))
  .transform((v) => v || null);

/** An organisation's details as people type them; shared with the organisation form. */
export const organisationFields = {
  name: requiredText,
  taxNumber,
  address: optionalText,
  phone: optionalText,
  email,
  website: optionalWebAddress,
};

/** Exactly the organisation's fields, in the order the file uses. */
export const toOrganisation = (o: Organisation): Organisation => ({
  name: o.name,
  taxNumber: o.taxNumber,
  address: o.address,
  phone: o.phone,
  email: o.email,
  website: o.website,
});

const organisation = z.strictObject(organisationFields).transform(toOrganisation);

/** An organisation as an object, or just its name. */
const organisationOrName = z
  .union([z.string().trim().min(1, "nem lehet üres"), organisation])
  .transform((o): Organisation =>
    typeof o === "string" ? { name: o, taxNumber: null, address: null, phone: null, email: null, website: null } : o,
  );

const uid = z
  .uuid("nem uid (UUID, pl. 0b6f1c7e-8d7e-4a5e-9c1f-2f5d3e4a6b7c)")
  .nullish()
  .transform((v) => v?.toLowerCase() ?? null);

const links = z
  .array(z.strictObject({ title: requiredText, url: webAddress }))
  .nullish()
  .transform((v): Link[] => v ?? []);

const count = z.number().int().min(0);
/** A list left out is undefined (changes nothing); an empty list is a list. */
const list = <T extends z.ZodType>(item: T) => z.array(item).optional();

const partner = z
  .strictObject({
    uid,
    ...organisationFields,
    role: coded(PARTNER_ROLES).default("member"),
    grantShare: amount,
  })
  .transform((p) => ({ uid: p.uid, organisation: toOrganisation(p), role: p.role, grantShare: p.grantShare }));

const partnerShare = z
  .strictObject({ ...organisationFields, grantShare: z.union([z.number(), z.string()]).transform((v, ctx) => parsedWith(parseAmount)(v as string, ctx)) })
  .transform((s) => ({ organisation: toOrganisation(s), grantShare: s.grantShare }));

const amendment = z
  .strictObject({
    uid,
    effectiveDate: day,
    reference: requiredText,
    reason: optionalText,
    totalCost: amount,
    grant: amount,
    ownContribution: amount,
    partnerShares: z.array(partnerShare).nullish().transform((v) => v ?? []),
  })
  .transform((a) => ({ ...a }));

const milestone = z
  .strictObject({ uid, title: requiredText, dueDate: partialDate, achievedDate: partialDate })
  .transform((m) => ({ uid: m.uid, title: m.title, dueDate: m.dueDate, achievedDate: m.achievedDate }));

const deliverable = z
  .strictObject({
    uid,
    title: requiredText,
    kind: coded(DELIVERABLE_KINDS).default("other"),
    dueDate: partialDate,
    deliveredDate: partialDate,
    notDeliveredReason: optionalText,
    public: z.boolean().default(true),
    links,
  })
  .transform((d) => ({
    uid: d.uid,
    title: d.title,
    kind: d.kind,
    dueDate: d.dueDate,
    deliveredDate: d.deliveredDate,
    notDeliveredReason: d.notDeliveredReason,
    public: d.public,
    links: d.links,
  }));

const projectEvent = z
  .strictObject({
    uid,
    title: requiredText,
    kind: coded(EVENT_KINDS).default("other"),
    date: partialDate,
    endDate: partialDate,
    place: optionalText,
    participants: count.nullish().transform((v) => v ?? null),
    count: z.number().int().min(1).default(1),
    held: count.nullish().transform((v) => v ?? null),
    international: z.boolean().default(false),
  })
  .transform((e) => ({
    uid: e.uid,
    title: e.title,
    kind: e.kind,
    date: e.date,
    endDate: e.endDate,
    place: e.place,
    participants: e.participants,
    count: e.count,
    held: e.held,
    international: e.international,
  }));

const procurement = z
  .strictObject({
    uid,
    subject: requiredText,
    contractor: organisationOrName.nullish().transform((v) => v ?? null),
    method: coded(PROCUREMENT_METHODS).default("other"),
    amount,
    contractDate: partialDate,
  })
  .transform((p) => ({
    uid: p.uid,
    subject: p.subject,
    contractor: p.contractor,
    method: p.method,
    amount: p.amount,
    contractDate: p.contractDate,
  }));

/** The database keeps four decimals; more would be silently rounded, and a re-import would look like a change. */
const fourDecimals = (v: number) => Number(v.toFixed(4)) === v;
const FOUR_DECIMALS = "legfeljebb 4 tizedesjegy adható meg";

const measure = z
  .number()
  .refine(fourDecimals, FOUR_DECIMALS)
  .nullish()
  .transform((v) => v ?? null);
const indicator = z
  .strictObject({ uid, name: requiredText, unit: requiredText, baseline: measure, target: measure, achieved: measure })
  .transform((i) => ({ uid: i.uid, name: i.name, unit: i.unit, baseline: i.baseline, target: i.target, achieved: i.achieved }));

const notice = z
  .strictObject({
    uid,
    kind: coded(NOTICE_KINDS),
    title: requiredText,
    body: requiredText,
    publishedAt: z
      .string()
      .nullish()
      .transform((v, ctx) => (v ? parsedWith(parseMoment)(v, ctx) : null)),
    links,
  })
  .transform((n) => ({ uid: n.uid, kind: n.kind, title: n.title, body: n.body, publishedAt: n.publishedAt, links: n.links }));

const obligation = z
  .strictObject({ uid, kind: coded(OBLIGATION_KINDS), title: optionalText, dueDate: partialDate, doneDate: partialDate })
  .superRefine((o, ctx) => {
    if (o.dueDate === null) ctx.addIssue({ code: "custom", message: "a határidő (dueDate) kötelező", path: ["dueDate"] });
  })
  .transform((o) => ({ uid: o.uid, kind: o.kind, title: o.title, dueDate: o.dueDate!, doneDate: o.doneDate }));

const statusChange = z
  .strictObject({ uid, status: coded(STATUSES), date: partialDate })
  .superRefine((s, ctx) => {
    if (s.date === null) ctx.addIssue({ code: "custom", message: "a dátum (date) kötelező", path: ["date"] });
  })
  .transform((s) => ({ uid: s.uid, status: s.status, date: s.date! }));

const externalKey = z.strictObject({ source: requiredText, key: z.union([requiredText, z.number().int().transform(String)]) });

/** "ERFA", or several at once as the national list writes them ("ERFA,ERFA"). */
const funds = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) =>
    v === undefined
      ? undefined
      : [...new Set((Array.isArray(v) ? v : [v]).flatMap((f) => f.split(",")).map((f) => f.trim()).filter(Boolean))],
  );

const percent = z.number().min(0).max(100).refine(fourDecimals, FOUR_DECIMALS).nullish().transform((v) => v ?? null);

export const projectSchema = z.strictObject({
  uid,
  identifier: z
    .string()
    .nullish()
    .transform((v, ctx) => (v?.trim() ? parsedWith(parseProjectIdentifier)(v, ctx) : null)),
  externalKeys: list(externalKey),
  call: z
    .strictObject({
      code: z
        .string()
        .nullish()
        .transform((v, ctx) => (v?.trim() ? parsedWith((raw) => parseCallCode(raw, { allowIrregular: true }))(v, ctx) : null)),
      title: optionalText,
    })
    .nullish(),
  title: requiredText,
  shortTitle: optionalText,
  summary: optionalText,
  internalNotes: optionalText,
  status: coded(STATUSES).default("planned"),
  closureReason: optionalText,
  /** Left out: published on import (files come from pages already public); null: unpublished. */
  publishedFrom: z
    .union([z.string(), z.number().int()])
    .nullable()
    .optional()
    .transform((v, ctx) => (v === undefined ? undefined : v === null || v === "" ? null : parsedWith(parseDay)(String(v), ctx))),
  beneficiary: organisation,
  partners: list(partner),
  funds,
  specificObjective: optionalText,
  interventionType: optionalText,
  location: z
    .strictObject({
      settlement: optionalText,
      county: optionalText,
      region: optionalText,
      country: z
        .string()
        .trim()
        .toUpperCase()
        .regex(/^[A-Z]{2}$/, "kétbetűs országkód kell (pl. HU)")
        .nullish(),
      indicator: optionalText,
    })
    .nullish()
    .transform((l) => ({
      settlement: l?.settlement ?? null,
      county: l?.county ?? null,
      region: l?.region ?? null,
      country: l?.country ?? "HU",
      indicator: l?.indicator ?? null,
    })),
  funding: z
    .strictObject({
      totalCost: amount,
      grant: amount,
      ownContribution: amount,
      grantPaid: amount,
      euCofinancingRate: percent,
      explanation: optionalText,
    })
    .nullish()
    .transform((f) => ({
      totalCost: f?.totalCost ?? null,
      grant: f?.grant ?? null,
      ownContribution: f?.ownContribution ?? null,
      grantPaid: f?.grantPaid ?? null,
      euCofinancingRate: f?.euCofinancingRate ?? null,
      explanation: f?.explanation ?? null,
    })),
  amendments: list(amendment),
  dates: z
    .strictObject({
      decision: partialDate,
      start: partialDate,
      plannedEnd: partialDate,
      actualEnd: partialDate,
      sustainabilityEnd: partialDate,
    })
    .nullish()
    .transform((d) => ({
      decision: d?.decision ?? null,
      start: d?.start ?? null,
      plannedEnd: d?.plannedEnd ?? null,
      actualEnd: d?.actualEnd ?? null,
      sustainabilityEnd: d?.sustainabilityEnd ?? null,
    })),
  contact: z
    .strictObject({ name: optionalText, position: optionalText, email, phone: optionalText })
    .nullish()
    .transform((c) => ({ name: c?.name ?? null, position: c?.position ?? null, email: c?.email ?? null, phone: c?.phone ?? null })),
  milestones: list(milestone),
  deliverables: list(deliverable),
  events: list(projectEvent),
  procurements: list(procurement),
  indicators: list(indicator),
  notices: list(notice),
  obligations: list(obligation),
  statusChanges: list(statusChange),
});

export const projectFileSchema = z.strictObject(
  { projects: z.array(projectSchema) },
  { error: (issue) => (issue.code === "invalid_type" ? 'a projektfájl egy JSON-objektum: { "projects": [ … ] }' : undefined) },
);

export type ParsedProjectFields = z.output<typeof projectSchema>;
