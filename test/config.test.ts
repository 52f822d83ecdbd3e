import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

function errorOf(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('has safe local defaults: SQLite under ./data, loopback, port 3000', () => {
    const config = loadConfig({});
    expect(config.DATABASE_URL).toBe('file:./data/ventanilla.db');
    expect(config.HOST).toBe('127.0.0.1');
    expect(config.PORT).toBe(3000);
    expect(config.MIGRATE_ON_START).toBe(true);
  });

  it('accepts a PostgreSQL URL', () => {
    const config = loadConfig({ DATABASE_URL: 'postgresql://app:secret@db:5432/ventanilla' });
    expect(config.DATABASE_URL).toBe('postgresql://app:secret@db:5432/ventanilla');
  });

  it.each([['mysql://x@y/z'], ['postgresql://'], ['postgresql://host-without-database'], ['ventanilla.db']])(
    'rejects the malformed DATABASE_URL %s naming the variable',
    (value) => {
      const error = errorOf({ DATABASE_URL: value });
      expect(error.issues.map((i) => i.variable)).toEqual(['DATABASE_URL']);
      expect(error.message).toMatch(/^Configuración no válida: DATABASE_URL debe ser file:/);
    },
  );

  it.each([['abc'], ['70000'], ['3.5'], ['-1']])('rejects PORT=%s naming the variable and the value', (value) => {
    const error = errorOf({ PORT: value });
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]?.variable).toBe('PORT');
    expect(error.message).toContain(`(recibido "${value}")`);
  });

  it('reports every bad variable at once', () => {
    const error = errorOf({ PORT: 'x', LOG_LEVEL: 'loud' });
    expect(error.issues.map((i) => i.variable).sort()).toEqual(['LOG_LEVEL', 'PORT']);
  });

  it('tells the operator in Spanish what is wrong, naming the variable and what it received', () => {
    expect(errorOf({ PORT: 'abc' }).message).toBe(
      'Configuración no válida: PORT debe ser un número entero de 0 a 65535 (0 elige un puerto libre) (recibido "abc"). Vea .env.example.',
    );
    // Limits the schema does not word itself (a list of values, a URL, a number range) are Spanish too.
    const generic = errorOf({ LOG_LEVEL: 'loud', TELEGRAM_API_ROOT: 'telegram', WIDGET_SESSIONS_PER_MINUTE: '0' });
    expect(Object.fromEntries(generic.issues.map((i) => [i.variable, i.message]))).toEqual({
      LOG_LEVEL: 'debe ser uno de: fatal, error, warn, info, debug, trace, silent (recibido "loud")',
      TELEGRAM_API_ROOT: 'debe ser una dirección completa, por ejemplo https://servidor.gov.co (recibido "telegram")',
      WIDGET_SESSIONS_PER_MINUTE: 'debe ser como mínimo 1 (recibido "0")',
    });
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' }).PORT).toBe(3000);
  });
});

describe('secrets in production', () => {
  const production = { NODE_ENV: 'production' };

  it.each([
    ['x'.repeat(40), /usa solo 1 caracteres distintos/],
    ['abcdabcdabcdabcdabcdabcdabcdabcdabcd', /usa solo 4 caracteres distintos/],
    ['alcaldia2026alcaldia2026alcaldia2026', /repite el mismo grupo de caracteres/],
    ['aaaaaaaaaaaaaaaaaaaaabcdefghijklmnop', /repite el mismo grupo de caracteres/],
  ])('refuses a WIDGET_SECRET that is easy to guess (%s) without echoing it', (secret, why) => {
    const error = errorOf({ ...production, WIDGET_SECRET: secret });
    expect(error.issues.map((i) => i.variable)).toEqual(['WIDGET_SECRET']);
    expect(error.message).toMatch(why);
    expect(error.message).toMatch(/WIDGET_SECRET es demasiado fácil de adivinar: .*openssl rand -base64 32/);
    expect(error.message).not.toContain(secret);
  });

  it('accepts generated secrets (base64 and hex) in production, and any 32+ characters in development', () => {
    for (const secret of ['q3v9Jx1mZ0bK8tR2yW5uE7oP4aS6dF1gH3jL9zX0cV2=', '4f9a0c2e7b1d83a65c0e9f72b4d1a8e3']) {
      expect(loadConfig({ ...production, WIDGET_SECRET: secret }).WIDGET_SECRET).toBe(secret);
    }
    expect(loadConfig({ WIDGET_SECRET: 'x'.repeat(40) }).WIDGET_SECRET).toBe('x'.repeat(40));
  });

  it('validates METRICS_TOKEN and never echoes it', () => {
    expect(loadConfig({ METRICS_TOKEN: 'un-token-de-prometheus-0123456789' }).METRICS_TOKEN).toBe(
      'un-token-de-prometheus-0123456789',
    );
    const error = errorOf({ METRICS_TOKEN: 'corto' });
    expect(error.issues.map((i) => i.variable)).toEqual(['METRICS_TOKEN']);
    expect(error.message).toMatch(/METRICS_TOKEN debe tener al menos 16 caracteres/);
    expect(error.message).not.toContain('corto');
  });
});
