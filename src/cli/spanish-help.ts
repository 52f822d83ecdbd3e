import type { Command } from 'commander';

/** A bad command-line input; its message is Spanish and goes to stderr. */
export class UsageError extends Error {}

export const HELP_FLAGS = '-h, --help';
export const HELP_TEXT = 'muestra esta ayuda';

/** Commander's help headings in Spanish: operators, editors and control interno read this help. */
const TITLES_ES: Readonly<Record<string, string>> = {
  'Usage:': 'Uso:',
  'Options:': 'Opciones:',
  'Commands:': 'Comandos:',
  'Arguments:': 'Argumentos:',
  'Global Options:': 'Opciones globales:',
};

/** Keeps whatever help settings the command has and only translates the headings. */
export function spanishHelp(cmd: Command): Command {
  return cmd.configureHelp({ ...cmd.configureHelp(), styleTitle: (title: string) => TITLES_ES[title] ?? title });
}
