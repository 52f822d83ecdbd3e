import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { actionCatalog } from '../../src/actions/create-actions.js';
import { registerFlowsCommand } from '../../src/cli/flows-command.js';
import { builtInActionCatalog, type ActionCatalog } from '../../src/flows/action-catalog.js';

async function run(
  args: string[],
  catalog: () => ActionCatalog = builtInActionCatalog,
): Promise<{ out: string; exitCode: number | undefined }> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => {
    lines.push(a.join(' '));
  });
  const previous = process.exitCode;
  process.exitCode = undefined;
  try {
    const program = new Command('ventanilla').exitOverride();
    registerFlowsCommand(program, catalog);
    await program.parseAsync(['node', 'ventanilla', ...args]);
    return { out: lines.join('\n'), exitCode: process.exitCode };
  } finally {
    spy.mockRestore();
    process.exitCode = previous;
  }
}

describe('ventanilla flows check', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('prints a Spanish OK summary for the demo flows and exits 0', async () => {
    // The catalog the real command uses (src/cli.ts): the demo flows call consent.record, a registered action.
    const r = await run(['flows', 'check'], actionCatalog);
    expect(r.out).toMatch(/^Todo bien: 7 flujo\(s\) y \d+ nodo\(s\) revisados en "flows", sin avisos\.$/);
    expect(r.exitCode).toBeUndefined();
  });

  it('prints file:line:column — mensaje per error and sets exit code 1; --json gives data', async () => {
    dir = await mkdtemp(join(tmpdir(), 'flows-cli-'));
    await cp('flows', dir, { recursive: true });
    const broken = (await import('node:fs/promises')).readFile(join(dir, 'asesor.yaml'), 'utf8');
    await writeFile(join(dir, 'asesor.yaml'), (await broken).replace('onError: sin_asesor', 'onError: sin_asesr'));
    const r = await run(['flows', 'check', dir]);
    expect(r.out).toContain(
      `error: ${join(dir, 'asesor.yaml')}:15:14 — El nodo "pedir_asesor" apunta a "sin_asesr", que no existe en este flujo. ¿Quiso decir "sin_asesor"? Revise el nombre en "onError".`,
    );
    expect(r.exitCode).toBe(1);
    const j = await run(['flows', 'check', dir, '--json']);
    const data = JSON.parse(j.out) as { ok: boolean; errors: { file: string; line: number; column: number }[] };
    expect(data.ok).toBe(false);
    expect(data.errors[0]).toMatchObject({ file: join(dir, 'asesor.yaml'), line: 15, column: 14 });
    expect(j.exitCode).toBe(1);
  });
});
