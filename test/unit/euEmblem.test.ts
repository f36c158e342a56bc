import { expect } from "chai";
import { EU_BLUE, EU_YELLOW, euEmblemGeometry, euEmblemView } from "../../server/presenters/euEmblem.js";

const distance = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.hypot(a.x - b.x, a.y - b.y);
const close = (actual: number, expected: number) => expect(actual).to.be.closeTo(expected, 1e-9);

describe("the EU emblem", () => {
  const h = 180;
  const g = euEmblemGeometry(h);

  it("is a 3:2 rectangle in Reflex Blue with yellow stars", () => {
    expect(g.width / g.height).to.equal(1.5);
    expect([EU_BLUE, EU_YELLOW]).to.deep.equal(["#003399", "#FFCC00"]);
    const view = euEmblemView();
    expect([view.width, view.height, view.blue, view.yellow]).to.deep.equal([90, 60, "#003399", "#FFCC00"]);
  });

  it("has twelve stars on a circle of radius h/3 around the crossing of the diagonals, spaced like the hours of a clock", () => {
    expect(g.stars).to.have.length(12);
    expect(g.centre).to.deep.equal({ x: g.width / 2, y: g.height / 2 });
    g.stars.forEach((star, hour) => {
      close(distance(star.centre, g.centre), h / 3);
      const angle = Math.atan2(star.centre.x - g.centre.x, g.centre.y - star.centre.y);
      close((angle + 2 * Math.PI) % (2 * Math.PI), (hour * Math.PI) / 6);
    });
  });

  it("draws each star upright with five points on a circle of radius h/18", () => {
    for (const star of g.stars) {
      expect(star.vertices).to.have.length(10);
      const points = star.vertices.filter((_, i) => i % 2 === 0);
      const notches = star.vertices.filter((_, i) => i % 2 === 1);
      for (const p of points) close(distance(p, star.centre), h / 18);
      for (const n of notches) expect(distance(n, star.centre)).to.be.lessThan(h / 18 / 2);
      // Upright: the first point straight above the star's centre.
      close(points[0]!.x, star.centre.x);
      close(points[0]!.y, star.centre.y - h / 18);
      // Points 72° apart.
      for (let i = 0; i < 5; i++) close(distance(points[i]!, points[(i + 1) % 5]!), 2 * (h / 18) * Math.sin(Math.PI / 5));
    }
  });
});
