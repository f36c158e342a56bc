/** A project's dates as the points of its timeline, in Hungarian. */
import { firstDay, type PartialDate } from "../domain/dates.js";
import type { ProjectRecord } from "../domain/project.js";
import { formatPartialDate } from "../rendering/dates.js";
import { timeline, type Timeline, type TimelineKind, type TimelinePoint } from "./timelineChart.js";

type Dated = Pick<ProjectRecord, "dates" | "milestones" | "deliverables">;

const point = (kind: TimelineKind, label: string, date: PartialDate | null, done?: boolean): TimelinePoint[] =>
  date ? [{ kind, label, day: firstDay(date), dateText: formatPartialDate(date), ...(done === undefined ? {} : { done }) }] : [];

/** Milestones and deliverables stand where they were done, or else where they fall due. */
export function projectTimeline(record: Dated, today: PartialDate): Timeline | null {
  const points = [
    ...point("start", "Kezdés", record.dates.start, true),
    ...point("planned_end", "Tervezett befejezés", record.dates.plannedEnd, false),
    ...point("actual_end", "Tényleges befejezés", record.dates.actualEnd, true),
    ...record.milestones.flatMap((m) =>
      m.achievedDate
        ? point("milestone", `Mérföldkő: ${m.title} (teljesült)`, m.achievedDate, true)
        : point("milestone", `Mérföldkő: ${m.title} (határidő)`, m.dueDate, false),
    ),
    ...record.deliverables.flatMap((d) =>
      d.deliveredDate
        ? point("deliverable", `Eredménytermék: ${d.title} (átadva)`, d.deliveredDate, true)
        : point("deliverable", `Eredménytermék: ${d.title} (határidő)`, d.dueDate, false),
    ),
  ];
  return timeline(points, { day: firstDay(today), dateText: formatPartialDate(today) });
}
