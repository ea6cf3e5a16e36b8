/**
 * Errors the domain raises on purpose. Each has a stable `code` (clients match on it, so it
 * never changes) and a kind that the API maps to an HTTP status.
 */
export type DomainErrorKind = 'invalid' | 'not_found' | 'conflict' | 'unavailable';

export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly kind: DomainErrorKind;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Input that is well-formed but not acceptable (an unknown pair, a size too large). */
export class InvalidInputError extends DomainError {
  readonly kind = 'invalid';
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export class NotFoundError extends DomainError {
  readonly kind = 'not_found';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The request is valid but the current state forbids it (a start while emergency-stopped). */
export class ConflictError extends DomainError {
  readonly kind = 'conflict';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A dependency the operation needs is down; the caller may retry. */
export class UnavailableError extends DomainError {
  readonly kind = 'unavailable';
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
