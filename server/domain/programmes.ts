/** Operational programmes and the programming period each belongs to. */

export const PERIODS = ["2007-2013", "2014-2020", "2021-2027"] as const;
export type Period = (typeof PERIODS)[number];

export interface Programme {
  code: string;
  name: string;
  period: Period;
}

/**
 * A programme as a published list describes it (its code, its name and the instrument its fund belongs to),
 * for a programme our tables do not know yet: it is stored as described and waits for an admin to confirm it.
 */
export interface DescribedProgramme extends Programme {
  /** `cohesion` or `rrf`, as the instruments table names them. */
  instrument: string;
}

/** The programming period a year of a call or decision falls in, or null outside the three periods. */
export function periodOfYear(year: number): Period | null {
  if (year >= 2007 && year <= 2013) return "2007-2013";
  if (year >= 2014 && year <= 2020) return "2014-2020";
  if (year >= 2021 && year <= 2027) return "2021-2027";
  return null;
}

const KNOWN: Programme[] = [
  // 2007–13: Új Magyarország Fejlesztési Terv / Új Széchenyi Terv
  { code: "ÁROP", name: "Államreform Operatív Program", period: "2007-2013" },
  { code: "EKOP", name: "Elektronikus Közigazgatás Operatív Program", period: "2007-2013" },
  { code: "TÁMOP", name: "Társadalmi Megújulás Operatív Program", period: "2007-2013" },
  { code: "TIOP", name: "Társadalmi Infrastruktúra Operatív Program", period: "2007-2013" },
  { code: "KEOP", name: "Környezet és Energia Operatív Program", period: "2007-2013" },
  { code: "GOP", name: "Gazdaságfejlesztési Operatív Program", period: "2007-2013" },
  { code: "KÖZOP", name: "Közlekedés Operatív Program", period: "2007-2013" },
  { code: "KMOP", name: "Közép-Magyarországi Operatív Program", period: "2007-2013" },
  { code: "DAOP", name: "Dél-Alföldi Operatív Program", period: "2007-2013" },
  { code: "DDOP", name: "Dél-Dunántúli Operatív Program", period: "2007-2013" },
  { code: "ÉAOP", name: "Észak-Alföldi Operatív Program", period: "2007-2013" },
  { code: "ÉMOP", name: "Észak-Magyarországi Operatív Program", period: "2007-2013" },
  { code: "KDOP", name: "Közép-Dunántúli Operatív Program", period: "2007-2013" },
  { code: "NYDOP", name: "Nyugat-Dunántúli Operatív Program", period: "2007-2013" },
  // 2014–20: Széchenyi 2020
  { code: "GINOP", name: "Gazdaságfejlesztési és Innovációs Operatív Program", period: "2014-2020" },
  { code: "EFOP", name: "Emberi Erőforrás Fejlesztési Operatív Program", period: "2014-2020" },
  { code: "KEHOP", name: "Környezeti és Energiahatékonysági Operatív Program", period: "2014-2020" },
  { code: "IKOP", name: "Integrált Közlekedésfejlesztési Operatív Program", period: "2014-2020" },
  { code: "TOP", name: "Terület- és Településfejlesztési Operatív Program", period: "2014-2020" },
  { code: "VEKOP", name: "Versenyképes Közép-Magyarország Operatív Program", period: "2014-2020" },
  { code: "KÖFOP", name: "Közigazgatás- és Közszolgáltatás-fejlesztési Operatív Program", period: "2014-2020" },
  { code: "RSZTOP", name: "Rászoruló Személyeket Támogató Operatív Program", period: "2014-2020" },
  { code: "MAHOP", name: "Magyar Halgazdálkodási Operatív Program", period: "2014-2020" },
  { code: "VP", name: "Vidékfejlesztési Program", period: "2014-2020" },
  // 2021–27: Széchenyi Terv Plusz
  { code: "GINOP_PLUSZ", name: "Gazdaságfejlesztési és Innovációs Operatív Program Plusz", period: "2021-2027" },
  { code: "EFOP_PLUSZ", name: "Emberi Erőforrás Fejlesztési Operatív Program Plusz", period: "2021-2027" },
  { code: "KEHOP_PLUSZ", name: "Környezeti és Energiahatékonysági Operatív Program Plusz", period: "2021-2027" },
  { code: "IKOP_PLUSZ", name: "Integrált Közlekedésfejlesztési Operatív Program Plusz", period: "2021-2027" },
  { code: "TOP_PLUSZ", name: "Terület- és Településfejlesztési Operatív Program Plusz", period: "2021-2027" },
  { code: "DIMOP_PLUSZ", name: "Digitális Megújulás Operatív Program Plusz", period: "2021-2027" },
  { code: "MAHOP_PLUSZ", name: "Magyar Akvakultúra és Halászati Operatív Program Plusz", period: "2021-2027" },
  { code: "VOP_PLUSZ", name: "Végrehajtási Operatív Program Plusz", period: "2021-2027" },
  // The Recovery and Resilience Facility publishes its projects in the same layout (RRF-1.1.2-21).
  { code: "RRF", name: "Magyarország Helyreállítási és Ellenállóképességi Terve", period: "2021-2027" },
];

const BY_CODE = new Map(KNOWN.map((p) => [p.code, p]));

/** Accent-free spellings people type ("KOFOP", "AROP") mapped to the official code. */
const BY_UNACCENTED = new Map(KNOWN.map((p) => [stripAccents(p.code), p.code]));

export function stripAccents(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "");
}

export function knownProgrammes(): readonly Programme[] {
  return KNOWN;
}

/** The official spelling of an upper-case programme code typed without accents, or the code itself. */
function withAccents(code: string): string {
  if (BY_CODE.has(code)) return code;
  const plusz = code.endsWith("_PLUSZ");
  const base = plusz ? code.slice(0, -"_PLUSZ".length) : code;
  const accented = BY_UNACCENTED.get(stripAccents(base)) ?? base;
  return plusz ? `${accented}_PLUSZ` : accented;
}

/** The Plusz of a 2021–27 programme as people type it: "GINOP Plusz", "ginop-plusz", "GINOPPLUSZ", "ginop+". */
const PLUSZ_AS_TYPED = /(?<=[A-ZÁÉÍÓÖŐÚÜŰ])(?:[\s_\-\u2010-\u2015\u2212]*PLUSZ|\s*\+)$/u;

/**
 * The official code of a programme code typed loosely, as in a filter or at the head of an identifier:
 * `GINOP Plusz`, `ginop+` and `Ginop_plusz` are all GINOP_PLUSZ; `kofop` is KÖFOP. Text that is no programme
 * code comes back changed only in case and spacing, and matches no programme.
 */
export function normaliseProgrammeCode(raw: string): string {
  return withAccents(raw.normalize("NFC").trim().toUpperCase().replace(PLUSZ_AS_TYPED, "_PLUSZ"));
}

/**
 * The programme behind a code. Programmes not in our list are still recognised
 * when their period is certain: every `_PLUSZ` programme belongs to 2021–27
 * (the national list has BBA_PLUSZ, HAVE_PLUSZ, MMIA_PLUSZ, ...).
 */
export function findProgramme(code: string): Programme | undefined {
  const known = BY_CODE.get(code);
  if (known) return known;
  if (/^[A-ZÁÉÍÓÖŐÚÜŰ]{2,}_PLUSZ$/u.test(code)) return { code, name: code, period: "2021-2027" };
  return undefined;
}
