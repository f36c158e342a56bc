/** A submitted edit form read back into the project file's shape, by the form's own field descriptions. */
import type { FieldSpec } from "../../presenters/editForms.js";
import type { Fields } from "../../services/projectEditService.js";

const NUMBER = /^-?\d+(?:\.\d+)?$/;

/** "12,5" and "1 200" as numbers; anything else stays text, for the schema to name the problem. */
function numberOrText(raw: string): number | string | undefined {
  const compact = raw.replace(/[\s\u00a0\u202f]/g, "").replace(",", ".");
  if (compact === "") return undefined;
  return NUMBER.test(compact) ? Number(compact) : raw;
}

function setAt(target: Fields, name: string, value: unknown): void {
  const keys = name.split(".");
  let node = target;
  for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Fields;
  node[keys.at(-1)!] = value;
}

/**
 * The fields the form sent, nested as the project file nests them. A field the form did not send
 * (shown read-only) is left out, so it changes nothing; a checkbox sends nothing when unticked.
 */
export function fieldsFromForm(specs: readonly FieldSpec[], body: Record<string, unknown>): Fields {
  const fields: Fields = {};
  for (const spec of specs) {
    const given = body[spec.name];
    const raw = Array.isArray(given) ? given[0] : given;
    if (spec.kind === "checkbox") setAt(fields, spec.name, raw !== undefined);
    else if (typeof raw !== "string") continue;
    else setAt(fields, spec.name, spec.kind === "number" ? numberOrText(raw) : raw);
  }
  return fields;
}
