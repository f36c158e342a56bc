import { pino, type DestinationStream, type Logger } from "pino";

export type { Logger };

/** Secrets never reach the log: cookies and bearer tokens are redacted, and URLs are logged by requestPath. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, redact: ["req.headers.cookie", "req.headers.authorization"] };
  return destination ? pino(options, destination) : pino(options);
}

/** A request's URL as logged: the secret calendar address (`/naptar/<key>.ics`) is a password, so its key is left out. */
export function loggedUrl(url: string): string {
  return url.replace(/^\/naptar\/[^?#]*/, "/naptar/[titkos]");
}
