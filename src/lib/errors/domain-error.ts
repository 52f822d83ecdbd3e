import { errorCatalogue, type ErrorCode } from './error-catalogue.js';

/** The body of every error answer (docs/errors.md). */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

/**
 * A refusal any module may throw: a catalogue code, its HTTP status and a Spanish message (the catalogue's unless the
 * thrower wrote one for the situation). The app's error handler answers it as it is; modules never know about HTTP.
 */
export class DomainError<C extends ErrorCode = ErrorCode> extends Error {
  readonly status: number;
  readonly details: unknown;
  constructor(
    readonly code: C,
    options: { message?: string; details?: unknown } = {},
  ) {
    super(options.message ?? errorCatalogue[code].message);
    this.name = 'DomainError';
    this.status = errorCatalogue[code].status;
    this.details = options.details;
  }

  toBody(): ErrorBody {
    return errorBodyWith(this.code, this.message, this.details);
  }
}

/** The catalogue's answer for a code, for routes that reply without throwing. */
export function errorBody(code: ErrorCode, details?: unknown): ErrorBody {
  return errorBodyWith(code, errorCatalogue[code].message, details);
}

function errorBodyWith(code: ErrorCode, message: string, details: unknown): ErrorBody {
  return { error: { code, message, ...(details === undefined ? {} : { details }) } };
}
