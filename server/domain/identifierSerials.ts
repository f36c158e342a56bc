/**
 * Handing out project identifiers in the domain's shape, `CALL-YEAR-SERIAL`: serials count up under each
 * prefix `CALL-YEAR-` and are zero-padded to the period's width (4 digits for 2007–13, 5 since), so a prefix
 * holds 9,999 or 99,999 projects. When one fills, the next years of the same call are used. The last serial of
 * each prefix is kept here, from one look at what is stored, so that nothing is asked of the database per
 * identifier.
 */
import type { CallCode } from "./identifiers.js";

/** How many digits a serial of the call's period has. */
export function serialWidth(call: CallCode): number {
  return call.period === "2007-2013" ? 4 : 5;
}

/** The stored identifier's prefix (`CALL-YEAR-`) and serial, as the database look-up gives them. */
export interface LastSerial {
  prefix: string;
  serial: number;
}

export class IdentifierSerials {
  private readonly last: Map<string, number>;

  /**
   * @param stored the highest serial stored under each prefix
   * @param maxSerial the highest serial a prefix may use; below the period's width only to test a full prefix
   * @param yearsAhead how many years after the given one a full call and year may move on to
   */
  constructor(
    stored: Iterable<LastSerial>,
    private readonly maxSerial: number | null = null,
    private readonly yearsAhead = 9,
  ) {
    this.last = new Map([...stored].map((s) => [s.prefix, s.serial]));
  }

  /**
   * The next identifier of the call, in the given year or, when that year's serials are used up, in the first
   * later year with one free (at most `yearsAhead` later); null when all of those are full.
   */
  next(call: CallCode, year: number): { identifier: string; year: number } | null {
    const width = serialWidth(call);
    const limit = Math.min(10 ** width - 1, this.maxSerial ?? Infinity);
    for (let y = year; y <= year + this.yearsAhead; y++) {
      const prefix = `${call.code}-${y}-`;
      const serial = (this.last.get(prefix) ?? 0) + 1;
      if (serial > limit) continue;
      this.last.set(prefix, serial);
      return { identifier: `${prefix}${String(serial).padStart(width, "0")}`, year: y };
    }
    return null;
  }
}
