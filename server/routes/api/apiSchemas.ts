/**
 * The API's write requests, described once with zod: the routes parse with
 * these, and the OpenAPI document is generated from them and from the
 * project file's own schema, so documentation and behaviour cannot drift.
 */
import { extendZodWithOpenApi } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { projectSchema } from "../../projectFile/schema.js";
import { EDITABLE_LISTS, type EditableList } from "../../services/projectEditService.js";

extendZodWithOpenApi(z);

/** One record of a list, as the project file gives it (e.g. a milestone). */
export function recordSchema(list: EditableList): z.ZodType {
  return (projectSchema.shape[list] as unknown as z.ZodOptional<z.ZodArray<z.ZodType>>).unwrap().element;
}

const version = z.number({ error: "egész szám kell" }).int("egész szám kell").min(1, "legalább 1");

/** Fields of a project as the project file names them; records are changed one by one, not here. */
const projectFields = z.record(z.string(), z.unknown()).openapi({
  description: "A projekt mezői a projektfájl neveivel és szavaival (lásd Project); csak a megadottak változnak.",
});

export const updateProjectRequest = z
  .strictObject({
    version: version.openapi({ description: "A projekt változata, amelyre a módosítás épül (a GET …/document adja)." }),
    changes: projectFields,
  })
  .openapi("UpdateProjectRequest");

export const addRecordRequest = z
  .strictObject({
    record: z.record(z.string(), z.unknown()).openapi({ description: "Egy rekord a lista elemének alakjában (lásd Project)." }),
    projectVersion: version.optional().openapi({ description: "Ha megadja: csak akkor íródik, ha a projekt azóta nem változott." }),
  })
  .openapi("AddRecordRequest");

export const updateRecordRequest = z
  .strictObject({
    version: version.openapi({ description: "A rekord változata, amelyre a módosítás épül." }),
    changes: z.record(z.string(), z.unknown()).openapi({ description: "A rekord megváltozó mezői." }),
  })
  .openapi("UpdateRecordRequest");

export const deleteRecordQuery = z.strictObject({
  version: z.coerce.number({ error: "egész szám kell" }).pipe(version),
});

export const listParam = z.enum(EDITABLE_LISTS, { error: `ismeretlen lista; lehet: ${EDITABLE_LISTS.join(", ")}` });

export const editResult = z
  .object({
    key: z.string().openapi({ description: "A projekt kulcsa az URL-ekben (azonosító, ha van, különben id)." }),
    id: z.number().int(),
    version: z.number().int().openapi({ description: "A projekt új változata." }),
    recordUid: z.string().uuid().optional(),
  })
  .openapi("EditResult");

export const errorResponse = z
  .object({
    error: z.object({
      message: z.string(),
      details: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
      field: z.string().optional().openapi({ description: "403: a mező, amelyhez a szerepkör nem elég." }),
      changes: z
        .array(z.object({ version: z.number().nullable(), actor: z.string(), recordedAt: z.string(), fields: z.array(z.string()) }))
        .optional()
        .openapi({ description: "409: ami a megadott változat óta történt." }),
    }),
  })
  .openapi("Error");
