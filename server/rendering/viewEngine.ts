/**
 * One Handlebars instance for every page and document: pages under
 * templates/pages rendered inside templates/layouts/main.hbs (or the layout a
 * page names), partials from templates/partials and from a feature's own
 * templates/pages/<feature>/partials. Templates get plain view models;
 * formatting is done by presenters, so the only helpers here are about markup.
 */
import fs from "node:fs";
import path from "node:path";
import Handlebars from "handlebars";
import { PROJECT_ROOT } from "../paths.js";

export const TEMPLATES_DIR = path.join(PROJECT_ROOT, "templates");

export function createHandlebars(): typeof Handlebars {
  const hbs = Handlebars.create();
  hbs.registerHelper("eq", (a: unknown, b: unknown) => a === b);
  const register = (dir: string, prefix: string) => {
    for (const file of fs.readdirSync(dir)) {
      if (file.endsWith(".hbs")) hbs.registerPartial(`${prefix}${path.basename(file, ".hbs")}`, fs.readFileSync(path.join(dir, file), "utf8"));
    }
  };
  register(path.join(TEMPLATES_DIR, "partials"), "");
  // A feature's own partials live beside its pages and go by the feature's name: `public/noticeArticle`.
  const pagesDir = path.join(TEMPLATES_DIR, "pages");
  for (const feature of fs.readdirSync(pagesDir)) {
    const own = path.join(pagesDir, feature, "partials");
    if (fs.existsSync(own)) register(own, `${feature}/`);
  }
  return hbs;
}

type Render = (file: string, options: object, callback: (error: unknown, html?: string) => void) => void;

/** An Express view engine: renders the page, then the layout around it. */
export function viewEngine(): Render {
  const hbs = createHandlebars();
  const compiled = new Map<string, Handlebars.TemplateDelegate>();
  const template = (file: string) => {
    let t = compiled.get(file);
    if (!t) {
      // preventIndent: a partial on an indented line must not indent the lines of the values it shows (a textarea's text).
      t = hbs.compile(fs.readFileSync(file, "utf8"), { strict: false, preventIndent: true });
      compiled.set(file, t);
    }
    return t;
  };
  return (file, options, callback) => {
    try {
      const body = template(file)(options);
      // `layout`: another file of templates/layouts, or false for a fragment that other pages include.
      const layout = (options as { layout?: string | false }).layout ?? "main";
      if (layout === false) return callback(null, body);
      callback(null, template(path.join(TEMPLATES_DIR, "layouts", `${layout}.hbs`))({ ...options, body }));
    } catch (error) {
      callback(error);
    }
  };
}
