import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  BUILT_IN_OUT_OF_SCOPE_FILE,
  DEFAULT_OUT_OF_SCOPE,
  INTENT_OUT_OF_SCOPE,
  parseOutOfScopeYaml,
} from '../../src/knowledge/out-of-scope-examples.js';

describe('out-of-scope examples file', () => {
  it('loads the built-in topics from flows/knowledge/fuera-de-alcance.yaml', async () => {
    expect(BUILT_IN_OUT_OF_SCOPE_FILE).toMatch(/flows[/\\]knowledge[/\\]fuera-de-alcance\.yaml$/);
    const parsed = parseOutOfScopeYaml(await readFile(BUILT_IN_OUT_OF_SCOPE_FILE, 'utf8'));
    expect(parsed.ok).toBe(true);
    expect(DEFAULT_OUT_OF_SCOPE.length).toBeGreaterThanOrEqual(60);
    const passport = DEFAULT_OUT_OF_SCOPE.find((t) => t.topic === 'pasaporte y migración');
    expect(passport?.entity).toBe('la Cancillería o Migración Colombia');
    expect(passport?.examples).toContain('como pido cita para el pasaporte');
    // The dumps of citizens' messages train the knowledge matcher only, not the intents'.
    const dumps = DEFAULT_OUT_OF_SCOPE.filter((t) => t.forIntents === false).map((t) => t.topic);
    expect(dumps).toHaveLength(2);
    expect(INTENT_OUT_OF_SCOPE.map((t) => t.topic)).not.toContain(dumps[0]);
    expect(INTENT_OUT_OF_SCOPE).toContain(passport);
  });

  it('rejects a malformed file with a Spanish message that says what is expected', () => {
    const noExamples = parseOutOfScopeYaml('- topic: clima\n  examples: []\n');
    expect(noExamples).toEqual({
      ok: false,
      errors: [expect.stringContaining('0.examples: debe ser una lista de temas')],
    });
    const unknownKey = parseOutOfScopeYaml('- topic: clima\n  ejemplos: [va a llover]\n');
    expect(unknownKey.ok).toBe(false);
    expect(parseOutOfScopeYaml('- topic: clima\n  forIntents: true\n  examples: [va a llover]\n').ok).toBe(false);
    expect(parseOutOfScopeYaml('- topic: [').ok).toBe(false);
    expect(parseOutOfScopeYaml('- topic: a\n  examples: [x]\n- topic: a\n  examples: [y]\n')).toEqual({
      ok: false,
      errors: ['El tema «a» aparece dos veces.'],
    });
  });
});
