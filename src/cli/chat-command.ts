import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { FakeAdapter } from '../channels/fake/fake-adapter.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { createLogger } from '../logger.js';
import { startEntityRuntime } from '../runtime-for-entity.js';
import { migrateDatabase } from '../server.js';

interface ChatOptions {
  flows?: string;
  database?: string;
  buttons: string;
}

/**
 * A terminal simulator of the flows for editors: the real pipeline and actions, an in-memory channel, and by default
 * a throwaway database so trying a flow leaves nothing behind. Lines typed (or piped) are the citizen's messages.
 */
export function registerChatCommand(program: Command): void {
  program
    .command('chat')
    .description('Probar los flujos en la terminal, como si fuera un ciudadano (sin canal)')
    .option('--flows <dir>', 'carpeta de flujos (por defecto FLOWS_DIR o "flows")')
    .option('--database <url>', 'base de datos (por defecto una temporal que se borra al salir)')
    .option('--buttons <n>', 'botones que muestra el canal simulado (0 = opciones numeradas, como WhatsApp)', '0')
    .action(async (opts: ChatOptions) => {
      const temp = join(tmpdir(), `ventanilla-chat-${process.pid}.db`);
      const env = {
        ...process.env,
        DATABASE_URL: opts.database ?? `file:${temp}`,
        ...(opts.flows ? { FLOWS_DIR: opts.flows } : {}),
      };
      const config = loadConfig(env);
      const logger = createLogger({
        LOG_LEVEL: process.env.LOG_LEVEL === 'debug' ? 'debug' : 'error',
        NODE_ENV: 'production',
      });
      await migrateDatabase(config, logger);
      const database = await openDatabase(config.DATABASE_URL);
      let adapter: FakeAdapter | undefined;
      const { runtime } = await startEntityRuntime({
        database,
        logger,
        flowsDir: config.FLOWS_DIR,
        adapters: ({ id: entityId }) => {
          adapter = new FakeAdapter(entityId, {
            maxButtons: Number(opts.buttons) || 0,
            maxTextLength: 4096,
            typingIndicator: false,
            attachments: false,
          });
          return [adapter];
        },
      });
      const fake = adapter!;
      fake.onSend(({ message }) => {
        const buttons = message.options.map((o) => `[${o.label}]`).join(' ');
        console.log(`A.V.A: ${message.text}${buttons ? `\n       ${buttons}` : ''}`);
      });
      console.log('Simulador de A.V.A. Escriba como un ciudadano; "salir del simulador" o Ctrl+D para terminar.\n');
      const settle = async () => {
        await runtime.engine.idle();
        await runtime.outbox.idle();
      };
      const lines = createInterface({ input: process.stdin, terminal: process.stdin.isTTY });
      try {
        for await (const line of lines) {
          const text = line.trim();
          if (text === 'salir del simulador') break;
          if (!text) continue;
          if (!process.stdin.isTTY) console.log(`Usted: ${text}`);
          await fake.receive('simulador', { text });
          await settle();
        }
      } finally {
        lines.close();
        await runtime.stop();
        await database.close();
        if (!opts.database) for (const suffix of ['', '-wal', '-shm']) await rm(temp + suffix, { force: true });
      }
    });
}
