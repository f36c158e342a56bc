/**
 * The flag of the European Union drawn from its published geometry (the
 * Council of Europe's technical description), so no logo file is copied: a
 * blue rectangle of 3:2; twelve gold five-pointed stars, upright, placed like
 * the hours of a clock on a circle centred where the diagonals cross, of
 * radius 1/3 of the height; each star's points on a circle of radius 1/18 of
 * the height.
 */

export const EU_BLUE = "#003399";
export const EU_YELLOW = "#FFCC00";

export interface Point {
  x: number;
  y: number;
}

export interface EmblemGeometry {
  width: number;
  height: number;
  centre: Point;
  /** Radius of the circle the stars' centres lie on. */
  ringRadius: number;
  /** Radius of the circle each star's points lie on. */
  starRadius: number;
  /** Twelve stars from twelve o'clock, clockwise: each its centre and its ten vertices (point, notch, point…), the first pointing straight up. */
  stars: Array<{ centre: Point; vertices: Point[] }>;
}

/** A regular five-pointed star's notches lie on this fraction of its points' radius (cos 72° / cos 36°). */
const NOTCH_RATIO = Math.cos((2 * Math.PI) / 5) / Math.cos(Math.PI / 5);

/** The point at `radius` from `centre`, `turn` of a full turn clockwise from straight up (y grows downwards). */
function around(centre: Point, radius: number, turn: number): Point {
  const angle = turn * 2 * Math.PI;
  return { x: centre.x + radius * Math.sin(angle), y: centre.y - radius * Math.cos(angle) };
}

export function euEmblemGeometry(height: number): EmblemGeometry {
  const width = height * 1.5;
  const centre = { x: width / 2, y: height / 2 };
  const ringRadius = height / 3;
  const starRadius = height / 18;
  const stars = Array.from({ length: 12 }, (_, hour) => {
    const starCentre = around(centre, ringRadius, hour / 12);
    // Every star is upright: its own first point is straight up, wherever it sits on the ring.
    const vertices = Array.from({ length: 10 }, (__, i) => around(starCentre, i % 2 === 0 ? starRadius : starRadius * NOTCH_RATIO, i / 10));
    return { centre: starCentre, vertices };
  });
  return { width, height, centre, ringRadius, starRadius, stars };
}

const coordinate = (value: number) => String(Math.round(value * 1000) / 1000);

/** What templates/partials/euEmblem.hbs draws: a 90 × 60 viewBox, scaled by CSS. Drawn once: every page shows it. */
export const euEmblemView = (() => {
  const geometry = euEmblemGeometry(60);
  const view = Object.freeze({
    width: geometry.width,
    height: geometry.height,
    blue: EU_BLUE,
    yellow: EU_YELLOW,
    stars: Object.freeze(geometry.stars.map((s) => s.vertices.map((v) => `${coordinate(v.x)},${coordinate(v.y)}`).join(" "))),
  });
  return () => view;
})();
