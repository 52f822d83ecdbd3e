import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { answerSentences, followUp, isElliptical, passageFor } from '../../src/knowledge/follow-up.js';
import type { KbEntry } from '../../src/knowledge/kb-entry.js';
import { parseKbFile } from '../../src/knowledge/kb-file.js';
import { KnowledgeMatcher } from '../../src/knowledge/matcher.js';
import { answerWithSteps } from '../../src/knowledge/answer-with-steps.js';
import { parseSynonymsYaml } from '../../src/knowledge/synonyms.js';

const parsedKb = parseKbFile(readFileSync('flows/knowledge/kb.json', 'utf8'), 'json');
const parsedSynonyms = parseSynonymsYaml(readFileSync('flows/knowledge/sinonimos.yaml', 'utf8'));
if (!parsedKb.ok || !parsedSynonyms.ok) throw new Error('no se pudo leer la base de demostración');
const entries = parsedKb.entries;
const entry = (id: string): KbEntry => entries.find((e) => e.id === id) as KbEntry;

describe('follow-up questions', () => {
  let matcher: KnowledgeMatcher;
  beforeAll(() => {
    matcher = new KnowledgeMatcher(entries, parsedSynonyms.list);
  });

  it('splits answers into sentences without breaking times such as "7:30 a.m."', () => {
    expect(answerSentences('Abre de 7:30 a.m. a 4:00 p.m. de lunes a viernes. Cuesta $14.500. ¿Dudas? Llame.')).toEqual(
      ['Abre de 7:30 a.m. a 4:00 p.m. de lunes a viernes.', 'Cuesta $14.500.', '¿Dudas?', 'Llame.'],
    );
  });

  it('treats messages opening with "y" or too short to name a topic as elliptical', () => {
    expect(isElliptical('¿y cuánto vale?')).toBe(true);
    expect(isElliptical('donde queda')).toBe(true);
    expect(isElliptical('necesito el certificado de estratificación de mi casa para el banco')).toBe(false);
  });

  it.each([
    ['predial-paz-y-salvo', '¿y cuánto vale?', '$14.500'],
    ['predial-paz-y-salvo', 'y cuanto se demora', 'mismo día'],
    ['licencia-conduccion', 'y donde queda?', '{{entidad.sedes.movilidad.direccion}}'],
    ['licencia-conduccion', 'y que papeles necesito', 'certificado de un CEA'],
    ['vacunacion-antirrabica', 'y que hay que llevar', 'carné de la mascota'],
  ])('after %s, "%s" gets the sentence that answers it', (previous, question, expected) => {
    const outcome = followUp(matcher, question, entry(previous));
    expect(outcome).toMatchObject({ kind: 'passage', passage: expect.stringContaining(expected) });
    if (outcome?.kind !== 'passage') return;
    expect(outcome.passage.startsWith(`Sobre «${entry(previous).title}»: `)).toBe(true);
    // Part of the answer, not all of it again (the answer as the citizen reads it: text and steps).
    const whole = entry(previous);
    expect(outcome.passage.length).toBeLessThan(answerWithSteps(whole.answer, whole.steps).length);
    expect(outcome.confidence).toBeGreaterThan(0.5);
  });

  it('ignores the previous entry when the question has a clear topic of its own', () => {
    expect(
      followUp(matcher, 'como funciona el pico y placa de los carros', entry('predial-paz-y-salvo')),
    ).toBeUndefined();
  });

  it('falls back to the normal decision when the previous entry says nothing about the question', () => {
    expect(passageFor('¿y los sábados?', entry('carta-trato-digno'))).toBeUndefined();
    expect(followUp(matcher, '¿y los sábados?', entry('carta-trato-digno'))).toBeUndefined();
  });
});
