/**
 * How far a project is with its milestones and deliverables, for the staff project page, with a small
 * form per open item to mark it done when the actor may.
 */
import { dayInBudapest, type PartialDate } from "../domain/dates.js";
import { may, type Actor } from "../domain/permissions.js";
import { projectKey } from "../domain/projectKey.js";
import { formatPartialDate } from "../rendering/dates.js";
import type { ProjectDetail } from "../services/projectService.js";
import { DONE_FIELDS, LIST_FORMS } from "./editForms.js";
import { mayChange } from "./editFormView.js";

interface Progressing {
  uid: string | null;
  version?: number;
  title: string;
  dueDate: PartialDate | null;
  doneDate: PartialDate | null;
}

function progressOf(project: ProjectDetail) {
  const { milestones, deliverables } = project.record;
  return [
    { list: "milestones", noun: "mérföldkő", doneWord: "teljesítve", records: milestones.map((m): Progressing => ({ ...m, doneDate: m.achievedDate })) },
    { list: "deliverables", noun: "eredménytermék", doneWord: "elkészült", records: deliverables.map((d): Progressing => ({ ...d, doneDate: d.deliveredDate })) },
  ] as const;
}

export function progressView(project: ProjectDetail, actor: Actor) {
  const key = encodeURIComponent(projectKey({ id: project.id, identifier: project.record.identifier }));
  const today = formatPartialDate(dayInBudapest(new Date()));
  return progressOf(project).flatMap(({ list, noun, doneWord, records }) => {
    const spec = LIST_FORMS[list];
    if (records.length === 0) return [];
    const canMark = may(actor, "edit_project", project.id) && mayChange(actor, spec);
    const doneCount = records.filter((r) => r.doneDate !== null).length;
    return [
      {
        slug: spec.slug,
        heading: spec.heading,
        done: doneCount,
        total: records.length,
        text: `${doneCount} / ${records.length} ${noun} ${doneWord}`,
        field: DONE_FIELDS[list],
        items: records.map((r, index) => ({
          title: r.title,
          due: r.dueDate ? formatPartialDate(r.dueDate) : null,
          done: r.doneDate ? formatPartialDate(r.doneDate) : null,
          form:
            canMark && !r.doneDate
              ? { action: `/kezelo/projektek/${key}/${spec.slug}/${r.uid}/teljesitve`, version: r.version ?? 1, id: `${spec.slug}-${index}-done`, today }
              : null,
        })),
      },
    ];
  });
}
