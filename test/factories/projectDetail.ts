/** A project as the project service hands it to presenters, built from a project-file document. */
import { figuresInForce, partnersInForce } from "../../server/domain/funding.js";
import type { ProjectSummary } from "../../server/domain/project.js";
import { slugBase } from "../../server/domain/slugs.js";
import { parseProjectFile } from "../../server/projectFile/parse.js";
import { closureOf, type ProjectDetail } from "../../server/services/projectService.js";
import { fileOf, projectDoc } from "./projectFile.js";

export function projectDetail(overrides: Record<string, unknown> = {}, id = 1): ProjectDetail {
  const { record: given } = parseProjectFile(fileOf(projectDoc(overrides))).inputs[0]!;
  const record = {
    ...given,
    uid: `00000000-0000-4000-8000-${String(id).padStart(12, "0")}`,
    publishedFrom: given.publishedFrom ?? null,
    externalKeys: given.externalKeys ?? [],
    funds: given.funds ?? [],
    partners: given.partners ?? [],
    amendments: given.amendments ?? [],
    milestones: given.milestones ?? [],
    deliverables: given.deliverables ?? [],
    events: given.events ?? [],
    procurements: given.procurements ?? [],
    indicators: given.indicators ?? [],
    notices: given.notices ?? [],
    obligations: given.obligations ?? [],
    statusChanges: given.statusChanges ?? [],
  };
  const stored = {
    id,
    slug: slugBase({ identifier: record.identifier, callCode: record.call?.code ?? null, title: record.title }),
    version: 1,
    record,
    currentFunding: figuresInForce(record.funding, record.amendments),
    partnersInForce: partnersInForce(record.partners, record.amendments),
    programme: null,
    namedFunds: [],
    callRegular: true,
    createdAt: "2024-01-01T00:00:00.000Z",
    updatedAt: "2024-01-01T00:00:00.000Z",
  };
  return { ...stored, findings: [], closure: closureOf(stored) };
}

/** The same project as one line of a portfolio list. */
export function projectSummary(overrides: Record<string, unknown> = {}, id = 1): ProjectSummary {
  const { record, programme, currentFunding, slug } = projectDetail(overrides, id);
  return {
    id,
    slug,
    identifier: record.identifier,
    title: record.title,
    shortTitle: record.shortTitle,
    status: record.status,
    call: record.call,
    programme,
    beneficiaryName: record.beneficiary.name,
    summary: record.summary,
    location: record.location,
    funding: currentFunding,
    dates: record.dates,
  };
}

/** Overrides giving a project one public and one internal deliverable, one published and one draft notice. */
export const PUBLIC_AND_INTERNAL = {
  deliverables: [
    { title: "Nyilvános tanulmány", kind: "study", public: true },
    { title: "Belső cselekvési terv", kind: "other", public: false },
  ],
  notices: [
    { kind: "start", title: "Elindult a projekt", body: "…", publishedAt: "2022-03-01" },
    { kind: "progress", title: "Piszkozat", body: "…", publishedAt: null },
  ],
};
