/**
 * A diagnostic, not part of the suite: `npx mocha --require test/helpers/memoryByFile.ts …` samples the mocha
 * process's RSS every 250 ms and, at the end, writes each test file's peak (in the order the files ran, then the
 * largest first) to MEMORY_BY_FILE_OUT, else to standard error. It is how the README's figures for the test run's
 * memory were found.
 */
import fs from "node:fs";

let file = "(loading)";
const order: string[] = [];
const peaks = new Map<string, number>();

const sample = () => {
  const mb = Math.round(process.memoryUsage().rss / 1048576);
  peaks.set(file, Math.max(peaks.get(file) ?? 0, mb));
};
setInterval(sample, 250).unref();

export const mochaHooks = {
  beforeEach(this: Mocha.Context) {
    const current = this.currentTest?.file?.split("/").slice(-2).join("/") ?? "?";
    if (current === file) return;
    sample();
    order.push(file);
    file = current;
  },
  afterAll() {
    sample();
    order.push(file);
    const line = (name: string) => `${String(peaks.get(name)).padStart(6)} MB  ${name}`;
    const largest = [...peaks.keys()].sort((a, b) => peaks.get(b)! - peaks.get(a)!);
    const report = ["Peak RSS per test file, in the order run:", ...order.map(line), "", "Largest first:", ...largest.map(line), ""].join("\n");
    if (process.env.MEMORY_BY_FILE_OUT) fs.writeFileSync(process.env.MEMORY_BY_FILE_OUT, report);
    else process.stderr.write(report);
  },
};
