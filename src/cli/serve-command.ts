import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { closeOnSignals, startServer } from '../server.js';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Inicia el servidor: migra la base de datos, carga la entidad y escucha en HOST:PORT')
    .action(async () => {
      const config = loadConfig();
      const logger = createLogger(config);
      const server = await startServer(config, logger);
      logger.info({ url: server.url }, 'Ventanilla is listening');
      closeOnSignals(server, logger, config.SHUTDOWN_TIMEOUT_MS);
    });
}
