import { Help, type Command } from 'commander';

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

/** Commander's own words inside help lines: "[options]", "(default: 10)", "(choices: …)". */
function wordsEs(text: string): string {
  return text
    .replace(/\[options\]/g, '[opciones]')
    .replace(/\[command\]/g, '[comando]')
    .replace(/\(default: /g, '(por defecto: ')
    .replace(/\bdefault: /g, 'por defecto: ')
    .replace(/\bchoices: /g, 'valores: ')
    .replace(/\bpreset: /g, 'si se omite: ')
    .replace(/\benv: /g, 'variable de entorno: ');
}

/** Commander's error messages, translated; anything unknown passes through unchanged. */
const ERRORS_ES: readonly [RegExp, string][] = [
  [/error: unknown option '([^']*)'/, 'error: la opción «$1» no existe'],
  [/error: unknown command '([^']*)'/, 'error: el comando «$1» no existe'],
  [/error: missing required argument '([^']*)'/, 'error: falta el argumento obligatorio «$1»'],
  [/error: option '([^']*)' argument missing/, 'error: a la opción «$1» le falta su valor'],
  [/error: required option '([^']*)' not specified/, 'error: falta la opción obligatoria «$1»'],
  [
    /error: too many arguments(?: for '([^']*)')?\. Expected (\d+) arguments? but got (\d+)\./,
    'error: sobran argumentos: se esperaban $2 y se recibieron $3.',
  ],
  [
    /error: option '([^']*)' argument '([^']*)' is invalid\. Allowed choices are (.*)\./,
    'error: el valor «$2» de la opción «$1» no es válido. Valores posibles: $3.',
  ],
  [
    /error: command-argument value '([^']*)' is invalid for argument '([^']*)'\. Allowed choices are (.*)\./,
    'error: el valor «$1» del argumento «$2» no es válido. Valores posibles: $3.',
  ],
  [/error: (.*) cannot be used with (.*)/, 'error: $1 no se puede usar con $2'],
  [/\(Did you mean one of (.*)\?\)/, '(¿Quiso decir alguno de estos: $1?)'],
  [/\(Did you mean (.*)\?\)/, '(¿Quiso decir $1?)'],
  [/\(add --help for additional information\)/, '(agregue --help para ver la ayuda)'],
];

export function translateCommanderError(text: string): string {
  return ERRORS_ES.reduce((t, [pattern, es]) => t.replace(pattern, es), text);
}

/** Keeps whatever help settings the command has and translates the headings and commander's own words. */
export function spanishHelp(cmd: Command): Command {
  const base = new Help();
  return cmd.configureHelp({
    ...cmd.configureHelp(),
    styleTitle: (title: string) => TITLES_ES[title] ?? title,
    commandUsage: (c: Command) => wordsEs(base.commandUsage(c)),
    subcommandTerm: (c: Command) => wordsEs(base.subcommandTerm(c)),
    optionDescription: (o) => wordsEs(base.optionDescription(o)),
    argumentDescription: (a) => wordsEs(base.argumentDescription(a)),
  });
}

/**
 * Spanish help and errors for a command and every subcommand under it: headings, "-h, --help  muestra esta ayuda",
 * the `help [comando]` subcommand and commander's error messages. Call once, after every command is registered, so
 * no command is left in English.
 */
export function spanishEverywhere(cmd: Command): void {
  spanishHelp(cmd).helpOption(HELP_FLAGS, HELP_TEXT);
  const output = cmd.configureOutput();
  cmd.configureOutput({
    ...output,
    outputError: (text, write) => write(translateCommanderError(text)),
  });
  if (cmd.commands.length > 0) cmd.helpCommand('help [comando]', 'muestra la ayuda de un comando');
  for (const sub of cmd.commands) spanishEverywhere(sub);
}
