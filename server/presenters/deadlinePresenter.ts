/** Deadlines in Hungarian: what falls due, in which project, when; shared by the dashboard and the calendar feed. */
import { isOverrun, type Deadline } from "../domain/deadlines.js";
import { formatPartialDate } from "../rendering/dates.js";
import { OBLIGATION_LABELS } from "./labels.js";

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** What falls due: "Mérföldkő: Átadás", "Kifizetési kérelem", "Tervezett befejezés". */
export function deadlineWhat(deadline: Deadline, today: string): string {
  switch (deadline.kind) {
    case "milestone":
      return `Mérföldkő: ${deadline.title}`;
    case "deliverable":
      return `Eredménytermék: ${deadline.title}`;
    case "obligation": {
      const kind = capitalised(OBLIGATION_LABELS[deadline.obligationKind!]);
      return deadline.title ? `${kind}: ${deadline.title}` : kind;
    }
    case "planned_end":
      return isOverrun(deadline, today) ? "Tervezett befejezés (a projekt még megvalósítás alatt)" : "Tervezett befejezés";
  }
}

/** The project as a deadline names it: its identifier and title. */
export const deadlineProject = (deadline: Deadline): string =>
  deadline.project.identifier ? `${deadline.project.identifier} – ${deadline.project.title}` : deadline.project.title;

export const deadlineDue = (deadline: Deadline): string => formatPartialDate(deadline.due);
