/**
 * Every write a person or a script can send, as the hostile-input properties aim at it. A new form or API
 * write is covered by adding an entry here: hostileInput.test.ts fails while a state-changing route of the
 * route table is neither listed nor exempted below with its reason.
 */
import { DONE_FIELDS, fieldsOf, LIST_FORMS, NEW_PROJECT_FORM, PROJECT_FORM } from "../../server/presenters/editForms.js";
import { projectSchema } from "../../server/projectFile/schema.js";
import { EDITABLE_LISTS, type EditableList } from "../../server/services/projectEditService.js";
import type { World } from "./world.js";

export interface WriteTarget {
  /** As the route table names it: `POST /kezelo/szervezetek/:id`. */
  route: string;
  /** A staff form (urlencoded, session and CSRF token) or an API write (JSON, bearer token). */
  via: "form" | "api";
  /** Variants of one route, e.g. each list of `…/:list/uj`; `[""]` when there are none. */
  variants: readonly string[];
  /** The fields a request may carry (dotted names nest in JSON bodies). */
  fields(variant: string): readonly string[];
  path(world: World, variant: string): Promise<string>;
  /** What a valid request carries besides the fuzzed fields (a version), read afresh; a fuzzed field of the same name wins. */
  fixed?(world: World, variant: string): Promise<Record<string, string | number>>;
  /** The API's DELETE takes its fields in the query string, not a body. */
  inQuery?: boolean;
}

const STAFF = "/kezelo/projektek";
const LIST_SLUGS = EDITABLE_LISTS.map((list) => LIST_FORMS[list].slug);
const listOfSlug = (slug: string) => EDITABLE_LISTS.find((list) => LIST_FORMS[list].slug === slug) as EditableList;
const formFieldNames = (list: EditableList) => LIST_FORMS[list].fields.map((f) => f.name);
/** A project's fields as the project file and the API name them, nested ones dotted. */
export const PROJECT_FIELDS = [...new Set([...Object.keys(projectSchema.shape), ...fieldsOf(PROJECT_FORM).map((f) => f.name)])];
const DONE_SLUGS = EDITABLE_LISTS.filter((list) => DONE_FIELDS[list]).map((list) => LIST_FORMS[list].slug);

const project = (world: World) => `${STAFF}/${world.projectKey}`;
const apiProject = (world: World) => `/api/v1/projects/${world.projectKey}`;
const none = () => [] as const;

const REFERENCE_FORMS = {
  organisation: { base: "/kezelo/szervezetek", fields: ["name", "taxNumber", "address", "phone", "email", "website"] },
  programme: { base: "/kezelo/programok", fields: ["code", "name", "period", "instrument"] },
  call: { base: "/kezelo/felhivasok", fields: ["code", "title", "programme"] },
} as const;

const referenceTargets = Object.entries(REFERENCE_FORMS).flatMap(([kind, { base, fields }]): WriteTarget[] => [
  { route: `POST ${base}`, via: "form", variants: [""], fields: () => fields, path: async () => base },
  {
    route: `POST ${base}/:id`,
    via: "form",
    variants: [""],
    fields: () => [...fields, "version"],
    path: async (world) => `${base}/${world.referenceIds[kind as keyof typeof REFERENCE_FORMS]}`,
    fixed: async (world) => ({ version: await world.referenceVersion(kind as keyof typeof REFERENCE_FORMS) }),
  },
]);

/** The auditor's review of a project's figures, and an admin's confirmation of a programme an import created. */
const reviewTargets: WriteTarget[] = [
  {
    route: "POST /kezelo/felulvizsgalat/:key",
    via: "form",
    variants: [""],
    fields: () => ["reviewedOn", "outcome", "comment", "version"],
    path: async (world) => `/kezelo/felulvizsgalat/${world.projectKey}`,
    fixed: async (world) => ({ version: await world.projectVersion() }),
  },
  {
    route: "POST /kezelo/programok/:id/megerosites",
    via: "form",
    variants: [""],
    fields: () => ["version"],
    path: async (world) => `/kezelo/programok/${world.referenceIds.programme}/megerosites`,
    fixed: async (world) => ({ version: await world.referenceVersion("programme") }),
  },
];

export const WRITE_TARGETS: readonly WriteTarget[] = [
  // Project edit forms
  { route: `POST ${STAFF}/uj`, via: "form", variants: [""], fields: () => ["kod", ...fieldsOf(NEW_PROJECT_FORM).map((f) => f.name)], path: async () => `${STAFF}/uj` },
  {
    route: `POST ${STAFF}/:key/szerkesztes`,
    via: "form",
    variants: [""],
    fields: () => [...fieldsOf(PROJECT_FORM).map((f) => f.name), "version"],
    path: async (world) => `${project(world)}/szerkesztes`,
    fixed: async (world) => ({ version: await world.projectVersion() }),
  },
  {
    route: `POST ${STAFF}/:key/:list/uj`,
    via: "form",
    variants: LIST_SLUGS,
    fields: (slug) => formFieldNames(listOfSlug(slug)),
    path: async (world, slug) => `${project(world)}/${slug}/uj`,
  },
  {
    route: `POST ${STAFF}/:key/:list/:uid`,
    via: "form",
    variants: LIST_SLUGS,
    fields: (slug) => [...formFieldNames(listOfSlug(slug)), "version"],
    path: async (world, slug) => `${project(world)}/${slug}/${(await world.record(listOfSlug(slug))).uid}`,
    fixed: async (world, slug) => ({ version: (await world.record(listOfSlug(slug))).version }),
  },
  {
    // Only hostile versions: a deletion at the right version is a deletion, not a rejection to check.
    route: `POST ${STAFF}/:key/:list/:uid/torles`,
    via: "form",
    variants: LIST_SLUGS,
    fields: () => ["version"],
    path: async (world, slug) => `${project(world)}/${slug}/${(await world.record(listOfSlug(slug))).uid}/torles`,
  },
  {
    route: `POST ${STAFF}/:key/:list/:uid/teljesitve`,
    via: "form",
    variants: DONE_SLUGS,
    fields: (slug) => [DONE_FIELDS[listOfSlug(slug)]!, "version"],
    path: async (world, slug) => `${project(world)}/${slug}/${(await world.record(listOfSlug(slug))).uid}/teljesitve`,
    fixed: async (world, slug) => ({ version: (await world.record(listOfSlug(slug))).version }),
  },
  ...referenceTargets,
  ...reviewTargets,
  // Accounts
  { route: "POST /belepes", via: "form", variants: [""], fields: () => ["email", "password", "vissza"], path: async () => "/belepes" },
  { route: "POST /kezelo/jelszo", via: "form", variants: [""], fields: () => ["current", "password", "confirmation"], path: async () => "/kezelo/jelszo" },
  { route: "POST /kezelo/profil/tokenek", via: "form", variants: [""], fields: () => ["name"], path: async () => "/kezelo/profil/tokenek" },
  {
    route: "POST /kezelo/profil/tokenek/:id/visszavonas",
    via: "form",
    variants: [""],
    fields: none,
    path: async (world) => `/kezelo/profil/tokenek/${world.spareTokenId}/visszavonas`,
  },
  { route: "POST /kezelo/profil/naptar", via: "form", variants: [""], fields: none, path: async () => "/kezelo/profil/naptar" },
  { route: "POST /kezelo/profil/naptar/visszavonas", via: "form", variants: [""], fields: none, path: async () => "/kezelo/profil/naptar/visszavonas" },
  { route: "POST /kezelo/felhasznalok/uj", via: "form", variants: [""], fields: () => ["email", "name", "roles", "restricted"], path: async () => "/kezelo/felhasznalok/uj" },
  {
    route: "POST /kezelo/felhasznalok/:id",
    via: "form",
    variants: [""],
    fields: () => ["roles", "restricted", "active"],
    path: async (world) => `/kezelo/felhasznalok/${world.otherUserId}`,
  },
  {
    route: "POST /kezelo/felhasznalok/:id/hozzarendeles",
    via: "form",
    variants: [""],
    fields: () => ["project"],
    path: async (world) => `/kezelo/felhasznalok/${world.otherUserId}/hozzarendeles`,
  },
  { route: "POST /kezelo/felhasznalok/:id/jelszo", via: "form", variants: [""], fields: none, path: async (world) => `/kezelo/felhasznalok/${world.otherUserId}/jelszo` },
  // API writes
  { route: "POST /api/v1/projects", via: "api", variants: [""], fields: () => PROJECT_FIELDS, path: async () => "/api/v1/projects" },
  {
    route: "PATCH /api/v1/projects/:key",
    via: "api",
    variants: [""],
    fields: () => ["version", ...PROJECT_FIELDS.map((f) => `changes.${f}`)],
    path: async (world) => apiProject(world),
    fixed: async (world) => ({ version: await world.projectVersion() }),
  },
  {
    route: "POST /api/v1/projects/:key/records/:list",
    via: "api",
    variants: EDITABLE_LISTS,
    fields: (list) => ["projectVersion", ...formFieldNames(list as EditableList).map((f) => `record.${f}`)],
    path: async (world, list) => `${apiProject(world)}/records/${list}`,
  },
  {
    route: "PATCH /api/v1/projects/:key/records/:list/:uid",
    via: "api",
    variants: EDITABLE_LISTS,
    fields: (list) => ["version", ...formFieldNames(list as EditableList).map((f) => `changes.${f}`)],
    path: async (world, list) => `${apiProject(world)}/records/${list}/${(await world.record(list as EditableList)).uid}`,
    fixed: async (world, list) => ({ version: (await world.record(list as EditableList)).version }),
  },
  {
    // Only hostile versions, as for the form's deletion.
    route: "DELETE /api/v1/projects/:key/records/:list/:uid",
    via: "api",
    variants: EDITABLE_LISTS,
    fields: () => ["version"],
    path: async (world, list) => `${apiProject(world)}/records/${list}/${(await world.record(list as EditableList)).uid}`,
    inQuery: true,
  },
  {
    route: "POST /api/v1/projects/:key/amendments",
    via: "api",
    variants: [""],
    fields: () => ["projectVersion", ...formFieldNames("amendments").map((f) => `record.${f}`)],
    path: async (world) => `${apiProject(world)}/amendments`,
  },
];

/** State-changing routes the properties leave alone, and why. */
export const EXEMPT_ROUTES: Readonly<Record<string, string>> = {
  "POST /kilepes": "takes no input and ends the session the cases are sent in",
  "POST /kezelo/import":
    "a multipart file upload, not form fields: its hostile spreadsheets (wrong amounts, unknown identifiers, renamed or missing columns, 50 MB) are in spreadsheets.test.ts",
  "POST /kezelo/import/:id": "confirms a staged upload by its id and reads no field: unknown, expired and stale uploads are refused in spreadsheets.test.ts",
};
