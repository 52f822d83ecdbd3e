import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ActionRegistry } from '../../src/core/action-registry.js';
import { FlowSource, InvalidFlowsError } from '../../src/core/flow-source.js';
import type { FlowError } from '../../src/flows/index.js';
import { builtInActionCatalog } from '../../src/flows/index.js';
import { action, silentLogger, startHarness, type Harness } from './harness.js';

const fixtures = fileURLToPath(new URL('./fixtures/flows', import.meta.url));
const registry: ActionRegistry = new Map(
  [...builtInActionCatalog().keys(), 'prueba.contar'].map((name) => [name, action(() => ({ found: false }))]),
);

describe('flows as files', () => {
  let dir: string;
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses to start with an invalid flow, naming file, line and column in Spanish', async () => {
    dir = await mkdtemp(join(tmpdir(), 'ventanilla-flows-'));
    await cp(fixtures, dir, { recursive: true });
    const file = join(dir, 'registro.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('input: cedula', 'input: cedulaa'));
    const error = await FlowSource.load(dir, new Map([...registry].map(([n, a]) => [n, a.spec])), silentLogger).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InvalidFlowsError);
    expect((error as Error).message).toMatch(/registro\.yaml:\d+:\d+ — .*cedulaa/);
  });

  it('keeps serving the previous version when an edited file is invalid, and takes the fix when it comes', async () => {
    dir = await mkdtemp(join(tmpdir(), 'ventanilla-flows-'));
    await cp(fixtures, dir, { recursive: true });
    h = await startHarness({ provider: 'sqlite', flowsDir: dir, actions: registry });
    const reloads: (FlowError[] | null)[] = [];
    h.runtime.flows.watch((errors) => reloads.push(errors));

    const file = join(dir, 'inicio.yaml');
    const original = await readFile(file, 'utf8');
    await writeFile(
      file,
      original.replace('type: say\n    text: ¡Hola! Soy el asistente de prueba.', 'type: sya\n    text: ¡Hola! Roto.'),
    );
    await vi.waitFor(() => expect(reloads).toHaveLength(1), { timeout: 5000 });
    const errors = reloads[0]!;
    expect(errors[0]).toMatchObject({ line: expect.any(Number), column: expect.any(Number) });
    expect(errors[0]!.file).toMatch(/inicio\.yaml$/);
    expect(errors[0]!.message).toMatch(/"sya" no es un tipo de nodo conocido/);

    const chat = h.chat();
    await chat.send('hola');
    chat.expectReply(/^¡Hola! Soy el asistente de prueba\.$/);

    await writeFile(file, original.replace('¡Hola! Soy el asistente de prueba.', '¡Hola! Versión nueva.'));
    await vi.waitFor(() => expect(reloads).toHaveLength(2), { timeout: 5000 });
    expect(reloads[1]).toBeNull();
    const other = h.chat('ciudadano-2');
    await other.send('hola');
    other.expectReply(/^¡Hola! Versión nueva\.$/);
  });
});
