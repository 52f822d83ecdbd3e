import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DomainError, errorBody } from '../lib/errors/domain-error.js';
import { errorCatalogue, type ErrorCode } from '../lib/errors/error-catalogue.js';

/** A client error Fastify or a plugin raised without a catalogue code gets the code of its status family. */
const byStatus: Readonly<Record<number, ErrorCode>> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'RATE_LIMITED',
};

/** One place that turns any failure into a catalogue error; internal details are logged, never sent. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    // Refusals carry their catalogue code and status, and a Spanish message the thrower may have written for the
    // situation (the case service names dates and rules, never the requester), so they pass through as they are.
    // Only the code is logged.
    if (error instanceof DomainError) {
      request.log.info({ code: error.code, status: error.status }, 'request refused');
      return reply.status(error.status).send(error.toBody());
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details = error.validation.map((v) => ({ path: v.instancePath, message: v.message }));
      return reply.status(400).send(errorBody('VALIDATION_FAILED', details));
    }
    const byFastifyCode: Record<string, ErrorCode> = {
      FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
      FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
      FST_ERR_CTP_EMPTY_JSON_BODY: 'VALIDATION_FAILED',
      FST_ERR_CTP_INVALID_JSON_BODY: 'VALIDATION_FAILED',
      FST_ERR_VALIDATION: 'VALIDATION_FAILED',
    };
    const code = byFastifyCode[error.code];
    if (code) return reply.status(errorCatalogue[code].status).send(errorBody(code));
    // Two transactions wrote the same rows at once (PostgreSQL serialization failure): retrying is the fix.
    if (error.code === 'P2034') {
      request.log.warn({ code: error.code }, 'transaction conflict');
      return reply.status(409).send(errorBody('CONFLICT'));
    }
    if (error.statusCode && error.statusCode < 500) {
      const family = byStatus[error.statusCode];
      if (family) return reply.status(error.statusCode).send(errorBody(family));
      request.log.warn({ err: error }, 'client error without a catalogue code');
      return reply.status(error.statusCode).send(errorBody('VALIDATION_FAILED'));
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send(errorBody('INTERNAL'));
  });
  app.setNotFoundHandler((_request, reply) => reply.status(404).send(errorBody('NOT_FOUND')));
}
