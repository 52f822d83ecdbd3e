import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { migrationsDir } from '../db/migration-files.js';
import { migrationStatus } from '../db/migrate.js';
import { openSqlConnection } from '../db/sql-connection.js';
import { migrateDatabase } from '../server.js';

const STATES_ES: Readonly<Record<string, string>> = { applied: 'aplicada', pending: 'pendiente', failed: 'fallida' };
export function registerDbCommand(program: Command): void {
  const db = program
    .command('db')
    .description('Migraciones de la base de datos (SQLite o PostgreSQL, según DATABASE_URL)');

  db.command('migrate')
    .description('Aplica las migraciones pendientes; se puede ejecutar en cada despliegue sin riesgo')
    .option('--json', 'salida en JSON')
    .action(async (opts: { json?: boolean }) => {
      const config = loadConfig();
      const applied = await migrateDatabase(config, createLogger({ ...config, LOG_LEVEL: 'warn' }));
      if (opts.json) console.log(JSON.stringify({ applied }));
      else
        console.log(
          applied.length === 0 ? 'La base de datos está al día.' : `Migraciones aplicadas: ${applied.join(', ')}`,
        );
    });

  db.command('status')
    .description('Lista las migraciones aplicadas, pendientes y fallidas; termina con código 1 si falta aplicar alguna')
    .option('--json', 'salida en JSON')
    .action(async (opts: { json?: boolean }) => {
      const config = loadConfig();
      const conn = await openSqlConnection(config.DATABASE_URL);
      try {
        const status = await migrationStatus(conn, migrationsDir(conn.provider));
        if (opts.json) {
          console.log(JSON.stringify({ provider: conn.provider, ...status }, null, 2));
        } else {
          console.log(`Base de datos: ${conn.provider}`);
          for (const m of status.migrations) {
            const extra =
              m.state === 'applied'
                ? ` ${m.appliedAt ?? ''}${m.modified ? ' (el archivo cambió después de aplicarla)' : ''}`
                : m.error
                  ? ` — ${m.error}`
                  : '';
            console.log(`  ${(STATES_ES[m.state] ?? m.state).padEnd(11)} ${m.name}${extra}`);
          }
          for (const name of status.unknown)
            console.log(`  desconocida ${name} (aplicada, pero no está en los archivos de esta versión)`);
          console.log(status.upToDate ? 'Al día.' : 'No está al día: ejecute `ventanilla db migrate`.');
        }
        if (!status.upToDate) process.exitCode = 1;
      } finally {
        await conn.close();
      }
    });
}
