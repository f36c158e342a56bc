/**
 * The geometry of a project's timeline, drawn as SVG by templates/partials/timeline.hbs:
 * a lane for the project's own dates (start, planned and actual end, with the
 * spans between), one for milestones and one for deliverables, year ticks, and
 * today as a line (at the edge, marked as outside, when today is off the chart).
 */

export const TIMELINE_KINDS = ["start", "planned_end", "actual_end", "milestone", "deliverable"] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export interface TimelinePoint {
  kind: TimelineKind;
  label: string;
  /** The first day the date can mean, YYYY-MM-DD. */
  day: string;
  dateText: string;
  /** For milestones and deliverables: achieved or delivered. */
  done?: boolean;
}

const LANES: Array<{ label: string; kinds: readonly TimelineKind[] }> = [
  { label: "Projekt", kinds: ["start", "planned_end", "actual_end"] },
  { label: "Mérföldkövek", kinds: ["milestone"] },
  { label: "Eredménytermékek", kinds: ["deliverable"] },
];

const WIDTH = 720;
const LABEL_WIDTH = 130;
const RIGHT = 20;
const TOP = 24;
const LANE_HEIGHT = 34;
const DAY_MS = 86_400_000;

const epochDay = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY_MS;
const round = (n: number) => Math.round(n * 10) / 10;

export interface Timeline {
  width: number;
  height: number;
  labelWidth: number;
  axisY: number;
  lanes: Array<{ label: string; y: number }>;
  ticks: Array<{ x: number; label: string }>;
  spans: Array<{ kind: "planned" | "actual"; x1: number; x2: number; y: number }>;
  points: Array<TimelinePoint & { x: number; y: number }>;
  today: { x: number; dateText: string; outside: "before" | "after" | null };
}

/** The timeline of `points` seen on `today`; null when no point has a date. */
export function timeline(points: readonly TimelinePoint[], today: { day: string; dateText: string }): Timeline | null {
  if (points.length === 0) return null;
  const lanes = LANES.filter((lane) => lane.kinds.includes("start") || points.some((p) => lane.kinds.includes(p.kind)));
  const laneY = (kind: TimelineKind) => TOP + lanes.findIndex((l) => l.kinds.includes(kind)) * LANE_HEIGHT + LANE_HEIGHT / 2;
  const days = points.map((p) => epochDay(p.day));
  const first = Math.min(...days);
  const last = Math.max(...days);
  // A single day still gets a month either side, so that it stands in the middle.
  const [from, to] = first === last ? [first - 30, last + 30] : [first, last];
  const x0 = LABEL_WIDTH;
  const x1 = WIDTH - RIGHT;
  const xOf = (day: number) => round(x0 + ((day - from) / (to - from)) * (x1 - x0));
  const axisY = TOP + lanes.length * LANE_HEIGHT;

  const firstYear = new Date(from * DAY_MS).getUTCFullYear() + 1;
  const lastYear = new Date(to * DAY_MS).getUTCFullYear();
  const step = Math.max(1, Math.ceil((lastYear - firstYear + 1) / 10));
  const ticks = [];
  for (let year = firstYear; year <= lastYear; year += step) {
    ticks.push({ x: xOf(epochDay(`${year}-01-01`)), label: String(year) });
  }

  const dayOf = (kind: TimelineKind) => points.find((p) => p.kind === kind)?.day;
  const start = dayOf("start");
  const spans: Timeline["spans"] = [];
  for (const [kind, end] of [["planned", dayOf("planned_end")], ["actual", dayOf("actual_end")]] as const) {
    if (start && end && end > start) spans.push({ kind, x1: xOf(epochDay(start)), x2: xOf(epochDay(end)), y: laneY("start") + (kind === "planned" ? -5 : 5) });
  }

  const now = epochDay(today.day);
  const outside = now < from ? "before" : now > to ? "after" : null;
  return {
    width: WIDTH,
    height: axisY + 28,
    labelWidth: LABEL_WIDTH,
    axisY,
    lanes: lanes.map((lane, i) => ({ label: lane.label, y: TOP + i * LANE_HEIGHT + LANE_HEIGHT / 2 })),
    ticks,
    spans,
    points: [...points].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0)).map((p) => ({ ...p, x: xOf(epochDay(p.day)), y: laneY(p.kind) })),
    today: { x: outside === "before" ? x0 : outside === "after" ? x1 : xOf(now), dateText: today.dateText, outside },
  };
}
