/** A project as the project service hands it to presenters, built from a project-file document. */
import type { ProjectSummary } from "../../server/domain/project.js";
import { parseProjectFile } from "../../server/domain/projectFile.js";
import type { ProjectDetail } from "../../server/services/projectService.js";
import { fileOf, projectDoc } from "./projectFile.js";

export function projectDetail(overrides: Record<string, unknown> = {}, id = 1): ProjectDetail {
  const [parsed] = parseProjectFile(fileOf(projectDoc(overrides)));
  return {
    id,
    record: parsed!.record,
    programme: null,
    callRegular: true,
    updatedAt: "2024-01-01T00:00:00.000Z",
    findings: [],
  };
}

/** The same project as one line of a portfolio list. */
export function projectSummary(overrides: Record<string, unknown> = {}, id = 1): ProjectSummary {
  const { record, programme } = projectDetail(overrides, id);
  return {
    id,
    identifier: record.identifier,
    title: record.title,
    shortTitle: record.shortTitle,
    status: record.status,
    call: record.call,
    programme,
    beneficiaryName: record.beneficiary.name,
    location: record.location,
    funding: record.funding,
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
