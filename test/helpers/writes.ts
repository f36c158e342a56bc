/** What the write-path tests share: services over a database, the whole export, the messages of a refusal. */
import { ValidationErrors } from "../../server/errors.js";
import type { Database } from "../../server/data/database.js";
import { buildServices } from "../../server/services/index.js";

export const services = (db: Database) => buildServices(db, { publicBaseUrl: "http://localhost" });

export async function exportAll(db: Database) {
  const projects = [];
  for await (const batch of services(db).exporter.projectDocuments()) projects.push(...batch);
  return { projects };
}

/** The messages a write was refused with; fails the test if it was not refused. */
export async function rejection(promise: Promise<unknown>): Promise<string[]> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ValidationErrors) return error.errors.map((e) => e.message);
    throw error;
  }
  throw new Error("expected the write to be refused");
}
