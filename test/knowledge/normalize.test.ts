import { describe, expect, it } from 'vitest';
import { normalizeText } from '../../src/knowledge/normalize.js';
import { analyze, toTerm } from '../../src/knowledge/spanish-terms.js';

describe('normalizeText', () => {
  it('lowercases, strips accents and punctuation', () => {
    expect(normalizeText('¿Cuánto CUESTA la Licencia de Conducción?')).toBe('cuanto cuesta la licencia de conduccion');
    expect(normalizeText('Año, niño')).toBe('ano nino');
  });

  it('collapses emphasis but keeps real double letters', () => {
    expect(normalizeText('holaaaa urgenteeee')).toBe('hola urgente');
    expect(normalizeText('carro llave leer')).toBe('carro llave leer');
    expect(normalizeText('jajajaja')).toBe('jaja');
  });

  it('expands chat shorthand', () => {
    expect(normalizeText('q hago pa sacar el cert xq tb lo piden, porfa')).toBe(
      'que hago para sacar el certificado porque tambien lo piden por favor',
    );
    expect(normalizeText('dnd queda, k horario, cdo abren')).toBe('donde queda que horario cuando abren');
  });

  it('returns an empty string for emoji or punctuation only', () => {
    expect(normalizeText('👍🙏 ...')).toBe('');
  });
});

describe('analyze', () => {
  it('drops stopwords and stems', () => {
    expect(analyze('¿Cómo pago los impuestos?')).toEqual([toTerm('pago'), toTerm('impuestos')]);
    expect(toTerm('impuestos')).toBe(toTerm('impuesto'));
  });

  it('meets common misspellings on the same term', () => {
    expect(toTerm('nesecito')).toBe(toTerm('necesito'));
    expect(toTerm('bacuna')).toBe(toTerm('vacuna'));
    expect(toTerm('umano')).toBe(toTerm('humano'));
    expect(toTerm('yevo')).toBe(toTerm('llevo'));
    expect(toTerm('certificacion')).toBe(toTerm('certificación'));
  });
});
