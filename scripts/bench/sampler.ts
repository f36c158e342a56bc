/**
 * Which page a simulated visitor asks for. Real traffic is Zipf-like (a few pages are asked for far more often than
 * the rest), so each benchmark reports keys drawn both ways: Zipf (s≈1) and uniform. Seeded, so a run repeats.
 */

/** mulberry32: small, fast and seedable (the same generator scripts/generate.ts uses for its data). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Distribution = "zipf" | "uniform";
export const DISTRIBUTIONS: readonly Distribution[] = ["zipf", "uniform"];

/** Draws indexes 0…n-1: uniformly, or with P(rank k) ∝ 1/k^s by inverting the cumulative weights (binary search). */
export function indexSampler(n: number, distribution: Distribution, random: () => number, s = 1): () => number {
  if (distribution === "uniform") return () => Math.floor(random() * n);
  const cumulative = new Float64Array(n);
  let sum = 0;
  for (let k = 0; k < n; k++) cumulative[k] = sum += 1 / Math.pow(k + 1, s);
  return () => {
    const target = random() * sum;
    let low = 0;
    let high = n - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (cumulative[middle]! < target) low = middle + 1;
      else high = middle;
    }
    return low;
  };
}

/** The keys in a seeded random order: the hot ranks of the Zipf draw fall on keys spread across the portfolio. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}
