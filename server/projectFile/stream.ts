/**
 * A project file read as a stream of text: its projects one at a time, so that a file of any size is read
 * with bounded memory. Only one project (or one other top-level value) is ever assembled at once.
 * Tokenising and assembling are stream-json's; this file only walks the document's two top levels.
 */
import { none } from "stream-chain/core";
import { jsonParser, type parser } from "stream-json/core/parser.js";
import { jsonVerifier } from "stream-json/core/utils/verifier.js";
import Assembler from "stream-json/core/assembler.js";
import { splitDocument } from "./parse.js";

/** One element of the file's `projects` array, with its place in it. */
export interface ProjectValue {
  index: number;
  value: unknown;
}

/**
 * The projects of a file, and at the end its top level: the document with its `projects` array
 * emptied (the rest as written), for the checks of the file's own shape.
 */
export type ProjectValues = AsyncGenerator<ProjectValue, unknown, undefined>;

/** A document already in memory, delivered as a streamed file is. */
export async function* documentProjects(document: unknown): ProjectValues {
  const { projects, topLevel } = splitDocument(document);
  for (const [index, value] of projects.entries()) yield { index, value };
  return topLevel;
}

type Token = parser.Token;
type TokenList = { values: Token[] } | typeof none;
const tokensOf = (out: TokenList): Token[] => (out === none ? [] : out.values);

const OPENERS = new Set(["startObject", "startArray"]);
const CLOSERS = new Set(["endObject", "endArray"]);

/** Sets a key as JSON.parse does: `__proto__` becomes an own property, never the prototype. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

/**
 * Streams the projects of a JSON text given in chunks. The text must be JSON (see `jsonProblem`); a
 * document that is not an object, or whose `projects` is not an array, yields nothing and is returned
 * as its top level (an array's elements are not kept: its shape alone is the problem).
 */
export async function* streamProjects(chunks: AsyncIterable<string>): ProjectValues {
  const parse = jsonParser({ packValues: true, streamValues: false });
  const assembler = new Assembler();
  /** Containers open around the current token: 0 outside the document, 1 in its top level. */
  let depth = 0;
  let top: unknown;
  let topObject: Record<string, unknown> | null = null;
  let key: string | null = null;
  /** What the tokens at the current place build. */
  let mode: "top" | "value" | "projects" | "project" | "skip" = "top";
  let skipDepth = 0;
  let index = 0;
  let projectsSeen = false;
  const ready: ProjectValue[] = [];

  const step = (token: Token) => {
    const opens = OPENERS.has(token.name);
    const closes = CLOSERS.has(token.name);
    switch (mode) {
      case "top":
        if (depth === 0) {
          if (token.name === "startObject") {
            topObject = {};
            top = topObject;
            depth = 1;
          } else if (token.name === "startArray") {
            top = [];
            mode = "skip";
            skipDepth = 0;
            depth = 1;
          } else {
            assembler.consume(token);
            top = assembler.current;
          }
          return;
        }
        if (token.name === "keyValue") {
          key = token.value;
          return;
        }
        if (token.name === "endObject") {
          depth = 0;
          return;
        }
        if (key === "projects" && token.name === "startArray" && !projectsSeen) {
          projectsSeen = true;
          setOwn(topObject!, "projects", []);
          mode = "projects";
          depth = 2;
          return;
        }
        mode = "value";
        break;
      case "skip":
        if (opens) depth++;
        if (closes) depth--;
        if (depth === skipDepth) mode = "top";
        return;
      case "projects":
        if (token.name === "endArray") {
          mode = "top";
          depth = 1;
          return;
        }
        mode = "project";
        break;
      default:
        break;
    }
    // "value" (another top-level key's value) or "project" (an element of `projects`): assembled whole.
    assembler.consume(token);
    if (opens) depth++;
    if (closes) depth--;
    if (!assembler.done) return;
    if (mode === "project") {
      ready.push({ index: index++, value: assembler.current });
      mode = "projects";
    } else {
      // A second `projects` key is kept as a key of its own, so the file's check names it.
      setOwn(topObject!, key === "projects" && projectsSeen ? "projects (2.)" : key!, assembler.current);
      mode = "top";
    }
  };

  for await (const chunk of chunks) {
    for (const token of tokensOf(parse(chunk) as TokenList)) step(token);
    yield* ready;
    ready.length = 0;
  }
  for (const token of tokensOf(parse(none as never) as TokenList)) step(token);
  yield* ready;
  return top;
}

/** Where a JSON text given in chunks stops being JSON (1-based line and column), "empty" for only whitespace, or null. */
export async function jsonProblem(chunks: AsyncIterable<string>): Promise<{ line: number; column: number } | "empty" | null> {
  const verify = jsonVerifier();
  let blank = true;
  try {
    for await (const chunk of chunks) {
      if (blank && chunk.trim() !== "") blank = false;
      verify(chunk);
    }
    if (blank) return "empty";
    verify(none as never);
    return null;
  } catch (error) {
    const { line, pos } = error as { line?: number; pos?: number };
    if (typeof line !== "number" || typeof pos !== "number") throw error;
    return { line, column: pos };
  }
}
