/** Which projects a user acts on (project managers, and communication staff where restricted). */
import type { Knex } from "knex";

export async function assignProject(db: Knex, userId: number, projectId: number): Promise<void> {
  await db("project_assignments").insert({ user_id: userId, project_id: projectId }).onConflict(["user_id", "project_id"]).ignore();
}
