/**
 * Named domain errors. The domain throws these; only the API layer maps them to HTTP statuses.
 * Every message is user-facing Simplified Chinese.
 */
export type DomainErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'conflict'
  | 'not_allowed'
  | 'unauthenticated'
  | 'transition_refused'
  | 'payment_blocked';

export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: DomainErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }
}

/** One field problem: `path` is the dotted field name, `message` is Chinese. */
export interface FieldIssue {
  path: string;
  message: string;
}

export class InputError extends DomainError {
  constructor(message: string, issues: FieldIssue[] = [], extra: Record<string, unknown> = {}) {
    super('invalid_input', message, { issues, ...extra });
    this.name = 'InputError';
  }
}

export class NotFoundError extends DomainError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('not_found', message, details);
    this.name = 'NotFoundError';
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('conflict', message, details);
    this.name = 'ConflictError';
  }
}

export class NotAllowedError extends DomainError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('not_allowed', message, details);
    this.name = 'NotAllowedError';
  }
}

export class TransitionRefusedError extends DomainError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('transition_refused', message, details);
    this.name = 'TransitionRefusedError';
  }
}
