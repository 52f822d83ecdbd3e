import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerCalendarCommand } from '../../src/cli/calendar-command.js';
import { localDate } from '../../src/cases/local-date.js';
import { parsePqrsdSettings } from '../../src/cases/pqrsd-settings.js';
import { readEntityFile } from '../../src/entities/entity-file.js';

let out: string[];
let err: string[];

beforeEach(() => {
  out = [];
  err = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  process.exitCode = undefined;
});
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

async function run(...args: string[]): Promise<void> {
  const program = new Command('ventanilla').exitOverride();
  program.configureOutput({ writeOut: (s) => void out.push(s), writeErr: (s) => void err.push(s) });
  registerCalendarCommand(program);
  await program.parseAsync(args, { from: 'user' });
}

describe('calendar holidays', () => {
  it('prints a Spanish table', async () => {
    await run('calendar', 'holidays', '--year', '2026');
    const text = out.join('\n');
    expect(text).toMatch(/Fecha\s+Día de la semana\s+Festivo/);
    expect(text).toMatch(/2026-03-23\s+lunes\s+Día de San José/);
    expect(text).toContain('Festivos de Colombia en 2026 (Ley 51 de 1983): 18');
    expect(process.exitCode).toBeUndefined();
  });

  it('prints JSON', async () => {
    await run('calendar', 'holidays', '--year', '2027', '--json');
    const data = JSON.parse(out.join('\n')) as { year: number; holidays: Array<{ date: string; weekday: string }> };
    expect(data.year).toBe(2027);
    expect(data.holidays).toHaveLength(18);
    expect(data.holidays[0]).toEqual({ date: '2027-01-01', weekday: 'viernes', name: 'Año Nuevo', rule: 'fixed' });
  });

  it('rejects a bad or missing year in Spanish with exit code 1', async () => {
    await run('calendar', 'holidays', '--year', 'dos mil');
    expect(err.join('\n')).toMatch(/Año no válido/);
    expect(process.exitCode).toBe(1);
    process.exitCode = undefined;
    await run('calendar', 'holidays');
    expect(err.join('\n')).toMatch(/Indique el año/);
    expect(process.exitCode).toBe(1);
  });
});

describe('calendar due', () => {
  it('prints the due date', async () => {
    await run('calendar', 'due', '--from', '2026-03-27', '--days', '15');
    expect(out.join('\n')).toContain('Vence el:    martes 21 de abril de 2026 (2026-04-21)');
  });

  it('prints JSON', async () => {
    await run('calendar', 'due', '--from', '2025-12-19', '--days', '15', '--json');
    expect(JSON.parse(out.join('\n'))).toEqual({
      from: '2025-12-19',
      days: 15,
      dueDate: '2026-01-14',
      weekday: 'miércoles',
      // By default the entity's own closures (flows/entity.yaml: 24 and 31 December 2026), as in the chat.
      closures: 2,
      closuresFrom: join('flows', 'entity.yaml'),
    });
  });

  it('uses the entity folder’s closures by default, so it agrees with the due date the chat gives', async () => {
    await run('calendar', 'due', '--from', '2026-12-18', '--days', '5', '--json');
    const shown = JSON.parse(out.join('\n')) as { dueDate: string };
    // 24 December is a closure of the demo entity and 25 a holiday: without the closure it would be the 28th.
    expect(shown.dueDate).toBe('2026-12-29');
    const entity = await readEntityFile(join('flows', 'entity.yaml'));
    expect(parsePqrsdSettings(entity.settings).calendar.addBusinessDays(localDate('2026-12-18'), 5)).toBe(
      shown.dueDate,
    );

    out = [];
    await run('calendar', 'due', '--from', '2026-12-18', '--days', '5', '--entidad', 'flows/entidades/concejo');
    expect(out.join('\n')).toContain('Vence el:    martes 29 de diciembre de 2026 (2026-12-29)');
    expect(out.join('\n')).toContain(
      `Cierres de la entidad considerados: 2 (${join('flows/entidades/concejo', 'entity.yaml')})`,
    );
  });

  it('says in Spanish when the entity folder has no entity.yaml', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'ventanilla-cal-'));
    await run('calendar', 'due', '--from', '2026-12-18', '--days', '5', '--entidad', empty);
    expect(err.join('\n')).toBe(
      `Error: No encontré «${join(empty, 'entity.yaml')}». Indique la carpeta de la entidad con --entidad o los cierres con --closures.`,
    );
    expect(process.exitCode).toBe(1);
  });

  it('applies closures from a JSON or text file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ventanilla-cal-'));
    const json = join(dir, 'cierres.json');
    writeFileSync(
      json,
      JSON.stringify([
        { date: '2025-12-24', reason: 'Decreto de cierre' },
        { date: '2025-12-31', reason: 'Decreto de cierre' },
      ]),
    );
    await run('calendar', 'due', '--from', '2025-12-19', '--days', '15', '--closures', json, '--json');
    expect(JSON.parse(out.join('\n'))).toMatchObject({ dueDate: '2026-01-16', closures: 2 });

    out = [];
    const txt = join(dir, 'cierres.txt');
    writeFileSync(txt, '# cierres 2025\n2025-12-24 Decreto de cierre\n2025-12-31\n');
    await run('calendar', 'due', '--from', '2025-12-19', '--days', '15', '--closures', txt, '--json');
    expect(JSON.parse(out.join('\n'))).toMatchObject({ dueDate: '2026-01-16', closures: 2 });

    const bad = join(dir, 'malo.txt');
    writeFileSync(bad, '2025-12-24\n24/12/2025\n');
    await run('calendar', 'due', '--from', '2025-12-19', '--days', '15', '--closures', bad);
    expect(err.join('\n')).toMatch(/línea 2: fecha no válida/);
    expect(process.exitCode).toBe(1);
  });

  it('rejects bad input in Spanish with exit code 1', async () => {
    await run('calendar', 'due', '--from', '2026-02-30', '--days', '15');
    expect(err.join('\n')).toMatch(/Fecha no válida: «2026-02-30»/);
    expect(process.exitCode).toBe(1);
    err = [];
    process.exitCode = undefined;
    await run('calendar', 'due', '--from', '2026-03-27', '--days', 'quince');
    expect(err.join('\n')).toMatch(/Término no válido/);
    expect(process.exitCode).toBe(1);
    err = [];
    process.exitCode = undefined;
    await run('calendar', 'due', '--from', '2026-03-27', '--days', '15', '--closures', '/no/existe.json');
    expect(err.join('\n')).toMatch(/No se pudo leer el archivo de cierres/);
    expect(process.exitCode).toBe(1);
  });

  it('has Spanish --help', async () => {
    await expect(run('calendar', 'due', '--help')).rejects.toMatchObject({ code: 'commander.helpDisplayed' });
    const help = out.join('');
    expect(help).toContain('Uso: ventanilla calendar due');
    expect(help).toContain('--closures <archivo>');
  });
});
