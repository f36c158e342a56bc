/**
 * View models of the edit forms: each field with its value (stored, or as the user typed it), whether
 * the actor may change it, its error; the error summary linking to the fields; what changed meanwhile
 * when a save was refused as stale.
 */
import type { ConflictError, ValidationError } from "../errors.js";
import { forbiddenField, type Actor } from "../domain/permissions.js";
import { formatMoment } from "../rendering/dates.js";
import { displayValue, valueAt, type FieldGroup, type FieldSpec } from "./editForms.js";
import { fieldLabel } from "./labels.js";

export const fieldId = (name: string) => `field-${name.replace(/\./g, "-")}`;

/** True when the actor may change a project field (by its column) or a record kind (by its entity). */
export function mayChange(actor: Actor, change: { column?: string; entity?: string }): boolean {
  return forbiddenField(actor, change.column ? [change.column] : [], change.entity ? [change.entity] : []) === null;
}

/** What the user sent, as strings by input name, to show back on a refused form. */
export type Typed = Record<string, unknown>;

export interface FormState {
  /** The stored document (project or record), in the project file's shape; null for a new one. */
  stored: Record<string, unknown> | null;
  /** What the user sent, when the form comes back refused. */
  typed?: Typed;
  errors?: readonly ValidationError[];
  /** Whether the actor may change the field; read-only fields are shown, not sent. */
  editable: (spec: FieldSpec) => boolean;
}

/** The schema's message for text where a number belongs is vague; this one says what to type. */
function message(spec: FieldSpec, error: ValidationError): string {
  const raw = error.rawMessage();
  return spec.kind === "number" && raw.startsWith("Érvénytelen bemenet") ? "számot kell megadni (pl. 12 vagy 12,5)" : raw;
}

function fieldView(spec: FieldSpec, state: FormState) {
  const id = fieldId(spec.name);
  const error = state.errors?.find((e) => e.path === spec.name);
  const typed = state.typed?.[spec.name];
  const value =
    state.typed && state.editable(spec)
      ? spec.kind === "checkbox"
        ? typed
          ? "on"
          : ""
        : typeof typed === "string"
          ? typed
          : ""
      : displayValue(spec, state.stored ? valueAt(state.stored, spec.name) : undefined);
  const hintId = spec.hint ? `${id}-hint` : null;
  const errorId = error ? `${id}-error` : null;
  return {
    id,
    name: spec.name,
    label: spec.label,
    hint: spec.hint ?? null,
    hintId,
    error: error ? message(spec, error) : null,
    errorId,
    describedBy: [hintId, errorId].filter(Boolean).join(" ") || null,
    editable: state.editable(spec),
    value,
    shown: spec.kind === "select" ? (spec.options?.[value] ?? value) : spec.kind === "checkbox" ? (value ? "igen" : "nem") : value,
    isTextarea: spec.kind === "textarea",
    rows: spec.rows ?? 5,
    isSelect: spec.kind === "select",
    isCheckbox: spec.kind === "checkbox",
    checked: value !== "",
    inputType: spec.kind === "email" ? "email" : "text",
    inputMode: spec.kind === "number" ? "decimal" : null,
    options: spec.kind === "select" ? Object.entries(spec.options ?? {}).map(([code, label]) => ({ value: code, label, selected: code === value })) : [],
  };
}

export function formGroups(groups: readonly FieldGroup[], state: FormState) {
  return groups.map((g) => ({ legend: g.legend, fields: g.fields.map((f) => fieldView(f, state)) }));
}

/** The error summary: each error with its field's label, linking to the field when the form has it. */
export function errorSummary(errors: readonly ValidationError[], specs: readonly FieldSpec[]) {
  return errors.map((error) => {
    // An error about a whole group (a missing `beneficiary`) links to the group's first field.
    const spec = specs.find((s) => s.name === error.path) ?? specs.find((s) => s.name.startsWith(`${error.path}.`));
    if (spec) return { field: fieldId(spec.name), label: spec.label, message: message(spec, error) };
    if (!error.path) return { field: null, label: null, message: error.rawMessage() };
    // The version is a hidden field: only a damaged or hand-made request gets it wrong.
    const label = error.path === "version" ? "az űrlap változata" : fieldLabel(error.path);
    return { field: null, label: null, message: `${label[0]!.toUpperCase()}${label.slice(1)}: ${error.rawMessage()}` };
  });
}

/** "milestone update: title, due_date" as the audit trail writes a record change in a project conflict. */
function changedLabel(field: string): string {
  const record = /^(\w+) (create|update|delete): (.*)$/.exec(field);
  if (!record) return fieldLabel(field);
  const what = { create: "új", update: "módosítva", delete: "törölve" }[record[2] as "create" | "update" | "delete"];
  return `${fieldLabel(record[1]!)} (${what})`;
}

const camel = (column: string) => column.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());

/** What changed since the version the user had, newest last, with labels people know (the form's own first). */
export function conflictView(error: ConflictError, specs: readonly FieldSpec[]) {
  const label = (field: string) => specs.find((s) => s.name === camel(field) || s.column === field)?.label ?? changedLabel(field);
  return {
    message: error.message,
    changes: error.changes.map((c) => ({
      version: c.version,
      actor: c.actor,
      when: formatMoment(c.recordedAt),
      fields: [...new Set(c.fields.map(label))].join(", "),
    })),
  };
}
