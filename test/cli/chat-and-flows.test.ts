import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliArgs, repoRoot, runCli } from '../support/cli-process.js';

function chat(input: string, args: string[] = []): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, cliArgs(['chat', ...args]), {
      cwd: repoRoot,
      env: { ...process.env, LOG_LEVEL: 'error' },
    });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.on('exit', (code) => resolve({ code, stdout }));
    child.stdin.end(input);
  });
}

describe('ventanilla chat (the editors’ simulator)', () => {
  it('runs the demo flows from piped lines, with numbered options as on WhatsApp', async () => {
    const { code, stdout } = await chat('hola\n4\n');
    expect(code).toBe(0);
    expect(stdout).toContain('A.V.A: ¡Hola! Soy A.V.A, la asistente virtual de la Alcaldía de San Isidro del Río.');
    expect(stdout).toContain('4. Horarios y sedes');
    expect(stdout).toContain('Usted: 4\nA.V.A: Sede principal (Palacio Municipal)');
  });

  it('shows buttons when asked to simulate a channel that has them', async () => {
    const { stdout } = await chat('hola\n4\n', ['--buttons', '3']);
    expect(stdout).toMatch(/\[Sí, ver el menú\] \[No, gracias\]/);
  });
});

describe('ventanilla flows check', () => {
  it('accepts the demo flows', async () => {
    const result = await runCli(['flows', 'check']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Todo bien: \d+ flujo\(s\)/);
  });

  it('exits 1 and names file:line:column for a broken flow', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ventanilla-check-'));
    try {
      await cp(join(repoRoot, 'flows'), dir, { recursive: true });
      const file = join(dir, 'principal.yaml');
      await writeFile(file, (await readFile(file, 'utf8')).replace('next: ir_horarios', 'next: nodo_que_no_existe'));
      const result = await runCli(['flows', 'check', dir]);
      expect(result.code).toBe(1);
      expect(result.stdout + result.stderr).toMatch(/principal\.yaml:\d+:\d+ — .*nodo_que_no_existe/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
