/**
 * Who may do what: the roles, what each may do, and which fields each may
 * change. This is the one table: routes, the write path, the README's
 * permission table and the permission test all read it.
 */

export const ROLES = ["admin", "project_manager", "communication", "auditor"] as const;
export type Role = (typeof ROLES)[number];

/**
 * The acting user, or a named system actor (an import run from the command
 * line, the demo loader). Every write carries one; the audit trail records its label.
 */
export interface Actor {
  /** How the audit trail names the actor: the user's e-mail, or `import:<file>`, `system:demo`. */
  label: string;
  userId: number | null;
  roles: readonly Role[];
  /** Ids of the projects the actor may act on; null means every project. */
  projectIds: ReadonlySet<number> | null;
}

/** A command-line or start-up actor with every right (the person running it owns the server). */
export function systemActor(label: string): Actor {
  return { label, userId: null, roles: ["admin"], projectIds: null };
}

/** Services take an actor, or the label of a system actor (`import:<file>`, `demo`). */
export type ActorLike = Actor | string;
export const asActor = (actor: ActorLike): Actor => (typeof actor === "string" ? systemActor(actor) : actor);

/** What a request may ask to do. */
export const ACTIONS = [
  "read_own_account",
  "read_staff_pages",
  "create_project",
  "edit_project",
  "read_history",
  "edit_references",
  "manage_users",
  "review_funding",
  "confirm_programmes",
] as const;
export type Action = (typeof ACTIONS)[number];

/** Which roles may take each action. Project-bound actions also need the project in the actor's scope. */
export const ACTION_ROLES: Record<Action, readonly Role[]> = {
  read_own_account: ["admin", "project_manager", "communication", "auditor"],
  read_staff_pages: ["admin", "project_manager", "communication", "auditor"],
  create_project: ["admin", "project_manager"],
  edit_project: ["admin", "project_manager", "communication"],
  read_history: ["admin", "project_manager", "communication", "auditor"],
  edit_references: ["admin", "project_manager"],
  manage_users: ["admin"],
  // Reviewing funding figures is the auditor's own act: it records a review, never a change to the project.
  review_funding: ["admin", "auditor"],
  // A programme an import created from a list's columns is confirmed by an admin, who owns the reference lists.
  confirm_programmes: ["admin"],
};

/** Actions whose rights hold only on the projects in the actor's scope. */
export const PROJECT_BOUND: ReadonlySet<Action> = new Set<Action>(["edit_project", "read_history"]);

export function hasRole(actor: Actor, roles: readonly Role[]): boolean {
  return actor.roles.some((r) => roles.includes(r));
}

/** True when the actor may take `action` (on project `projectId`, for project-bound actions). */
export function may(actor: Actor, action: Action, projectId?: number | null): boolean {
  if (!hasRole(actor, ACTION_ROLES[action])) return false;
  if (!PROJECT_BOUND.has(action) || projectId === undefined || projectId === null) return true;
  return inScope(actor, projectId);
}

export function inScope(actor: Actor, projectId: number): boolean {
  return actor.projectIds === null || actor.projectIds.has(projectId);
}

/**
 * What is published, and when, belongs to communication staff (and admins): the project's publication
 * day and a notice's publication moment. Project managers change everything else on their projects;
 * communication staff only the publishing fields and the public text: the description and notices,
 * which project managers may also draft. Project-level names are the project row's columns as the
 * audit trail records them; records go by their entity, a record's field by `entity.column`.
 */
export const NOTICE_PUBLICATION = "notice.published_at";
export const PUBLISHING_FIELDS: ReadonlySet<string> = new Set(["published_from", NOTICE_PUBLICATION]);
export const PUBLIC_TEXT_FIELDS: ReadonlySet<string> = new Set(["summary", "short_title", "notice"]);
/** Fields only admins change: the written reason for closing a project whose closure checklist fails. */
export const ADMIN_FIELDS: ReadonlySet<string> = new Set(["closure_reason"]);

const isPublishing = (field: string) => PUBLISHING_FIELDS.has(field);
const mayCommunicationChange = (field: string) => isPublishing(field) || PUBLIC_TEXT_FIELDS.has(field);

/**
 * The name a change of a record goes by in the permission check. A notice with a publication moment
 * (public, or scheduled to be) is the public's text: giving or changing that moment, and rewording,
 * withdrawing or deleting such a notice, is publishing. A draft is anyone's who may draft; a notice
 * only moved in its list (another one deleted before it) is not changed.
 */
export function recordChangeSubject(change: { entity: string; fields: Record<string, unknown> }, scheduled: boolean): string {
  const changed = Object.keys(change.fields).filter((f) => f !== "position");
  if (changed.length === 0) return change.entity;
  return recordSubject(change.entity, scheduled || changed.includes("published_at"));
}

/** What changing a record goes by, given whether it has (or is given) a publication moment. */
export function recordSubject(entity: string, scheduled: boolean): string {
  return entity === "notice" && scheduled ? NOTICE_PUBLICATION : entity;
}

/**
 * The first field (or record entity) of a change the actor may not make, or
 * null when the actor may make all of it. `fields` are project-level field
 * names, `records` the entities of changed records.
 */
export function forbiddenField(actor: Actor, fields: readonly string[], records: readonly string[]): string | null {
  if (actor.roles.includes("admin")) return null;
  const changed = [...fields, ...records];
  const allowed = (field: string) =>
    !ADMIN_FIELDS.has(field) &&
    ((actor.roles.includes("project_manager") && !isPublishing(field)) ||
    (actor.roles.includes("communication") && mayCommunicationChange(field)));
  return changed.find((f) => !allowed(f)) ?? null;
}

/** Roles that could make a change to `field` (for the 403 message). */
export function rolesAllowedToChange(field: string): Role[] {
  if (ADMIN_FIELDS.has(field)) return ["admin"];
  if (isPublishing(field)) return ["admin", "communication"];
  if (PUBLIC_TEXT_FIELDS.has(field)) return ["admin", "project_manager", "communication"];
  return ["admin", "project_manager"];
}
