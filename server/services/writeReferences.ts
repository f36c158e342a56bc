/**
 * What a write refers to besides its projects: the organisations it mentions,
 * its calls (created on first use, with their audit entries) and its funds
 * (read from their table), and how stored ids read in the audit trail.
 */
import type { Knex } from "knex";
import { ValidationError } from "../errors.js";
import { changedFields } from "../domain/audit.js";
import { stripAccents } from "../domain/programmes.js";
import { ensureCall, type EnsuredCall, type EnsuredProgramme } from "../data/referenceRepository.js";
import type { PendingEntry } from "../domain/audit.js";
import type { Row } from "../data/projectRows.js";
import type { Mention } from "./organisationResolver.js";
import type { AuditView } from "./recordPlan.js";
import type { ProjectInput, WriteContext, WriteSummary } from "./projectWriter.js";

/** Every organisation a project mentions, with its place: beneficiary, partners, contractors, amendment shares. */
export function mentionsOf({ record, path }: ProjectInput): Mention[] {
  return [
    { organisation: record.beneficiary, path: `${path}.beneficiary` },
    ...(record.partners ?? []).map((p, i) => ({ organisation: p.organisation, path: `${path}.partners[${i}]` })),
    ...(record.procurements ?? []).flatMap((p, i) =>
      p.contractor ? [{ organisation: p.contractor, path: `${path}.procurements[${i}].contractor` }] : [],
    ),
    ...(record.amendments ?? []).flatMap((a, i) =>
      a.partnerShares.map((s, j) => ({ organisation: s.organisation, path: `${path}.amendments[${i}].partnerShares[${j}]` })),
    ),
  ];
}


const fold = (text: string) => stripAccents(text).toLowerCase().replace(/\s+/g, " ").trim();

export interface Fund {
  id: number;
  code: string;
}

/** Reads the funds table once; returns how to turn the funds a project gives (codes or names) into funds. */
export async function resolveFunds(trx: Knex, inputs: readonly ProjectInput[]): Promise<(given: string[]) => Fund[]> {
  const rows: Array<Fund & { name: string }> = await trx("funds").orderBy("code").select("id", "code", "name");
  const byWord = new Map<string, Fund>();
  for (const r of rows) {
    byWord.set(fold(r.code), r);
    byWord.set(fold(r.name), r);
  }
  const errors: ValidationError[] = [];
  for (const input of inputs) {
    (input.record.funds ?? []).forEach((word, i) => {
      if (!byWord.has(fold(word))) {
        const known = rows.map((r) => `${r.code} (${r.name})`).join(", ");
        errors.push(new ValidationError(`ismeretlen alap: "${word}"; ismert alapok: ${known}`, `${input.path}.funds[${i}]`));
      }
    });
  }
  if (errors.length > 0) throw errors;
  return (given) => [...new Map(given.map((word) => byWord.get(fold(word))!).map((f) => [f.id, f])).values()];
}

/** Finds or creates the call of every input (recording what it creates or renames); by code. */
export async function ensureCalls(
  { trx, audit, actor }: WriteContext,
  inputs: readonly ProjectInput[],
  counts: WriteSummary["calls"],
): Promise<Map<string, EnsuredCall>> {
  // One title per call: two different ones in one write are a contradiction, named at both places.
  const titles = new Map<string, { title: string; path: string }>();
  const errors: ValidationError[] = [];
  for (const { call, record, path } of inputs) {
    const title = record.call?.title;
    if (!title) continue;
    const earlier = titles.get(call.code);
    if (!earlier) titles.set(call.code, { title, path });
    else if (earlier.title !== title) {
      errors.push(
        new ValidationError(`"${title}" ellentmond a(z) ${earlier.path}.call.title értékének ("${earlier.title}") ugyanennél a felhívásnál`, `${path}.call.title`),
      );
    }
  }
  if (errors.length > 0) throw errors;
  const calls = new Map<string, EnsuredCall>();
  for (const { call, programme } of inputs) {
    if (calls.has(call.code)) continue;
    const ensured = await ensureCall(trx, { call, title: titles.get(call.code)?.title ?? null, programme });
    calls.set(call.code, ensured);
    const entry = { actor: actor.label, entity: "call", entityKey: ensured.uid, projectUid: null, projectVersion: null };
    if (ensured.programmeCreated) await audit.add(programmeCreation(actor.label, ensured.programmeCreated));
    if (ensured.created) {
      counts.created++;
      const fields = changedFields(null, { code: ensured.code, title: ensured.title, programme: ensured.programmeCode });
      await audit.add({ ...entry, action: "create", changes: { fields } });
    } else if (ensured.previousTitle !== undefined) {
      counts.updated++;
      await audit.add({ ...entry, action: "update", changes: { fields: changedFields({ title: ensured.previousTitle }, { title: ensured.title }) } });
    }
  }
  return calls;
}

/** The audit entry of a programme a write created because a call code named it. */
export function programmeCreation(actor: string, { uid, confirmed, ...fields }: NonNullable<EnsuredProgramme["created"]>): PendingEntry {
  // One a list described waits for an admin's confirmation, and the trail says so.
  const recorded = confirmed ? fields : { ...fields, confirmed };
  return { actor, action: "create", entity: "programme", entityKey: uid, projectUid: null, projectVersion: null, changes: { fields: changedFields(null, recorded) } };
}

/** Organisation ids become "Name (tax number)" and the call id its code, as an auditor reads them. */
export function auditViewOf(labels: Map<number, string>, callCodes: Map<number, string>): AuditView {
  const organisation = (id: unknown) => (id === null || id === undefined ? null : (labels.get(id as number) ?? `#${id}`));
  return (row) => {
    const view: Row = {};
    for (const [column, value] of Object.entries(row)) {
      if (column === "call_id") view.call = value === null || value === undefined ? null : (callCodes.get(value as number) ?? `#${value}`);
      else if (column === "beneficiary_id") view.beneficiary = organisation(value);
      else if (column === "organisation_id") view.organisation = organisation(value);
      else if (column === "contractor_id") view.contractor = organisation(value);
      else if (column === "partner_shares") {
        view.partner_shares = (value as Array<{ organisationId: number; grantShare: number }> | undefined)?.map((s) => ({
          organisation: organisation(s.organisationId),
          grantShare: s.grantShare,
        }));
      } else view[column] = value;
    }
    return view;
  };
}

