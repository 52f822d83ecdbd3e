import pino, { type Logger, type LoggerOptions } from 'pino';
import type { Config } from './config.js';

/**
 * Redaction is a safety net, not the policy: code logs ids, never names, documents, phone numbers or message text at
 * info level. These paths catch what a careless debug line might still pass.
 */
export const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  '*.password',
  '*.token',
  '*.text',
  '*.documentNumber',
  '*.phone',
  '*.email',
];

export function loggerOptions(config: Pick<Config, 'LOG_LEVEL' | 'NODE_ENV'>): LoggerOptions {
  const pretty = config.NODE_ENV === 'development' && process.stdout.isTTY;
  return {
    level: config.LOG_LEVEL,
    redact: { paths: redactPaths, censor: '[oculto]' },
    ...(pretty
      ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } } }
      : {}),
  };
}

export function createLogger(config: Pick<Config, 'LOG_LEVEL' | 'NODE_ENV'>): Logger {
  return pino(loggerOptions(config));
}
