import { CommanderError, type Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../../src/cli.js';

/** Every command of the program with its path: ["kb", "synonyms", "add"]. */
function allCommands(cmd: Command, path: string[] = []): { path: string[]; cmd: Command }[] {
  return [{ path, cmd }, ...cmd.commands.flatMap((sub) => allCommands(sub, [...path, sub.name()]))];
}

const commands = allCommands(buildProgram());
const leaves = commands.filter((c) => c.cmd.commands.length === 0 && c.path.length > 0 && c.path.at(-1) !== 'help');

/** Commander's English, and English words an untranslated description would carry. */
const english =
  /Usage:|Options:|Commands:|Arguments:|display help|\[options\]|\[command\]|\(default:|choices:|\b(?:the|and|with|print|display|show|start|apply|pending|migrations|unknown|missing|required)\b/i;

/** The help without flags and command names, which stay as typed ("--from", "list"). */
function prose(help: string): string {
  const names = new Set(commands.flatMap((c) => c.path));
  return help
    .replace(/--?[\w-]+/g, ' ')
    .split(/\s+/)
    .filter((w) => !names.has(w))
    .join(' ');
}

afterEach(() => {
  vi.restoreAllMocks();
});

/** Runs the real program in-process and returns what it wrote to stderr and stdout. */
async function run(args: string[]): Promise<{ err: string; out: string; code: number | undefined }> {
  const out: string[] = [];
  const stderr: string[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr.push(String(chunk));
    return true;
  });
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  let code: number | undefined;
  try {
    await buildProgram().parseAsync(['node', 'ventanilla', ...args]);
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    code = error.exitCode;
  }
  return { err: stderr.join(''), out: out.join(''), code };
}

describe('the command line speaks Spanish', () => {
  it('has every command checked here', () => {
    expect(commands.length).toBeGreaterThan(30);
    expect(leaves.map((l) => l.path.join(' '))).toEqual(
      expect.arrayContaining(['serve', 'db migrate', 'kb check', 'kb synonyms add', 'flows check', 'calendar due']),
    );
  });

  it.each(commands.map((c) => [c.path.join(' ') || '(ventanilla)', c.cmd] as const))(
    '%s --help is in Spanish',
    (_name, cmd) => {
      const help = cmd.helpInformation();
      expect(help).toMatch(/^Uso: ventanilla/);
      expect(help).toMatch(/\nOpciones:\n/);
      expect(help).toMatch(/-h, --help +muestra esta ayuda/);
      if (cmd.commands.length > 0) expect(help).toMatch(/help \[comando\] +muestra la ayuda de un comando/);
      expect(prose(help)).not.toMatch(english);
    },
  );

  it.each(leaves.map((l) => [l.path.join(' '), l.path] as const))(
    '%s with an unknown option says so in Spanish and exits 1',
    async (_name, path) => {
      const r = await run([...path, '--no-existe']);
      expect(r.code).toBe(1);
      // Commander reports a missing mandatory option or argument before an unknown option.
      expect(r.err).toMatch(
        /^error: (?:la opción «--no-existe» no existe|falta la opción obligatoria «[^»]+»|falta el argumento obligatorio «[^»]+»)\n/,
      );
      expect(prose(r.err)).not.toMatch(english);
    },
  );

  it('explains a missing argument, a missing option, a bad choice, an extra argument and a typo, in Spanish', async () => {
    expect((await run(['kb', 'ask'])).err).toMatch(/^error: falta el argumento obligatorio «pregunta»/);
    expect((await run(['kb', 'eval', '--questions', 'q.jsonl'])).err).toMatch(
      /^error: falta la opción obligatoria «--kb <archivo>»/,
    );
    expect((await run(['kb', 'export', '--format', 'xml'])).err).toMatch(
      /^error: el valor «xml» de la opción «--format <formato>» no es válido\. Valores posibles: json, csv\./,
    );
    expect((await run(['flows', 'check', 'a', 'b'])).err).toMatch(
      /^error: sobran argumentos: se esperaban 1 y se recibieron 2\./,
    );
    const typo = await run(['flow']);
    expect(typo.err).toMatch(/^error: el comando «flow» no existe\n\(¿Quiso decir flows\?\)/);
    expect(typo.code).toBe(1);
  });

  it('help <comando> shows that command’s help', async () => {
    const r = await run(['help', 'calendar']);
    expect(r.out).toMatch(/^Uso: ventanilla calendar \[opciones\] \[comando\]/);
  });
});
