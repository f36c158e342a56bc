/**
 * The project file: the JSON interchange format `{ "projects": [ … ] }` that
 * people and scripts use (documented in README.md). Parsing validates the
 * whole document and reports every problem with its place, e.g.
 * `projects[2].funding.grant: "29,11 miló Ft" nem értelmezhető összeg (…)`.
 */
import { z } from "zod";
import { ValidationError, ValidationErrors } from "../errors.js";
import { parseMoment, parsePartialDate, toIsoTextOrNull, type PartialDate } from "./dates.js";
import { parseCallCode, parseProjectIdentifier, type CallCode } from "./identifiers.js";
import { parseAmount } from "./money.js";
import { parseTaxNumber } from "./taxNumbers.js";
import {
  DELIVERABLE_KINDS,
  EVENT_KINDS,
  NOTICE_KINDS,
  PARTNER_ROLES,
  PROCUREMENT_METHODS,
  PROJECT_STATUSES,
  type Organisation,
  type ProjectRecord,
} from "./project.js";

z.config(z.locales.hu());

/** Runs a domain parser inside a schema, turning its ValidationError into an issue at the same place. */
function parsedWith<T>(parse: (raw: string) => T) {
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

const optionalText = z
  .string()
  .trim()
  .nullish()
  .transform((v) => v || null);
const requiredText = z.string().trim().min(1, "nem lehet üres");

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

const taxNumber = z
  .string()
  .trim()
  .nullish()
  .transform((v, ctx) => (v ? parsedWith(parseTaxNumber)(v, ctx) : null));

const organisationFields = {
  name: requiredText,
  taxNumber,
  address: optionalText,
  phone: optionalText,
  email: z
    .email("nem e-mail-cím")
    .nullish()
    .or(z.literal(""))
    .transform((v) => v || null),
  website: optionalText,
};

/** Exactly the organisation's fields, in the order the file uses. */
const toOrganisation = (o: Organisation): Organisation => ({
  name: o.name,
  taxNumber: o.taxNumber,
  address: o.address,
  phone: o.phone,
  email: o.email,
  website: o.website,
});

const organisation = z.strictObject(organisationFields).transform(toOrganisation);

const partner = z
  .strictObject({
    ...organisationFields,
    role: z.enum(PARTNER_ROLES).default("member"),
    grantShare: amount,
  })
  .transform((p) => ({ organisation: toOrganisation(p), role: p.role, grantShare: p.grantShare }));

const count = z.number().int().min(0);
const list = <T extends z.ZodType>(item: T) => z.array(item).nullish().transform((v) => v ?? []);

const milestone = z
  .strictObject({ title: requiredText, dueDate: partialDate, achievedDate: partialDate })
  .transform((m) => ({ title: m.title, dueDate: m.dueDate, achievedDate: m.achievedDate }));

const deliverable = z
  .strictObject({
    title: requiredText,
    kind: z.enum(DELIVERABLE_KINDS).default("other"),
    dueDate: partialDate,
    deliveredDate: partialDate,
    public: z.boolean().default(true),
  })
  .transform((d) => ({ title: d.title, kind: d.kind, dueDate: d.dueDate, deliveredDate: d.deliveredDate, public: d.public }));

const projectEvent = z
  .strictObject({
    title: requiredText,
    kind: z.enum(EVENT_KINDS).default("other"),
    date: partialDate,
    endDate: partialDate,
    place: optionalText,
    participants: count.nullish().transform((v) => v ?? null),
    count: z.number().int().min(1).default(1),
    international: z.boolean().default(false),
  })
  .transform((e) => ({
    title: e.title,
    kind: e.kind,
    date: e.date,
    endDate: e.endDate,
    place: e.place,
    participants: e.participants,
    count: e.count,
    international: e.international,
  }));

const procurement = z
  .strictObject({
    subject: requiredText,
    contractor: optionalText,
    method: z.enum(PROCUREMENT_METHODS).default("other"),
    amount,
    contractDate: partialDate,
  })
  .transform((p) => ({
    subject: p.subject,
    contractor: p.contractor,
    method: p.method,
    amount: p.amount,
    contractDate: p.contractDate,
  }));

const measure = z
  .number()
  .nullish()
  .transform((v) => v ?? null);
const indicator = z
  .strictObject({ name: requiredText, unit: requiredText, baseline: measure, target: measure, achieved: measure })
  .transform((i) => ({ name: i.name, unit: i.unit, baseline: i.baseline, target: i.target, achieved: i.achieved }));

const notice = z
  .strictObject({
    kind: z.enum(NOTICE_KINDS),
    title: requiredText,
    body: requiredText,
    publishedAt: z
      .string()
      .nullish()
      .transform((v, ctx) => (v ? parsedWith(parseMoment)(v, ctx) : null)),
  })
  .transform((n) => ({ kind: n.kind, title: n.title, body: n.body, publishedAt: n.publishedAt }));

const project = z.strictObject({
  identifier: z
    .string()
    .nullish()
    .transform((v, ctx) => (v?.trim() ? parsedWith(parseProjectIdentifier)(v, ctx) : null)),
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
  status: z.enum(PROJECT_STATUSES).default("planned"),
  beneficiary: organisation,
  partners: list(partner),
  location: z
    .strictObject({ settlement: optionalText, county: optionalText, region: optionalText })
    .nullish()
    .transform((l) => ({ settlement: l?.settlement ?? null, county: l?.county ?? null, region: l?.region ?? null })),
  funding: z
    .strictObject({ totalCost: amount, grant: amount, ownContribution: amount })
    .nullish()
    .transform((f) => ({
      totalCost: f?.totalCost ?? null,
      grant: f?.grant ?? null,
      ownContribution: f?.ownContribution ?? null,
    })),
  dates: z
    .strictObject({ decision: partialDate, start: partialDate, plannedEnd: partialDate, actualEnd: partialDate })
    .nullish()
    .transform((d) => ({
      decision: d?.decision ?? null,
      start: d?.start ?? null,
      plannedEnd: d?.plannedEnd ?? null,
      actualEnd: d?.actualEnd ?? null,
    })),
  milestones: list(milestone),
  deliverables: list(deliverable),
  events: list(projectEvent),
  procurements: list(procurement),
  indicators: list(indicator),
  notices: list(notice),
});

const projectFile = z.strictObject({ projects: z.array(project) });

/** A parsed project: its record, its call code's details and where it was in the file. */
export interface ParsedProject {
  record: ProjectRecord;
  call: CallCode;
  path: string;
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path
    .map((key, index) => (typeof key === "number" ? `[${key}]` : `${index === 0 ? "" : "."}${String(key)}`))
    .join("");
}

/** Cross-field rules: identifier or call code, identifier within its call, lead = beneficiary. */
function checkProject(p: z.output<typeof project>, path: string): ParsedProject | ValidationError[] {
  const errors: ValidationError[] = [];
  const call = p.identifier?.call ?? p.call?.code;
  if (!call) {
    errors.push(new ValidationError("azonosító (identifier) vagy felhívás-kód (call.code) kell", path));
  }
  if (p.identifier && p.call?.code && p.call.code.code !== p.identifier.call.code) {
    errors.push(
      new ValidationError(
        `a(z) ${p.identifier.identifier} azonosító a(z) ${p.identifier.call.code} felhíváshoz tartozik, nem a(z) ${p.call.code.code} felhíváshoz`,
        `${path}.call.code`,
      ),
    );
  }
  const leads = p.partners.flatMap((partner, index) => (partner.role === "lead" ? [index] : []));
  if (leads.length > 1) {
    errors.push(new ValidationError("egy projektnek csak egy konzorciumvezetője (lead) lehet", `${path}.partners[${leads[1]}].role`));
  }
  for (const index of leads) {
    const lead = p.partners[index]!.organisation;
    const same = lead.taxNumber && p.beneficiary.taxNumber ? lead.taxNumber === p.beneficiary.taxNumber : lead.name === p.beneficiary.name;
    if (!same) {
      errors.push(new ValidationError("a konzorciumvezető a kedvezményezett kell legyen", `${path}.partners[${index}]`));
    }
  }
  if (errors.length > 0 || !call) return errors;
  return {
    path,
    call,
    record: {
      identifier: p.identifier?.identifier ?? null,
      call: { code: call.code, title: p.call?.title ?? null },
      title: p.title,
      shortTitle: p.shortTitle,
      summary: p.summary,
      status: p.status,
      beneficiary: p.beneficiary,
      partners: p.partners,
      location: p.location,
      funding: p.funding,
      dates: p.dates,
      milestones: p.milestones,
      deliverables: p.deliverables,
      events: p.events,
      procurements: p.procurements,
      indicators: p.indicators,
      notices: p.notices,
    },
  };
}

/** Parses a whole project file; throws ValidationErrors listing every problem found. */
export function parseProjectFile(document: unknown): ParsedProject[] {
  const result = projectFile.safeParse(document);
  if (!result.success) {
    throw new ValidationErrors(result.error.issues.map((issue) => new ValidationError(issue.message, formatPath(issue.path))));
  }
  const errors: ValidationError[] = [];
  const parsed: ParsedProject[] = [];
  result.data.projects.forEach((p, index) => {
    const checked = checkProject(p, `projects[${index}]`);
    if (Array.isArray(checked)) errors.push(...checked);
    else parsed.push(checked);
  });
  if (errors.length > 0) throw new ValidationErrors(errors);
  return parsed;
}

const dateText = toIsoTextOrNull;

/** A record as it appears in a project file: every field present, dates as ISO text at their precision. */
export function projectDocument(r: ProjectRecord) {
  return {
    identifier: r.identifier,
    call: r.call,
    title: r.title,
    shortTitle: r.shortTitle,
    summary: r.summary,
    status: r.status,
    beneficiary: toOrganisation(r.beneficiary),
    partners: r.partners.map((p) => ({ ...toOrganisation(p.organisation), role: p.role, grantShare: p.grantShare })),
    location: r.location,
    funding: r.funding,
    dates: {
      decision: dateText(r.dates.decision),
      start: dateText(r.dates.start),
      plannedEnd: dateText(r.dates.plannedEnd),
      actualEnd: dateText(r.dates.actualEnd),
    },
    milestones: r.milestones.map((m) => ({ title: m.title, dueDate: dateText(m.dueDate), achievedDate: dateText(m.achievedDate) })),
    deliverables: r.deliverables.map((d) => ({
      title: d.title,
      kind: d.kind,
      dueDate: dateText(d.dueDate),
      deliveredDate: dateText(d.deliveredDate),
      public: d.public,
    })),
    events: r.events.map((e) => ({
      title: e.title,
      kind: e.kind,
      date: dateText(e.date),
      endDate: dateText(e.endDate),
      place: e.place,
      participants: e.participants,
      count: e.count,
      international: e.international,
    })),
    procurements: r.procurements.map((p) => ({
      subject: p.subject,
      contractor: p.contractor,
      method: p.method,
      amount: p.amount,
      contractDate: dateText(p.contractDate),
    })),
    indicators: r.indicators,
    notices: r.notices,
  };
}

export type ProjectDocument = ReturnType<typeof projectDocument>;
