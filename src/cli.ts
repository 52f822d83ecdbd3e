import { Command, CommanderError } from 'commander';
import { ConfigError } from './config.js';
import { actionCatalog } from './actions/create-actions.js';
import { registerAgentsCommand } from './cli/agents-command.js';
import { registerCalendarCommand } from './cli/calendar-command.js';
import { registerChatCommand } from './cli/chat-command.js';
import { registerFlowsCommand } from './cli/flows-command.js';
import { registerDbCommand } from './cli/db-command.js';
import { registerEntitiesCommand } from './cli/entities-command.js';
import { registerKbCommand } from './cli/kb-command.js';
import { registerReportCommand } from './cli/report-command.js';
import { registerServeCommand } from './cli/serve-command.js';
import { registerStaffCommand } from './cli/staff-command.js';
import { spanishEverywhere } from './cli/spanish-help.js';

/** The `ventanilla` command line. Every command has --help and exits non-zero on error. */
export function buildProgram(): Command {
  const program = new Command('ventanilla')
    .description(
      'Ventanilla: asistente de atención al ciudadano (servidor, flujos, base de conocimiento, casos, informes)',
    )
    .showHelpAfterError()
    .exitOverride();
  registerServeCommand(program);
  registerDbCommand(program);
  registerKbCommand(program);
  registerFlowsCommand(program, actionCatalog);
  registerChatCommand(program);
  registerCalendarCommand(program);
  registerReportCommand(program);
  registerStaffCommand(program);
  registerAgentsCommand(program);
  registerEntitiesCommand(program);
  spanishEverywhere(program);
  return program;
}

export async function runCli(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    // One clear line for the operator; the stack only when asked for.
    console.error(`ventanilla: ${error instanceof Error ? error.message : String(error)}`);
    if (process.env.DEBUG && error instanceof Error && !(error instanceof ConfigError)) console.error(error.stack);
    return 1;
  }
}

const invokedDirectly = process.argv[1] !== undefined && /cli\.(ts|js)$/.test(process.argv[1]);
if (invokedDirectly) {
  const code = await runCli(process.argv);
  if (code !== 0) process.exitCode = code;
}
