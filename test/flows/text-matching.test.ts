import { describe, expect, it } from 'vitest';
import type { BotConfig } from '../../src/flows/bot-config.js';
import { evaluateCondition } from '../../src/flows/evaluate-condition.js';
import { matchCommand } from '../../src/flows/match-command.js';
import { matchOption } from '../../src/flows/match-option.js';
import { renderTemplate } from '../../src/flows/render-template.js';

const options = [
  { label: 'Consultar trámites y servicios', aliases: [], value: 'p.1' },
  { label: 'Radicar una PQRSD', aliases: ['queja', 'reclamo'], value: 'p.2' },
  { label: 'Consultar un radicado', aliases: [], value: 'p.3' },
];

describe('matchOption', () => {
  it.each([
    ['2', 'p.2'],
    ['opción 3', 'p.3'],
    ['la dos', 'p.2'],
    ['CONSULTAR TRAMITES Y SERVICIOS', 'p.1'],
    ['tramites', 'p.1'],
    ['Quiero poner una queja', 'p.2'],
    ['radicado', 'p.3'],
  ])('%s → %s', (text, value) => {
    expect(matchOption(options, text)?.value).toBe(value);
  });

  it('prefers the payload and refuses ambiguous or out-of-range replies', () => {
    expect(matchOption(options, 'cualquier cosa', 'p.3')?.value).toBe('p.3');
    expect(matchOption(options, 'consultar')).toBeNull();
    expect(matchOption(options, '9')).toBeNull();
    expect(matchOption(options, '')).toBeNull();
  });
});

describe('matchCommand', () => {
  const bot = {
    commands: { menu: { words: ['menú', 'inicio'] }, asesor: { words: ['hablar con una persona'] } },
  } as unknown as BotConfig;
  it.each(['menu', 'MENÚ', '¡Menú!', '/menu', 'menu por favor', '  Inicio. '])('%s is the menu command', (text) => {
    expect(matchCommand(bot, text)?.name).toBe('menu');
  });
  it.each(['ver el menú', 'el menu del colegio', 'menus', ''])('%s is not a command', (text) => {
    expect(matchCommand(bot, text)).toBeNull();
  });
  it('multi-word commands match whole', () => {
    expect(matchCommand(bot, 'Hablar con una persona')?.name).toBe('asesor');
  });
});

describe('templates and conditions', () => {
  const ctx = { now: new Date(), channel: 'web', contact: { name: 'Ana' } };
  const vars = {
    caso: { radicado: '2025-1', vence: '31/03/2025' },
    n: 1500,
    lista: ['a', 'b'],
    doc: { tipo: 'CC', numero: '1' },
  };
  it('renders dotted paths, contact, channel and missing values as empty', () => {
    expect(
      renderTemplate(
        '{{ caso.radicado }} {{contact.name}} {{channel}} [{{nada}}] {{caso.x.y}}|{{n}}|{{lista}}|{{doc}}',
        vars,
        ctx,
      ),
    ).toBe('2025-1 Ana web [] |1.500|a, b|CC 1');
  });
  it('ends a sentence once when the value already ends with a period ("a. m." then ".")', () => {
    const hours = { turno: { vuelven: 'mañana a las 7:30 a. m.' } };
    expect(renderTemplate('Los asesores vuelven {{turno.vuelven}}. ¿Qué prefiere hacer?', hours, ctx)).toBe(
      'Los asesores vuelven mañana a las 7:30 a. m. ¿Qué prefiere hacer?',
    );
    expect(renderTemplate('Vuelven {{turno.vuelven}} y atienden {{turno.vuelven}}...', hours, ctx)).toBe(
      'Vuelven mañana a las 7:30 a. m. y atienden mañana a las 7:30 a. m....',
    );
  });
  it('evaluates equals loosely, in, exists, matches', () => {
    expect(evaluateCondition({ var: 'contact.name', equals: 'ANA' }, vars, ctx)).toBe(true);
    expect(evaluateCondition({ var: 'n', in: [1, 1500] }, vars, ctx)).toBe(true);
    expect(evaluateCondition({ var: 'nada', exists: false }, vars, ctx)).toBe(true);
    expect(evaluateCondition({ var: 'caso.radicado', matches: '^\\d{4}-' }, vars, ctx)).toBe(true);
    expect(evaluateCondition({ var: 'nada', gt: 1 }, vars, ctx)).toBe(false);
  });
});
