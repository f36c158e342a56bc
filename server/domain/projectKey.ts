/**
 * A project's key in URLs: its identifier when it has one, else its id.
 * Read back, a key of digits is an id (no identifier is all digits), and
 * anything else is an identifier in any accepted spelling.
 */
import { ValidationError } from "../errors.js";
import { parseProjectIdentifier } from "./identifiers.js";

export type ProjectLookup = { id: number } | { identifier: string };

export function projectKey(project: { id: number; identifier: string | null }): string {
  return project.identifier ?? String(project.id);
}

/** What a key names; null when it cannot name a project. */
export function readProjectKey(key: string): ProjectLookup | null {
  if (/^\d{1,9}$/.test(key)) return { id: Number(key) };
  try {
    return { identifier: parseProjectIdentifier(key).identifier };
  } catch (error) {
    if (error instanceof ValidationError) return null;
    throw error;
  }
}
