/** The dashboard's view model: deadlines by window, totals as charts and tables, projects with findings. */
import { isOverrun, windowOf, type Deadline, type DeadlineWindow } from "../domain/deadlines.js";
import type { Totals } from "../domain/totals.js";
import type { DashboardOverview } from "../services/dashboardService.js";
import { formatForints, formatNumber } from "../rendering/numbers.js";
import { barChart } from "./barChart.js";
import { deadlineDue, deadlineWhat } from "./deadlinePresenter.js";
import { findingView } from "./findingsPresenter.js";
import { periodLabel, programmeLabel, STATUS_LABELS } from "./labels.js";
import { staffPath } from "./projectPresenter.js";

const WINDOW_TITLES: Record<Exclude<DeadlineWindow, "overdue">, string> = {
  days30: "A következő 30 napban",
  days60: "31–60 nap múlva",
  days90: "61–90 nap múlva",
};

function deadlineRow(deadline: Deadline, today: string) {
  return {
    href: staffPath(deadline.project),
    reference: deadline.project.identifier,
    project: deadline.project.title,
    what: deadlineWhat(deadline, today),
    due: deadlineDue(deadline),
    overrun: isOverrun(deadline, today),
    kind: deadline.kind,
  };
}

function totalsRow(label: string, title: string | null, totals: Totals) {
  return {
    label,
    title,
    projects: formatNumber(totals.projects),
    totalCost: formatForints(totals.totalCost),
    grant: formatForints(totals.grant),
    ownContribution: formatForints(totals.ownContribution),
  };
}

/** A chart of the grant by group, with its text alternative. */
function grantChart(id: string, title: string, rows: Array<{ label: string; grant: number }>) {
  const chart = barChart(rows.map((r) => ({ label: r.label, value: r.grant, valueText: formatForints(r.grant) })));
  return {
    id,
    title,
    description: rows.map((r) => `${r.label}: ${formatForints(r.grant)}`).join("; "),
    ...chart,
  };
}

export function dashboardPage(overview: DashboardOverview) {
  const { today } = overview;
  const programmes = overview.totals.byProgramme.map((t) => ({
    label: t.programme ? `${programmeLabel(t.programme.code)} (${periodLabel(t.programme.period)})` : "Program nélkül",
    title: t.programme?.name ?? null,
    totals: t,
  }));
  const statuses = overview.totals.byStatus.map((t) => ({ label: STATUS_LABELS[t.status], totals: t }));
  return {
    overdue: overview.overdue.map((d) => deadlineRow(d, today)),
    moreOverdue: overview.moreOverdue,
    windows: (Object.keys(WINDOW_TITLES) as Array<keyof typeof WINDOW_TITLES>).map((window) => ({
      id: window,
      title: WINDOW_TITLES[window],
      items: overview.upcoming.filter((d) => windowOf(d.dueBy, today) === window).map((d) => deadlineRow(d, today)),
    })),
    moreUpcoming: overview.moreUpcoming,
    byProgramme: {
      chart: grantChart("chart-programme", "Támogatás operatív programonként", programmes.map((p) => ({ label: p.label, grant: p.totals.grant }))),
      rows: programmes.map((p) => totalsRow(p.label, p.title, p.totals)),
    },
    byStatus: {
      chart: grantChart("chart-status", "Támogatás állapot szerint", statuses.map((s) => ({ label: s.label, grant: s.totals.grant }))),
      rows: statuses.map((s) => totalsRow(s.label, null, s.totals)),
    },
    withFindings: overview.withFindings.map(({ project, findings }) => ({
      href: staffPath(project),
      reference: project.identifier,
      title: project.title,
      findings: findings.map(findingView),
    })),
    moreWithFindings: overview.moreWithFindings,
  };
}
