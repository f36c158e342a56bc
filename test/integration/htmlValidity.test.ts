/**
 * The public site is valid HTML to the W3C Nu checker (vnu-jar): the index, search results and a filtered page,
 * every project page of the test portfolio (each period and state), an embeddable page, the news, a notice and
 * the open-data page.
 */
import * as cheerio from "cheerio";
import { expect } from "chai";
import { usePortfolioApp } from "../helpers/app.js";
import { htmlErrors, javaAvailable } from "../helpers/htmlValidator.js";

describe("public pages are valid HTML", function () {
  this.timeout(300_000);
  const context = usePortfolioApp();

  it("to the W3C Nu checker", async function () {
    if (!(await javaAvailable())) {
      // CI (set by .ci/run) configures the test run, not the app.
      if (process.env.CI) throw new Error("java is missing: CI must install it for the W3C checker");
      this.skip();
    }
    const get = async (path: string) => (await context.request.get(path).expect(200)).text;
    const index = await get("/");
    const projectPaths = [...new Set(cheerio.load(index)("a[href^='/projektek/']").map((_i, a) => cheerio.load(index)(a).attr("href")).get())];
    expect(projectPaths.length).to.be.greaterThan(5);
    const news = await get("/hirek");
    const noticePath = cheerio.load(news)("a[href^='/hirek/']").first().attr("href");
    const pages: Record<string, string> = {
      "/": index,
      "/?q=fejlesztés": await get(`/?q=${encodeURIComponent("fejlesztés")}`),
      "/?status=closed": await get("/?status=closed"),
      "/hirek": news,
      "/nyilt-adatok": await get("/nyilt-adatok"),
      [`${projectPaths[0]}/beagyazott`]: await get(`${projectPaths[0]}/beagyazott`),
    };
    if (noticePath) pages[noticePath] = await get(noticePath);
    for (const path of projectPaths) pages[path] = await get(path);
    expect(await htmlErrors(pages)).to.deep.equal([]);
  });
});
