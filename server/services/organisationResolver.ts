/**
 * Organisations are shared between projects (a ministry leads one project and
 * is a partner in another), so one write may mention the same organisation many
 * times, each time with some of its details. Mentions are merged: a detail
 * given once applies everywhere; two different values for one detail are an
 * error naming both places. Stored details are only ever completed or
 * corrected, never blanked by a mention that leaves them out. Every creation
 * and change is recorded in the audit trail.
 */
import { randomUUID } from "node:crypto";
import type { Knex } from "knex";
import { ValidationError } from "../errors.js";
import { changedFields } from "../domain/audit.js";
import type { Organisation } from "../domain/project.js";
import {
  findByTaxNumbersOrNames,
  insertOrganisations,
  organisationRow,
  updateOrganisation,
  type StoredOrganisation,
} from "../data/organisationsRepository.js";
import type { AuditBuffer } from "../data/auditRepository.js";

export interface Mention {
  organisation: Organisation;
  path: string;
}

interface Group {
  merged: Organisation;
  /** Where each detail was first given, for conflict messages. */
  sources: Partial<Record<keyof Organisation, string>>;
  firstPath: string;
}

const DETAILS: Array<keyof Organisation> = ["name", "taxNumber", "address", "phone", "email", "website"];

export interface ResolvedOrganisations {
  idOf(organisation: Organisation): number;
  /** A resolved organisation as this write leaves it stored. */
  byId(id: number): Organisation;
  /** "Name (tax number)" of every resolved organisation, by id. */
  labels: Map<number, string>;
  created: number;
  updated: number;
}

function groupKey(organisation: Organisation): string {
  return organisation.taxNumber ? `tax:${organisation.taxNumber}` : `name:${organisation.name}`;
}

export const organisationLabel = (o: Organisation) => (o.taxNumber ? `${o.name} (${o.taxNumber})` : o.name);

/** Name-only mentions join the one group with a tax number and the same name, if there is exactly one. */
function keyResolver(mentions: Mention[]): (organisation: Organisation) => string {
  const taxKeysByName = new Map<string, Set<string>>();
  for (const { organisation } of mentions) {
    if (!organisation.taxNumber) continue;
    const keys = taxKeysByName.get(organisation.name) ?? new Set<string>();
    keys.add(groupKey(organisation));
    taxKeysByName.set(organisation.name, keys);
  }
  return (organisation) => {
    if (organisation.taxNumber) return groupKey(organisation);
    const keys = taxKeysByName.get(organisation.name);
    return keys?.size === 1 ? [...keys][0]! : groupKey(organisation);
  };
}

function mergeMentions(mentions: Mention[], keyOf: (o: Organisation) => string): Map<string, Group> {
  const groups = new Map<string, Group>();
  const errors: ValidationError[] = [];
  for (const { organisation, path } of mentions) {
    const key = keyOf(organisation);
    let group = groups.get(key);
    if (!group) {
      group = { merged: { ...organisation }, sources: {}, firstPath: path };
      for (const detail of DETAILS) if (organisation[detail] !== null) group.sources[detail] = path;
      groups.set(key, group);
      continue;
    }
    for (const detail of DETAILS) {
      const value = organisation[detail];
      if (value === null) continue;
      const known = group.merged[detail];
      if (known === null) {
        (group.merged[detail] as string | null) = value;
        group.sources[detail] = path;
      } else if (known !== value) {
        errors.push(
          new ValidationError(
            `"${value}" ellentmond a(z) ${group.sources[detail]}.${detail} értékének ("${known}") ugyanennél a szervezetnél`,
            `${path}.${detail}`,
          ),
        );
      }
    }
  }
  if (errors.length > 0) throw errors;
  return groups;
}

function withoutBlanks(organisation: Organisation): Partial<Organisation> {
  return Object.fromEntries(Object.entries(organisation).filter(([, v]) => v !== null));
}

/** The stored organisation a group means: by tax number, else a name-only one of the same name. */
function storedFor(group: Group, storedOrganisations: StoredOrganisation[]): StoredOrganisation | undefined {
  const { name, taxNumber } = group.merged;
  let candidates = taxNumber ? storedOrganisations.filter((o) => o.taxNumber === taxNumber) : [];
  if (candidates.length === 0) {
    candidates = storedOrganisations.filter((o) => o.name === name && (taxNumber ? o.taxNumber === null : true));
  }
  if (candidates.length > 1) {
    throw [
      new ValidationError(`több "${name}" nevű szervezet van nyilvántartva: adja meg az adószámát (taxNumber)`, group.firstPath),
    ];
  }
  return candidates[0];
}

/** Settles every group that is stored; returns the ones that are not. */
async function settleStored(
  db: Knex,
  groups: Map<string, Group>,
  settle: (key: string, group: Group, stored: StoredOrganisation) => Promise<void>,
): Promise<Array<[string, Group]>> {
  const merged = [...groups.values()].map((g) => g.merged);
  const storedOrganisations = await findByTaxNumbersOrNames(
    db,
    [...new Set(merged.flatMap((o) => (o.taxNumber ? [o.taxNumber] : [])))],
    [...new Set(merged.map((o) => o.name))],
  );
  const missing: Array<[string, Group]> = [];
  for (const [key, group] of groups) {
    const stored = storedFor(group, storedOrganisations);
    if (stored) await settle(key, group, stored);
    else missing.push([key, group]);
  }
  return missing;
}

/** Finds or creates every mentioned organisation; throws ValidationError[] on conflicts. */
export async function resolveOrganisations(
  db: Knex,
  mentions: Mention[],
  audit: AuditBuffer,
  actor: string,
): Promise<ResolvedOrganisations> {
  const keyOf = keyResolver(mentions);
  const groups = mergeMentions(mentions, keyOf);
  const ids = new Map<string, number>();
  const labels = new Map<number, string>();
  const asStored = new Map<number, Organisation>();
  let updated = 0;
  const claimedBy = new Map<number, Group>();
  const settle = async (key: string, group: Group, stored: StoredOrganisation) => {
    const { id, uid, ...current } = stored;
    const earlier = claimedBy.get(id);
    if (earlier && earlier !== group) {
      // A stored organisation without a tax number, given two different ones: two organisations, or a typo.
      throw [
        new ValidationError(
          `ugyanazt a nyilvántartott "${stored.name}" szervezetet jelenti, mint ${earlier.firstPath}, de más adószámmal (${group.merged.taxNumber ?? "nincs"} és ${earlier.merged.taxNumber ?? "nincs"})`,
          group.firstPath,
        ),
      ];
    }
    claimedBy.set(id, group);
    const next: Organisation = { ...current, ...withoutBlanks(group.merged) };
    const fields = changedFields(organisationRow(current), organisationRow(next));
    if (Object.keys(fields).length > 0) {
      await updateOrganisation(db, id, next);
      await audit.add({ actor, action: "update", entity: "organisation", entityKey: uid, projectUid: null, projectVersion: null, changes: { fields } });
      updated++;
    }
    ids.set(key, id);
    labels.set(id, organisationLabel(next));
    asStored.set(id, next);
  };

  const missing = await settleStored(db, groups, settle);
  const toCreate = missing.map(([key, group]) => ({ key, group, organisation: { ...group.merged, uid: randomUUID() } }));
  const createdIds = await insertOrganisations(db, toCreate.map((c) => c.organisation));
  let created = 0;
  const createdMeanwhile = new Map<string, Group>();
  for (const { key, group, organisation } of toCreate) {
    const id = createdIds.get(organisation.uid);
    if (id === undefined) {
      createdMeanwhile.set(key, group);
      continue;
    }
    created++;
    ids.set(key, id);
    labels.set(id, organisationLabel(organisation));
    const { uid, ...details } = organisation;
    asStored.set(id, details);
    await audit.add({
      actor,
      action: "create",
      entity: "organisation",
      entityKey: uid,
      projectUid: null,
      projectVersion: null,
      changes: { fields: changedFields(null, organisationRow(details)) },
    });
  }
  // Another writer created some of them meanwhile: theirs are now stored, and are completed like any stored one.
  if (createdMeanwhile.size > 0 && (await settleStored(db, createdMeanwhile, settle)).length > 0) {
    throw new Error("An organisation could be neither created nor found");
  }
  return {
    idOf: (organisation) => {
      const id = ids.get(keyOf(organisation));
      if (id === undefined) throw new Error(`Organisation not resolved: ${organisation.name}`);
      return id;
    },
    byId: (id) => {
      const organisation = asStored.get(id);
      if (!organisation) throw new Error(`Organisation ${id} was not resolved by this write`);
      return organisation;
    },
    labels,
    created,
    updated,
  };
}
