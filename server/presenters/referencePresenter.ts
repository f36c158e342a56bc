/**
 * Organisations, programmes and calls as their pages show them: list rows,
 * the facts of one record with the projects that use it, and the edit form
 * with what was typed and each field's error in Hungarian.
 */
import type { ConflictError, ValidationError } from "../errors.js";
import type { Choice, Listed, ProjectUse, StoredCall, StoredOrganisationRecord, StoredProgramme } from "../data/referenceReads.js";
import type { FieldSpec } from "./editForms.js";
import { conflictView, errorSummary, formGroups, type Typed } from "./editFormView.js";
import { staffPath } from "./projectPresenter.js";

export type ReferencePageKind = "organisation" | "programme" | "call";

export const REFERENCE_PATHS: Record<ReferencePageKind, string> = {
  organisation: "/kezelo/szervezetek",
  programme: "/kezelo/programok",
  call: "/kezelo/felhivasok",
};

const NAMES: Record<ReferencePageKind, { plural: string; one: string; newTitle: string; legend: string }> = {
  organisation: { plural: "Szervezetek", one: "szervezet", newTitle: "Új szervezet", legend: "A szervezet adatai" },
  programme: { plural: "Operatív programok", one: "operatív program", newTitle: "Új operatív program", legend: "Az operatív program adatai" },
  call: { plural: "Felhívások", one: "felhívás", newTitle: "Új felhívás", legend: "A felhívás adatai" },
};

const text = (name: string, label: string, hint?: string): FieldSpec => ({ name, label, kind: "text", ...(hint ? { hint } : {}) });

export interface Choices {
  periods: Choice[];
  instruments: Choice[];
  programmes: Choice[];
}

const optionsOf = (choices: Choice[]) => Object.fromEntries(choices.map((c) => [c.code, `${c.code} – ${c.name}`]));

/** Each kind's form, with the choices its selects offer. */
function formFields(kind: ReferencePageKind, choices: Choices): FieldSpec[] {
  if (kind === "organisation") {
    return [
      text("name", "Név"),
      text("taxNumber", "Adószám", "12345678-1-23; kötőjelek nélkül is beírható; nem kötelező"),
      text("address", "Cím"),
      text("phone", "Telefonszám"),
      { name: "email", label: "E-mail-cím", kind: "email" },
      text("website", "Honlap", "http:// vagy https:// kezdetű cím"),
    ];
  }
  if (kind === "programme") {
    return [
      text("code", "Kód", "pl. KÖFOP, GINOP_PLUSZ"),
      text("name", "Név"),
      { name: "period", label: "Programozási időszak", kind: "select", options: optionsOf(choices.periods) },
      { name: "instrument", label: "Finanszírozási eszköz", kind: "select", options: optionsOf(choices.instruments) },
    ];
  }
  return [
    text("code", "Felhívás kódja", "pl. KÖFOP-1.0.0-VEKOP-15, TOP_PLUSZ-1.2.1-21"),
    text("title", "Felhívás címe"),
    {
      name: "programme",
      label: "Operatív program",
      kind: "select",
      hint: "Szabályos kódnál a kódból következik; csak a szokásostól eltérő kódnál kell választani",
      options: { "": "— a kódból —", ...optionsOf(choices.programmes) },
    },
  ];
}

const periodText = (period: string) => period.replace("-", "–");

export function listPage(kind: ReferencePageKind, listed: Listed<StoredOrganisationRecord | StoredProgramme | StoredCall>, search: string, page: { offset: number; limit: number }) {
  const base = REFERENCE_PATHS[kind];
  const link = (offset: number) => `${base}?${new URLSearchParams({ ...(search ? { q: search } : {}), offset: String(offset) })}`;
  return {
    pageTitle: NAMES[kind].plural,
    heading: NAMES[kind].plural,
    base,
    newTitle: NAMES[kind].newTitle,
    search,
    total: listed.total.toLocaleString("hu-HU"),
    from: listed.total === 0 ? 0 : page.offset + 1,
    to: page.offset + listed.items.length,
    columns: LIST_COLUMNS[kind],
    rows: listed.items.map((item) => ({ href: `${base}/${item.id}`, cells: listCells(kind, item) })),
    previous: page.offset > 0 ? link(Math.max(0, page.offset - page.limit)) : null,
    next: page.offset + listed.items.length < listed.total ? link(page.offset + page.limit) : null,
  };
}

const LIST_COLUMNS: Record<ReferencePageKind, string[]> = {
  organisation: ["Név", "Adószám", "Cím"],
  programme: ["Kód", "Név", "Időszak"],
  call: ["Kód", "Cím", "Program"],
};

/** The first cell is the link to the record. */
function listCells(kind: ReferencePageKind, item: StoredOrganisationRecord | StoredProgramme | StoredCall): string[] {
  const dash = (text: string | null) => text ?? "—";
  if (kind === "organisation") {
    const o = item as StoredOrganisationRecord;
    return [o.name, dash(o.taxNumber), dash(o.address)];
  }
  if (kind === "programme") {
    const p = item as StoredProgramme;
    return [p.code, p.confirmed ? p.name : `${p.name} (megerősítésre vár)`, periodText(p.period)];
  }
  const c = item as StoredCall;
  return [c.code, dash(c.title), dash(c.programme?.code ?? null)];
}

const ROLE_NAMES: Record<string, string> = { beneficiary: "kedvezményezett", partner: "konzorciumi partner", contractor: "szállító" };

function projectRows(projects: Listed<ProjectUse>) {
  return {
    projects: projects.items.map((p) => ({
      href: staffPath(p),
      reference: p.identifier ?? "—",
      title: p.title,
      roles: p.roles.map((r) => ROLE_NAMES[r] ?? r).join(", "),
    })),
    projectsTotal: projects.total.toLocaleString("hu-HU"),
    projectsMore: projects.total > projects.items.length ? (projects.total - projects.items.length).toLocaleString("hu-HU") : null,
  };
}

interface Fact {
  label: string;
  value: string;
  href?: string;
}

function page(kind: ReferencePageKind, id: number, title: string, facts: Fact[], projects: Listed<ProjectUse>) {
  return {
    pageTitle: title,
    heading: title,
    kindName: NAMES[kind].one,
    base: REFERENCE_PATHS[kind],
    editHref: `${REFERENCE_PATHS[kind]}/${id}/szerkesztes`,
    facts: facts.map((f) => ({ ...f, value: f.value || "—" })),
    ...projectRows(projects),
  };
}

export function organisationPage({ stored: o, projects }: { stored: StoredOrganisationRecord; projects: Listed<ProjectUse> }) {
  return {
    ...page("organisation", o.id, o.name, [
      { label: "Név", value: o.name },
      { label: "Adószám", value: o.taxNumber ?? "" },
      { label: "Cím", value: o.address ?? "" },
      { label: "Telefonszám", value: o.phone ?? "" },
      { label: "E-mail-cím", value: o.email ?? "", ...(o.email ? { href: `mailto:${o.email}` } : {}) },
      // Stored websites are http(s) only (the form and the project file refuse anything else).
      { label: "Honlap", value: o.website ?? "", ...(o.website ? { href: o.website } : {}) },
    ], projects),
    showRoles: true,
  };
}

export function programmePage({ stored: p, projects, calls }: { stored: StoredProgramme; projects: Listed<ProjectUse>; calls: StoredCall[] }) {
  return {
    ...page("programme", p.id, `${p.code} – ${p.name}`, [
      { label: "Kód", value: p.code },
      { label: "Név", value: p.name },
      { label: "Programozási időszak", value: p.periodName },
      { label: "Finanszírozási eszköz", value: p.instrumentName },
    ], projects),
    calls: calls.map((c) => ({ href: `${REFERENCE_PATHS.call}/${c.id}`, code: c.code, title: c.title ?? "" })),
    unconfirmed: p.confirmed
      ? null
      : { action: `${REFERENCE_PATHS.programme}/${p.id}/megerosites`, version: p.version },
  };
}

export function callPage({ stored: c, projects }: { stored: StoredCall; projects: Listed<ProjectUse> }) {
  return page("call", c.id, c.title ? `${c.code} – ${c.title}` : c.code, [
    { label: "Felhívás kódja", value: c.regular ? c.code : `${c.code} (a szokásos alaktól eltérő kód)` },
    { label: "Felhívás címe", value: c.title ?? "" },
    {
      label: "Operatív program",
      value: c.programme ? `${c.programme.code} – ${c.programme.name}` : "",
      ...(c.programme ? { href: `${REFERENCE_PATHS.programme}/${c.programme.id}` } : {}),
    },
  ], projects);
}

/** A stored record in the form's names. */
export function storedDocument(kind: ReferencePageKind, stored: StoredOrganisationRecord | StoredProgramme | StoredCall): Record<string, unknown> {
  if (kind !== "call") return { ...stored };
  const c = stored as StoredCall;
  return { code: c.code, title: c.title, programme: c.programme?.code ?? "" };
}

export interface FormState {
  /** The record's id when editing; null for a new one. */
  id: number | null;
  stored: Record<string, unknown> | null;
  version: number | null;
  /** What the user sent, when the form comes back refused. */
  typed?: Typed;
  errors?: ValidationError[];
  conflict?: ConflictError;
  choices: Choices;
}

export function formPage(kind: ReferencePageKind, state: FormState) {
  const specs = formFields(kind, state.choices);
  const title = state.id === null ? NAMES[kind].newTitle : `${NAMES[kind].one[0]!.toUpperCase()}${NAMES[kind].one.slice(1)} szerkesztése`;
  const base = REFERENCE_PATHS[kind];
  const refused = (state.errors?.length ?? 0) > 0 || state.conflict !== undefined;
  return {
    pageTitle: refused ? `Hiba: ${title}` : title,
    heading: title,
    action: state.id === null ? base : `${base}/${state.id}`,
    cancelHref: state.id === null ? base : `${base}/${state.id}`,
    version: state.version,
    errors: errorSummary(state.errors ?? [], specs),
    conflict: state.conflict ? conflictView(state.conflict, specs) : null,
    groups: formGroups([{ legend: NAMES[kind].legend, fields: specs }], {
      stored: state.stored,
      typed: state.typed,
      errors: state.errors,
      editable: () => true,
    }),
  };
}
