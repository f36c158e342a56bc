/** Which stored project each input of a write means, and what the write must lock before it may create. */
import type { Knex } from "knex";
import { ValidationError } from "../errors.js";
import { findByTaxNumbersOrNames } from "../data/organisationsRepository.js";
import { callBeneficiaryTitle, externalKeyText, findProjects } from "../data/projectWrites.js";
import { slugLockKeys } from "../data/projectSlugs.js";
import { slugBase } from "../domain/slugs.js";
import type { ProjectInput } from "./projectWriter.js";
import { mentionsOf } from "./writeReferences.js";

/** Which stored project each input means, or undefined for a new one. */
export function matchProjects(
  inputs: readonly ProjectInput[],
  lookups: Array<{ callId: number | null; beneficiaryId: number }>,
  matches: Awaited<ReturnType<typeof findProjects>>,
): Array<number | undefined> {
  const errors: ValidationError[] = [];
  const claimedBy = new Map<number, string>();
  const result = inputs.map(({ record, path }, index) => {
    const found: Array<[string, number]> = [];
    if (record.uid) {
      const id = matches.byUid.get(record.uid);
      if (id !== undefined) found.push(["uid", id]);
    }
    if (record.identifier) {
      const id = matches.byIdentifier.get(record.identifier);
      if (id !== undefined) found.push(["identifier", id]);
    }
    for (const key of record.externalKeys ?? []) {
      const id = matches.byExternalKey.get(externalKeyText(key));
      if (id !== undefined) found.push([`externalKeys (${key.source}: ${key.key})`, id]);
    }
    let id = found[0]?.[1];
    const other = found.find(([, candidate]) => candidate !== id);
    if (other) {
      errors.push(new ValidationError(`a(z) ${found[0]![0]} és a(z) ${other[0]} két különböző tárolt projektre mutat`, path));
      return undefined;
    }
    // A project stored without an identifier may be given one now: found by call + beneficiary + title.
    if (id === undefined) {
      const { callId, beneficiaryId } = lookups[index]!;
      const candidates = matches.byCallBeneficiaryTitle.get(callBeneficiaryTitle(callId, beneficiaryId, record.title)) ?? [];
      if (candidates.length > 1) {
        errors.push(
          new ValidationError(
            `${candidates.length} tárolt projektnek ugyanez a felhívása, kedvezményezettje és címe: adjon meg azonosítót (identifier) vagy külső kulcsot (externalKeys)`,
            path,
          ),
        );
        return undefined;
      }
      id = candidates[0];
    }
    if (id !== undefined) {
      const earlier = claimedBy.get(id);
      if (earlier) errors.push(new ValidationError(`ugyanazt a tárolt projektet jelenti, mint ${earlier}`, path));
      claimedBy.set(id, path);
    }
    return id;
  });
  if (errors.length > 0) throw errors;
  return result;
}

/**
 * What a write may create where only a lock can keep two writers from creating it twice: organisations
 * not stored yet (by name, whatever tax number each writer gives), projects with neither identifier
 * nor external key (the database's unique keys decide for the others), and the slugs of the projects'
 * addresses (chosen before a new project's row is written: see data/projectSlugs.ts `chooseNewSlugs`).
 */
export async function creationKeys(trx: Knex, inputs: readonly ProjectInput[]): Promise<string[]> {
  const organisations = inputs.flatMap(mentionsOf).map((m) => m.organisation);
  const stored = await findByTaxNumbersOrNames(
    trx,
    [...new Set(organisations.flatMap((o) => (o.taxNumber ? [o.taxNumber] : [])))],
    [...new Set(organisations.map((o) => o.name))],
  );
  const storedNames = new Set(stored.map((o) => o.name));
  const storedTaxNumbers = new Set(stored.flatMap((o) => (o.taxNumber ? [o.taxNumber] : [])));
  const newOrganisations = organisations
    .filter((o) => !storedNames.has(o.name) || (o.taxNumber !== null && !storedTaxNumbers.has(o.taxNumber)))
    .map((o) => `organisation:${o.name}`);
  const unidentifiedProjects = inputs
    .filter(({ record }) => !record.identifier && !record.externalKeys?.length)
    .map(({ call, record }) => `project:${JSON.stringify([call.code, record.beneficiary.taxNumber ?? record.beneficiary.name, record.title])}`);
  const slugs = slugLockKeys(inputs.map(({ call, record }) => slugBase({ identifier: record.identifier, callCode: call.code, title: record.title })));
  return [...newOrganisations, ...unidentifiedProjects, ...slugs];
}

