import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { closeOnSignals, startServer } from '../server.js';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Start the server: migrate the database, load the entity and listen on HOST:PORT')
    .action(async () => {
      const config = loadConfig();
      const logger = createLogger(config);
      const server = await startServer(config, logger);
      logger.info({ url: server.url }, 'Ventanilla is listening');
      closeOnSignals(server, logger, config.SHUTDOWN_TIMEOUT_MS);
    });
}
