import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, errorBody, errorCatalogue, type ErrorCode } from './errors.js';

/** One place that turns any failure into a catalogue error; internal details are logged, never sent. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      return reply.status(errorCatalogue[error.code].status).send(errorBody(error.code, error.details));
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
    const code = byFastifyCode[error.code] ?? (error.statusCode === 429 ? 'RATE_LIMITED' : undefined);
    if (code) return reply.status(errorCatalogue[code].status).send(errorBody(code));
    if (error.statusCode && error.statusCode < 500) {
      request.log.warn({ err: error }, 'client error without a catalogue code');
      return reply.status(error.statusCode).send(errorBody('VALIDATION_FAILED'));
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send(errorBody('INTERNAL'));
  });
  app.setNotFoundHandler((_request, reply) => reply.status(404).send(errorBody('NOT_FOUND')));
}
