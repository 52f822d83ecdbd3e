import type { Logger } from 'pino';

/** Baileys logs message contents and phone numbers at debug and trace: its logger is never louder than warn. */
export function baileysLogger(logger: Logger): Logger {
  const level = logger.levelVal > logger.levels.values.warn! ? logger.level : 'warn';
  return logger.child({ module: 'baileys' }, { level });
}
