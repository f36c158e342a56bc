/** A project as the project service hands it to presenters, built from a project-file document. */
import { parseProjectFile } from "../../server/domain/projectFile.js";
import { supportIntensity } from "../../server/domain/money.js";
import type { ProjectDetail } from "../../server/services/projectService.js";
import { fileOf, projectDoc } from "./projectFile.js";

export function projectDetail(overrides: Record<string, unknown> = {}, id = 1): ProjectDetail {
  const [parsed] = parseProjectFile(fileOf(projectDoc(overrides)));
  const record = parsed!.record;
  return {
    id,
    record,
    programme: null,
    callRegular: true,
    updatedAt: "2024-01-01T00:00:00.000Z",
    supportIntensity: supportIntensity(record.funding.grant, record.funding.totalCost),
    findings: [],
  };
}
