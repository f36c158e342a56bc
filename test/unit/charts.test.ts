import { expect } from "chai";
import { barChart } from "../../server/presenters/barChart.js";
import { timeline, type TimelinePoint } from "../../server/presenters/timelineChart.js";

describe("bar chart geometry", () => {
  const chart = barChart(
    [
      { label: "KÖFOP", value: 200, valueText: "200 Ft" },
      { label: "TOP", value: 50, valueText: "50 Ft" },
      { label: "ÁROP", value: 0, valueText: "0 Ft" },
      { label: "EFOP", value: 0.001, valueText: "0 Ft" },
    ],
    { width: 500, rowHeight: 20, labelWidth: 100, valueWidth: 92 },
  );

  it("scales bars to the largest value within the room between labels and figures", () => {
    const room = 500 - (100 + 8) - 92 - 8;
    expect(chart.bars.map((b) => b.barWidth)).to.deep.equal([room, room / 4, 0, 1]);
    expect(chart.barsX).to.equal(108);
  });

  it("gives each bar a row of its own, with its figure just after the bar", () => {
    expect(chart.height).to.equal(80);
    expect(chart.bars.map((b) => b.textY)).to.deep.equal([10, 30, 50, 70]);
    expect(chart.bars[1]!.valueX).to.equal(108 + 73 + 8);
    expect(chart.bars.every((b) => b.y + b.barHeight <= chart.height)).to.equal(true);
  });

  it("draws nothing out of an all-zero chart", () => {
    expect(barChart([{ label: "x", value: 0, valueText: "0" }]).bars[0]!.barWidth).to.equal(0);
  });
});

describe("timeline geometry", () => {
  const points: TimelinePoint[] = [
    { kind: "start", label: "Kezdés", day: "2020-01-01", dateText: "2020. január 1." },
    { kind: "planned_end", label: "Tervezett befejezés", day: "2022-01-01", dateText: "2022. január 1." },
    { kind: "actual_end", label: "Tényleges befejezés", day: "2022-07-02", dateText: "2022. július 2." },
    { kind: "milestone", label: "Félidő", day: "2021-01-01", dateText: "2021. január 1.", done: true },
  ];
  const chart = timeline(points, { day: "2021-04-02", dateText: "2021. április 2." })!;

  it("runs from the first date to the last, left to right", () => {
    const x = Object.fromEntries(chart.points.map((p) => [p.kind, p.x]));
    expect(x.start).to.equal(chart.labelWidth);
    expect(x.actual_end).to.equal(chart.width - 20);
    expect(x.milestone).to.be.within(x.start!, x.planned_end!);
    expect(chart.points.map((p) => p.kind)).to.deep.equal(["start", "milestone", "planned_end", "actual_end"]);
  });

  it("puts project dates, milestones and deliverables in lanes of their own, leaving out an empty lane", () => {
    expect(chart.lanes.map((l) => l.label)).to.deep.equal(["Projekt", "Mérföldkövek"]);
    const y = Object.fromEntries(chart.points.map((p) => [p.kind, p.y]));
    expect(y.start).to.equal(y.planned_end).and.to.not.equal(y.milestone);
  });

  it("draws the planned and the actual span from the start", () => {
    expect(chart.spans.map((s) => s.kind)).to.deep.equal(["planned", "actual"]);
    expect(chart.spans[1]!.x2).to.be.greaterThan(chart.spans[0]!.x2);
  });

  it("marks the year boundaries", () => {
    expect(chart.ticks.map((t) => t.label)).to.deep.equal(["2021", "2022"]);
  });

  it("places today on the line, or at the edge marked as outside", () => {
    expect(chart.today.outside).to.equal(null);
    expect(chart.today.x).to.be.within(chart.points[1]!.x, chart.points[2]!.x);
    const later = timeline(points, { day: "2026-11-25", dateText: "2026. november 25." })!;
    expect(later.today).to.deep.include({ outside: "after", x: later.width - 20 });
  });

  it("centres a single date and has nothing to draw without dates", () => {
    const single = timeline([points[0]!], { day: "2020-01-01", dateText: "" })!;
    expect(single.points[0]!.x).to.equal((single.labelWidth + single.width - 20) / 2);
    expect(timeline([], { day: "2020-01-01", dateText: "" })).to.equal(null);
  });
});
