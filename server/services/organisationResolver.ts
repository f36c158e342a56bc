/**
 * Organisations are shared between projects (a ministry leads one project and
 * is a partner in another), so one file may mention the same organisation many
 * times, each time with some of its details. Mentions are merged: a detail
 * given once applies everywhere; two different values for one detail are an
 * error naming both places. Stored details are only ever completed or
 * corrected, never blanked by a mention that leaves them out.
 */
import type { Knex } from "knex";
import { ValidationError } from "../errors.js";
import type { Organisation } from "../domain/project.js";
import {
  findCandidates,
  insertOrganisation,
  updateOrganisation,
  type StoredOrganisation,
} from "../data/organisationsRepository.js";

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
  idOf(mention: Mention): number;
  created: number;
  updated: number;
}

function groupKey(organisation: Organisation): string {
  return organisation.taxNumber ? `tax:${organisation.taxNumber}` : `name:${organisation.name}`;
}

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

async function findStored(db: Knex, group: Group): Promise<StoredOrganisation | undefined> {
  let candidates = await findCandidates(db, group.merged);
  if (candidates.length === 0 && group.merged.taxNumber) {
    // Known so far by name only: the tax number now completes it.
    candidates = (await findCandidates(db, { ...group.merged, taxNumber: null })).filter((c) => c.taxNumber === null);
  }
  if (candidates.length > 1) {
    throw [
      new ValidationError(
        `több "${group.merged.name}" nevű szervezet van nyilvántartva: adja meg az adószámát (taxNumber)`,
        group.firstPath,
      ),
    ];
  }
  return candidates[0];
}

/** Finds or creates every mentioned organisation; throws ValidationError[] on conflicts. */
export async function resolveOrganisations(db: Knex, mentions: Mention[]): Promise<ResolvedOrganisations> {
  const keyOf = keyResolver(mentions);
  const groups = mergeMentions(mentions, keyOf);
  const ids = new Map<string, number>();
  let created = 0;
  let updated = 0;
  for (const [key, group] of groups) {
    const stored = await findStored(db, group);
    if (!stored) {
      ids.set(key, await insertOrganisation(db, group.merged));
      created++;
      continue;
    }
    const { id, ...current } = stored;
    const next: Organisation = { ...current, ...withoutBlanks(group.merged) };
    if (DETAILS.some((detail) => next[detail] !== current[detail])) {
      await updateOrganisation(db, id, next);
      updated++;
    }
    ids.set(key, id);
  }
  return {
    idOf: (mention) => ids.get(keyOf(mention.organisation))!,
    created,
    updated,
  };
}
