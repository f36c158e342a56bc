/**
 * The `after` cursor of the project lists (API and staff list): where the previous page ended, as an opaque
 * token. It carries the order's key (an identifier or a title's sort key may hold any character, so the public
 * index's readable `2024-03-01_17` form does not fit it) and the id, as base64url of a JSON triple. A cursor
 * is a position, not a permission: one edited by hand only moves where the page starts, but one that does not
 * decode to a position is refused, naming `after`.
 */
import { z } from "zod";
import { LIST_ORDERS, type ListAfter, type ListOrder } from "../domain/project.js";

/** Ids are 32-bit integers in the database: a larger one is no position, and must not reach a query. */
const MAX_ID = 2 ** 31 - 1;
/** Longer than any identifier or title sort key the forms let through. */
const MAX_KEY_LENGTH = 4000;

export function cursorText(after: ListAfter): string {
  return Buffer.from(JSON.stringify([after.order, after.key, after.id]), "utf8").toString("base64url");
}

function positionOf(text: string): ListAfter | undefined {
  if (!/^[A-Za-z0-9_-]{1,8000}$/.test(text)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
  if (!Array.isArray(value) || value.length !== 3) return undefined;
  const [order, key, id] = value as unknown[];
  if (!(LIST_ORDERS as readonly unknown[]).includes(order)) return undefined;
  if (typeof key !== "string" || key.length > MAX_KEY_LENGTH || key.includes("\u0000")) return undefined;
  if (!Number.isInteger(id) || (id as number) < 1 || (id as number) > MAX_ID) return undefined;
  return { order: order as ListOrder, key, id: id as number };
}

/** The `after` parameter: a cursor this app wrote (the `next` of a previous page). */
export const listCursor = z.string().transform((text, ctx): ListAfter => {
  const position = positionOf(text.trim());
  if (position === undefined) {
    ctx.addIssue({ code: "custom", message: "ez nem a lapozás hivatkozása (egy előző oldal next értéke); kezdje az első oldalon" });
    return z.NEVER;
  }
  return position;
});
