/** What a failing request shows: never the program's insides, except to a developer who asked for them. */
import * as cheerio from "cheerio";
import { expect } from "chai";
import type { Database } from "../../server/data/database.js";
import { testApp } from "../helpers/app.js";
import { openTestDatabase } from "../helpers/database.js";

// A stack frame as V8 writes it: "at name (file:line:column)" or "at file:line:column".
const STACK_FRAME = /\bat .*:\d+:\d+/;

describe("error pages", () => {
  let broken: Database;

  // A closed database makes every page that reads it fail with an internal error.
  before(async () => {
    broken = await openTestDatabase();
    await broken.close();
  });

  it("shows no stack trace or internal message on a 500 page outside development", async () => {
    const { text } = await testApp(broken, { showErrorDetails: false }).request.get("/").expect(500);
    const $ = cheerio.load(text);
    expect($("h1").text()).to.equal("Hiba történt");
    expect($("main p").first().text()).to.equal("Váratlan hiba történt. Kérjük, próbálja újra később.");
    expect($(".stack")).to.have.length(0);
    expect($("main").text()).to.not.match(STACK_FRAME);
    expect(text).to.not.contain("node_modules");
  });

  it("answers the API's 500 with only a general message", async () => {
    const { body } = await testApp(broken, { showErrorDetails: false }).request.get("/api/v1/projects").expect(500);
    expect(body).to.deep.equal({ error: { message: "Váratlan hiba történt. Kérjük, próbálja újra később." } });
  });

  // The counterpart of the first test: the same page does carry the stack when asked, so its absence above is real.
  it("shows the stack trace when NODE_ENV=development asks for it", async () => {
    const { text } = await testApp(broken, { showErrorDetails: true }).request.get("/").expect(500);
    expect(cheerio.load(text)(".stack").text()).to.match(STACK_FRAME);
  });
});
