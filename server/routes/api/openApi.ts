/**
 * The OpenAPI 3 document at /api/v1/openapi.json, generated from the zod
 * schemas the API parses with (apiSchemas.ts, the project file's schema),
 * and a readable page of it at /api.
 */
import { OpenAPIRegistry, OpenApiGeneratorV3 } from "@asteasolutions/zod-to-openapi";
import { Router } from "express";
import { z } from "zod";
import { projectSchema } from "../../projectFile/schema.js";
import { EDITABLE_LISTS } from "../../services/projectEditService.js";
import type { Services } from "../../services/index.js";
import { REVIEW_SORTS, REVIEW_STATES } from "../../domain/review.js";
import { addRecordRequest, editResult, errorResponse, updateProjectRequest, updateRecordRequest } from "./apiSchemas.js";

interface Operation {
  method: "get" | "post" | "patch" | "delete";
  path: string;
  summary: string;
  token: boolean;
  params?: Array<"key" | "list" | "uid">;
  query?: z.ZodObject;
  /** A schema, or "Project" for the project file's project. */
  body?: z.ZodType | "Project";
  ok: { status: number; description: string; schema?: z.ZodType };
}

const key = z.string().openapi({ description: "Projektazonosító (bármely elfogadott írásmóddal) vagy a projekt id-je." });
const PARAMS = {
  key,
  list: z.enum(EDITABLE_LISTS).openapi({ description: "A rekordlista neve." }),
  uid: z.string().uuid().openapi({ description: "A rekord uid-je." }),
};

const reviewTableParameters = z.object({
  programme: z.string().optional().openapi({ description: "Operatív program kódja, pl. KÖFOP." }),
  status: z.string().optional().openapi({ description: "Állapot (kód vagy magyar név)." }),
  review: z.enum(REVIEW_STATES).optional().openapi({ description: "changed: a legutóbbi felülvizsgálat óta változott; unreviewed: nem volt felülvizsgálva; current: azóta változatlan." }),
  findings: z.enum(["yes", "no"]).optional().openapi({ description: "Van-e ellenőrzési megállapítása." }),
  sort: z.enum(REVIEW_SORTS).optional(),
  order: z.enum(["asc", "desc"]).optional(),
  limit: z.string().optional().openapi({ description: "1–200, alapértelmezés 50." }),
  after: z.string().optional().openapi({ description: "Az előző válasz next értéke." }),
});

const OPERATIONS: Operation[] = [
  {
    method: "get",
    path: "/api/v1/projects",
    summary:
      "Nyilvános projektek listája (szűrés: programme, status, beneficiary, q; rendezés: sort; lapozás: limit, after — az előző válasz next értéke —, vagy offset legfeljebb 10000-ig)",
    token: false,
    ok: {
      status: 200,
      description:
        "A lista egy oldala (items), a következő oldal kezdete (next, vagy null az utolsó oldalon) és a projektek száma (total; totalIsApproximate: becslés vagy alsó korlát, totalIsLowerBound: több mint total).",
    },
  },
  { method: "get", path: "/api/v1/projects/{key}", summary: "Egy nyilvános projekt", token: false, params: ["key"], ok: { status: 200, description: "A projekt nyilvános adatai." } },
  {
    method: "get",
    path: "/api/v1/funding-review",
    summary: "A pénzügyi felülvizsgálat táblája: a projektek számai és a szűrt projektek összesen (szűrés: programme, status, review, findings; rendezés: sort, order; lapozás: limit, after)",
    token: true,
    query: reviewTableParameters,
    ok: { status: 200, description: "Egy oldal (items), az összes szűrt projekt összesítése (totals) és a következő oldal kezdete (next, vagy null)." },
  },
  { method: "get", path: "/api/v1/me", summary: "Kié a token, és mit tehet", token: true, ok: { status: 200, description: "A token tulajdonosa és szerepkörei." } },
  {
    method: "get",
    path: "/api/v1/projects/{key}/document",
    summary: "Egy projekt minden tárolt adata, a változatokkal, amelyekre az írások hivatkoznak",
    token: true,
    params: ["key"],
    ok: { status: 200, description: "A projekt dokumentuma (a projektfájl alakjában), a projekt és a rekordok változatai." },
  },
  {
    method: "post",
    path: "/api/v1/projects",
    summary: "Új projekt (a projektmenedzser hozzá lesz rendelve)",
    token: true,
    body: "Project",
    ok: { status: 201, description: "A projekt létrejött.", schema: editResult },
  },
  {
    method: "patch",
    path: "/api/v1/projects/{key}",
    summary: "A projekt mezőinek módosítása",
    token: true,
    params: ["key"],
    body: updateProjectRequest,
    ok: { status: 200, description: "Mentve.", schema: editResult },
  },
  {
    method: "post",
    path: "/api/v1/projects/{key}/records/{list}",
    summary: "Új rekord egy listában (mérföldkő, eredménytermék, rendezvény …)",
    token: true,
    params: ["key", "list"],
    body: addRecordRequest,
    ok: { status: 201, description: "A rekord létrejött.", schema: editResult },
  },
  {
    method: "patch",
    path: "/api/v1/projects/{key}/records/{list}/{uid}",
    summary: "Egy rekord módosítása",
    token: true,
    params: ["key", "list", "uid"],
    body: updateRecordRequest,
    ok: { status: 200, description: "Mentve.", schema: editResult },
  },
  {
    method: "delete",
    path: "/api/v1/projects/{key}/records/{list}/{uid}",
    summary: "Egy rekord törlése",
    token: true,
    params: ["key", "list", "uid"],
    query: z.object({ version: z.number().int().openapi({ description: "A rekord változata, amelyre a törlés épül." }) }),
    ok: { status: 200, description: "Törölve.", schema: editResult },
  },
  {
    method: "post",
    path: "/api/v1/projects/{key}/amendments",
    summary: "Szerződésmódosítás rögzítése: hatálybalépésétől az általa megadott összegek érvényesek",
    token: true,
    params: ["key"],
    body: addRecordRequest,
    ok: { status: 201, description: "A módosítás rögzítve.", schema: editResult },
  },
];

const ERRORS: Record<number, string> = {
  400: "Hibás kérés: a details mezőnként nevezi meg a hibát.",
  401: "Hiányzó, ismeretlen vagy visszavont token.",
  403: "A szerepkör vagy a projekt-hozzárendelés nem engedi; field: a mező, amelyhez nincs jog.",
  404: "Nincs ilyen projekt vagy rekord.",
  409: "A projektet vagy a rekordot közben módosították: changes sorolja, mi változott.",
};

export function openApiDocument(baseUrl: string) {
  const registry = new OpenAPIRegistry();
  // The project file's schema was built before zod was extended for OpenAPI: a copy made now can carry its name.
  const project = registry.register("Project", z.strictObject(projectSchema.shape));
  registry.register("Error", errorResponse);
  const bearer = registry.registerComponent("securitySchemes", "token", {
    type: "http",
    scheme: "bearer",
    description: "API-token a /kezelo/profil oldalról: a tulajdonos jogosultságaival és nevében ír.",
  });
  for (const op of OPERATIONS) {
    const errors = op.token ? [400, 401, 403, 404, 409] : [400, 404];
    registry.registerPath({
      method: op.method,
      path: op.path,
      summary: op.summary,
      ...(op.token ? { security: [{ [bearer.name]: [] }] } : {}),
      request: {
        ...(op.params ? { params: z.object(Object.fromEntries(op.params.map((p) => [p, PARAMS[p]]))) } : {}),
        ...(op.query ? { query: op.query } : {}),
        ...(op.body ? { body: { content: { "application/json": { schema: op.body === "Project" ? project : op.body } } } } : {}),
      },
      responses: {
        [op.ok.status]: {
          description: op.ok.description,
          ...(op.ok.schema ? { content: { "application/json": { schema: op.ok.schema } } } : {}),
        },
        ...Object.fromEntries(errors.map((s) => [s, { description: ERRORS[s]!, content: { "application/json": { schema: errorResponse } } }])),
      },
    });
  }
  return new OpenApiGeneratorV3(registry.definitions).generateDocument({
    openapi: "3.0.3",
    info: {
      title: "Projekttár API",
      version: "1",
      description: "Uniós projektek nyilvános adatai, és írás API-tokennel. Összegek egész forintban; dátumok ISO alakban vagy ahogy a projektfájl elfogadja.",
    },
    servers: [{ url: baseUrl }],
  });
}

export function openApiRoutes(services: Services): Router {
  const router = Router();
  // Built at the first request, not at start: generating it is a tenth of a second of every start otherwise.
  let document: ReturnType<typeof openApiDocument> | undefined;
  const methods = OPERATIONS.map((op) => ({
    method: op.method.toUpperCase(),
    path: op.path,
    summary: op.summary,
    token: op.token,
  }));
  router.get("/api/v1/openapi.json", (_req, res) => {
    res.json((document ??= openApiDocument(services.settings.publicBaseUrl)));
  });
  router.get("/api", (_req, res) => {
    res.render("pages/api/docs.hbs", { pageTitle: "API", operations: methods, lists: EDITABLE_LISTS });
  });
  return router;
}
