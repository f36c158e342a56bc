/** Where login sessions live: the sessions table, through knex, on either engine. */
import { ConnectSessionKnexStore } from "connect-session-knex";
import type { Store } from "express-session";
import type { Knex } from "knex";

export const sessionStore = (knex: Knex): Store =>
  new ConnectSessionKnexStore({ knex, tableName: "sessions", createTable: false, cleanupInterval: 15 * 60_000 });
