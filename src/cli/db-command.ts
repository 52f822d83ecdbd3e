import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { migrationsDir } from '../db/migration-files.js';
import { migrationStatus } from '../db/migrate.js';
import { openSqlConnection } from '../db/sql-connection.js';
import { migrateDatabase } from '../server.js';

export function registerDbCommand(program: Command): void {
  const db = program.command('db').description('Database migrations (SQLite or PostgreSQL, from DATABASE_URL)');

  db.command('migrate')
    .description('Apply pending migrations; safe to run at every deploy')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { json?: boolean }) => {
      const config = loadConfig();
      const applied = await migrateDatabase(config, createLogger({ ...config, LOG_LEVEL: 'warn' }));
      if (opts.json) console.log(JSON.stringify({ applied }));
      else console.log(applied.length === 0 ? 'Database is up to date.' : `Applied: ${applied.join(', ')}`);
    });

  db.command('status')
    .description('List applied, pending and failed migrations; exits 1 unless all are applied')
    .option('--json', 'print the status as JSON')
    .action(async (opts: { json?: boolean }) => {
      const config = loadConfig();
      const conn = await openSqlConnection(config.DATABASE_URL);
      try {
        const status = await migrationStatus(conn, migrationsDir(conn.provider));
        if (opts.json) {
          console.log(JSON.stringify({ provider: conn.provider, ...status }, null, 2));
        } else {
          console.log(`Database: ${conn.provider}`);
          for (const m of status.migrations) {
            const extra =
              m.state === 'applied'
                ? ` ${m.appliedAt ?? ''}${m.modified ? ' (file changed since applied)' : ''}`
                : m.error
                  ? ` — ${m.error}`
                  : '';
            console.log(`  ${m.state.padEnd(8)} ${m.name}${extra}`);
          }
          for (const name of status.unknown)
            console.log(`  unknown  ${name} (applied, but not in this version's files)`);
          console.log(status.upToDate ? 'Up to date.' : 'Not up to date: run `ventanilla db migrate`.');
        }
        if (!status.upToDate) process.exitCode = 1;
      } finally {
        await conn.close();
      }
    });
}
