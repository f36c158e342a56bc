/**
 * The keys of the projects an import has already written, kept in a temporary table of the import's
 * transaction (dropped at its end), so that a file of any size can say "this project came earlier, at
 * projects[3]" without holding every key in memory.
 */
import type { Knex } from "knex";

/** One page of a big `where key = any(…)` or insert. */
const PAGE = 5_000;

export class ImportKeys {
  private created = false;

  constructor(private readonly trx: Knex.Transaction) {}

  /** The earliest place of each of `keys` remembered so far. */
  async placesOf(keys: readonly string[]): Promise<Map<string, string>> {
    const places = new Map<string, string>();
    if (!this.created || keys.length === 0) return places;
    const unique = [...new Set(keys)];
    for (let i = 0; i < unique.length; i += PAGE) {
      const { rows } = await this.trx.raw(`select key, place from import_keys where key = any(?::text[])`, [unique.slice(i, i + PAGE)]);
      for (const row of rows as Array<{ key: string; place: string }>) places.set(row.key, row.place);
    }
    return places;
  }

  /** Remembers each key with its place; a key already remembered keeps its earlier place. */
  async remember(entries: ReadonlyArray<{ key: string; place: string }>): Promise<void> {
    if (entries.length === 0) return;
    if (!this.created) {
      await this.trx.raw("create temporary table import_keys (key text primary key, place text not null) on commit drop");
      this.created = true;
    }
    for (let i = 0; i < entries.length; i += PAGE) {
      const page = entries.slice(i, i + PAGE);
      await this.trx.raw(
        `insert into import_keys (key, place) select * from unnest(?::text[], ?::text[]) on conflict (key) do nothing`,
        [page.map((e) => e.key), page.map((e) => e.place)],
      );
    }
  }
}
