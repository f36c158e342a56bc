/**
 * Typed errors shared by every layer. Each carries an HTTP status so the one
 * error handler can answer without knowing where the error came from.
 */

/** Input that breaks a domain rule: a malformed amount, date, identifier... */
export class ValidationError extends Error {
  readonly status = 400;
  constructor(
    message: string,
    /** Where the bad value was, e.g. `projects[2].funding.grant`; empty when not known. */
    readonly path: string = "",
  ) {
    super(path ? `${path}: ${message}` : message);
    this.name = "ValidationError";
  }

  /** The same error, located under `prefix` (used when a parser runs inside a bigger document). */
  at(prefix: string): ValidationError {
    const path = this.path ? `${prefix}.${this.path}` : prefix;
    return new ValidationError(this.rawMessage(), path);
  }

  rawMessage(): string {
    return this.path ? this.message.slice(this.path.length + 2) : this.message;
  }
}

/** Several validation errors found in one document; nothing was written. */
export class ValidationErrors extends Error {
  readonly status = 400;
  constructor(
    readonly errors: ValidationError[],
    /** How many problems were found in all, when `errors` lists only the first of them. */
    readonly total: number = errors.length,
  ) {
    super(errors.map((e) => e.message).join("\n"));
    this.name = "ValidationErrors";
  }
}

/** A project cannot be closed: its closure checklist fails. One error per unmet item; `unmet` names the items for programs. */
export class ClosureRefusedError extends ValidationErrors {
  constructor(
    errors: ValidationError[],
    readonly unmet: string[],
  ) {
    super(errors);
    this.name = "ClosureRefusedError";
  }
}

export class NotFoundError extends Error {
  readonly status = 404;
  constructor(message: string) {
    super(message);
    this.name = "NotFoundError";
  }
}

/** A write the database refused because it would break an invariant (unique, FK, check). */
export class ConstraintError extends Error {
  readonly status = 409;
  constructor(
    message: string,
    readonly constraint: string | undefined,
  ) {
    super(message);
    this.name = "ConstraintError";
  }
}

/** The environment is not as the program needs it (unmigrated database, locked data folder...). */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StartupError";
  }
}

/** A write based on a version that is no longer current: someone else changed the record meanwhile. */
export class ConflictError extends Error {
  readonly status = 409;
  constructor(
    message: string,
    /** What changed since the version the writer had: who, when, which fields. */
    readonly changes: Array<{ version: number | null; actor: string; recordedAt: string; fields: string[] }>,
  ) {
    super(message);
    this.name = "ConflictError";
  }
}

/** The actor may not do this: a role is missing, or the project is not theirs. */
export class ForbiddenError extends Error {
  readonly status = 403;
  constructor(
    message: string,
    /** The field or record kind that needs a right the actor lacks, when one does. */
    readonly field: string | null = null,
  ) {
    super(message);
    this.name = "ForbiddenError";
  }
}
