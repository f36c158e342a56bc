/**
 * A progress bar for long commands (import, export): projects done, projects per second and the time
 * left, on standard error. Only on a terminal: in a pipe, a log or a scheduled job it prints nothing.
 */
import cliProgress from "cli-progress";

export interface Progress {
  /** `done` of `total` units (bytes of a file, or projects), `projects` of them so far. */
  update(done: number, projects: number): void;
  stop(): void;
}

const QUIET: Progress = { update() {}, stop() {} };

export function progressBar(label: string, total: number): Progress {
  if (!process.stderr.isTTY || total <= 0) return QUIET;
  const started = performance.now();
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {projects} projekt | {speed} projekt/s | hátra: {eta_formatted}`,
      hideCursor: true,
      etaBuffer: 20,
      fps: 5,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { projects: "0", speed: "–" });
  return {
    update(done, projects) {
      const seconds = (performance.now() - started) / 1000;
      bar.update(Math.min(done, total), {
        projects: projects.toLocaleString("hu-HU"),
        speed: seconds > 0 ? Math.round(projects / seconds).toLocaleString("hu-HU") : "–",
      });
    },
    stop() {
      bar.stop();
    },
  };
}
