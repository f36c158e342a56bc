/**
 * Periods, instruments and funds become tables an admin can edit, seeded with
 * today's lists; programmes refer to them instead of a CHECK list. The seed is
 * a snapshot written here on purpose: migrations never import application code.
 */
import type { Knex } from "knex";

const PERIODS = [
  ["2007-2013", "2007–2013 (Új Magyarország Fejlesztési Terv, Új Széchenyi Terv)"],
  ["2014-2020", "2014–2020 (Széchenyi 2020)"],
  ["2021-2027", "2021–2027 (Széchenyi Terv Plusz)"],
];

const INSTRUMENTS = [
  ["cohesion", "Európai strukturális és beruházási alapok (kohéziós politika)"],
  ["rrf", "Helyreállítási és Ellenállóképességi Eszköz"],
];

/** Funds named in full; GUAUF, BBA, HAVE and MMIA appear in the national list of 2021–27 projects. */
const FUNDS = [
  ["ERFA", "Európai Regionális Fejlesztési Alap"],
  ["ESZA", "Európai Szociális Alap"],
  ["ESZA+", "Európai Szociális Alap Plusz"],
  ["KA", "Kohéziós Alap"],
  ["JTF", "Igazságos Átmenet Alap"],
  ["ETHA", "Európai Tengerügyi és Halászati Alap"],
  ["ETHAA", "Európai Tengerügyi, Halászati és Akvakultúra-alap"],
  ["EMVA", "Európai Mezőgazdasági Vidékfejlesztési Alap"],
  ["RRF", "Helyreállítási és Ellenállóképességi Eszköz"],
  ["BBA", "Belső Biztonsági Alap"],
  ["HAVE", "Határigazgatási és Vízumpolitikai Eszköz"],
  ["MMIA", "Menekültügyi, Migrációs és Integrációs Alap"],
  // The national list uses this code without naming it; an admin can complete the name.
  ["GUAUF", "GUAUF"],
];

const PROGRAMMES: Array<[string, string, string]> = [
  ["ÁROP", "Államreform Operatív Program", "2007-2013"],
  ["EKOP", "Elektronikus Közigazgatás Operatív Program", "2007-2013"],
  ["TÁMOP", "Társadalmi Megújulás Operatív Program", "2007-2013"],
  ["TIOP", "Társadalmi Infrastruktúra Operatív Program", "2007-2013"],
  ["KEOP", "Környezet és Energia Operatív Program", "2007-2013"],
  ["GOP", "Gazdaságfejlesztési Operatív Program", "2007-2013"],
  ["KÖZOP", "Közlekedés Operatív Program", "2007-2013"],
  ["KMOP", "Közép-Magyarországi Operatív Program", "2007-2013"],
  ["DAOP", "Dél-Alföldi Operatív Program", "2007-2013"],
  ["DDOP", "Dél-Dunántúli Operatív Program", "2007-2013"],
  ["ÉAOP", "Észak-Alföldi Operatív Program", "2007-2013"],
  ["ÉMOP", "Észak-Magyarországi Operatív Program", "2007-2013"],
  ["KDOP", "Közép-Dunántúli Operatív Program", "2007-2013"],
  ["NYDOP", "Nyugat-Dunántúli Operatív Program", "2007-2013"],
  ["GINOP", "Gazdaságfejlesztési és Innovációs Operatív Program", "2014-2020"],
  ["EFOP", "Emberi Erőforrás Fejlesztési Operatív Program", "2014-2020"],
  ["KEHOP", "Környezeti és Energiahatékonysági Operatív Program", "2014-2020"],
  ["IKOP", "Integrált Közlekedésfejlesztési Operatív Program", "2014-2020"],
  ["TOP", "Terület- és Településfejlesztési Operatív Program", "2014-2020"],
  ["VEKOP", "Versenyképes Közép-Magyarország Operatív Program", "2014-2020"],
  ["KÖFOP", "Közigazgatás- és Közszolgáltatás-fejlesztési Operatív Program", "2014-2020"],
  ["RSZTOP", "Rászoruló Személyeket Támogató Operatív Program", "2014-2020"],
  ["MAHOP", "Magyar Halgazdálkodási Operatív Program", "2014-2020"],
  ["VP", "Vidékfejlesztési Program", "2014-2020"],
  ["GINOP_PLUSZ", "Gazdaságfejlesztési és Innovációs Operatív Program Plusz", "2021-2027"],
  ["EFOP_PLUSZ", "Emberi Erőforrás Fejlesztési Operatív Program Plusz", "2021-2027"],
  ["KEHOP_PLUSZ", "Környezeti és Energiahatékonysági Operatív Program Plusz", "2021-2027"],
  ["IKOP_PLUSZ", "Integrált Közlekedésfejlesztési Operatív Program Plusz", "2021-2027"],
  ["TOP_PLUSZ", "Terület- és Településfejlesztési Operatív Program Plusz", "2021-2027"],
  ["DIMOP_PLUSZ", "Digitális Megújulás Operatív Program Plusz", "2021-2027"],
  ["MAHOP_PLUSZ", "Magyar Akvakultúra és Halászati Operatív Program Plusz", "2021-2027"],
  ["VOP_PLUSZ", "Végrehajtási Operatív Program Plusz", "2021-2027"],
];

function codeAndName(t: Knex.CreateTableBuilder, table: string): void {
  t.increments("id");
  t.text("code").notNullable().unique();
  t.text("name").notNullable();
  t.timestamps(true, true);
  t.check("btrim(code) <> ''", [], `${table}_code_present`);
  t.check("btrim(name) <> ''", [], `${table}_name_present`);
}

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("periods", (t) => codeAndName(t, "periods"));
  await knex.schema.createTable("instruments", (t) => codeAndName(t, "instruments"));
  await knex.schema.createTable("funds", (t) => codeAndName(t, "funds"));
  await knex("periods").insert(PERIODS.map(([code, name]) => ({ code, name })));
  await knex("instruments").insert(INSTRUMENTS.map(([code, name]) => ({ code, name })));
  await knex("funds").insert(FUNDS.map(([code, name]) => ({ code, name })));

  await knex.raw("alter table programmes drop constraint programmes_period_known");
  await knex.schema.alterTable("programmes", (t) => {
    t.foreign("period").references("periods.code").onUpdate("CASCADE").onDelete("RESTRICT");
    t.text("instrument").notNullable().defaultTo("cohesion");
    t.foreign("instrument").references("instruments.code").onUpdate("CASCADE").onDelete("RESTRICT");
  });
  await knex("programmes")
    .insert(PROGRAMMES.map(([code, name, period]) => ({ code, name, period })))
    .onConflict("code")
    .ignore();
  await knex("programmes").insert({
    code: "RRF",
    name: "Magyarország Helyreállítási és Ellenállóképességi Terve",
    period: "2021-2027",
    instrument: "rrf",
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("programmes", (t) => {
    t.dropForeign("period");
    t.dropForeign("instrument");
    t.dropColumn("instrument");
  });
  await knex.raw(
    "alter table programmes add constraint programmes_period_known check (period in ('2007-2013', '2014-2020', '2021-2027'))",
  );
  await knex.schema.dropTable("funds");
  await knex.schema.dropTable("instruments");
  await knex.schema.dropTable("periods");
}
