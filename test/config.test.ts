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

  it.each([
    ['mysql://x@y/z'],
    ['postgresql://'],
    ['postgresql://host-without-database'],
    ['ventanilla.db'],
  ])('rejects the malformed DATABASE_URL %s naming the variable', (value) => {
    const error = errorOf({ DATABASE_URL: value });
    expect(error.issues.map((i) => i.variable)).toEqual(['DATABASE_URL']);
    expect(error.message).toMatch(/^Invalid configuration: DATABASE_URL must be file:/);
  });

  it.each([['abc'], ['70000'], ['3.5'], ['-1']])('rejects PORT=%s naming the variable and the value', (value) => {
    const error = errorOf({ PORT: value });
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]?.variable).toBe('PORT');
    expect(error.message).toContain(`(got "${value}")`);
  });

  it('reports every bad variable at once', () => {
    const error = errorOf({ PORT: 'x', LOG_LEVEL: 'loud' });
    expect(error.issues.map((i) => i.variable).sort()).toEqual(['LOG_LEVEL', 'PORT']);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' }).PORT).toBe(3000);
  });
});
