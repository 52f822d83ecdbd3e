import type { PrismaClient } from '../generated/sqlite/client.js';
import {
  driverQueries,
  driverTransactions,
  SharedAdapterFactory,
  type DriverQuery,
  type RunInDriverTransaction,
} from './driver-transaction.js';
import { migrationsDir, readMigrations } from './migration-files.js';
import { providerOf, type DatabaseProvider } from './provider.js';
import { sqliteFileUrl } from './sql-connection.js';
import { PersistentLibSql, sqlitePragmas } from './sqlite-adapter.js';

/**
 * The application's handle on its database. Both generated clients expose the same model API; the SQLite client's
 * type stands for both, which also keeps PostgreSQL-only query features out of shared code.
 */
export type Db = PrismaClient;

/** The client a `$transaction(async (tx) => …)` callback receives. */
export type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

export interface Database {
  readonly provider: DatabaseProvider;
  readonly prisma: Db;
  /** Connections the client may hold at once: 1 for SQLite, the pool size for PostgreSQL. */
  readonly connections: number;
  /** A transaction on the driver adapter Prisma uses, for the turn's writes (driver-transaction.ts). */
  readonly driverTransaction: RunInDriverTransaction;
  /** One statement on that adapter, for the turn's hot reads. */
  readonly driverQuery: DriverQuery;
  /** Database reachable and every migration of this version applied. */
  readiness(timeoutMs?: number): Promise<Readiness>;
  close(): Promise<void>;
}

export interface Readiness {
  ready: boolean;
  database: 'ok' | 'unreachable';
  migrations: 'ok' | 'pending' | 'unknown';
  pending?: string[];
}

const tableExists: Record<DatabaseProvider, string> = {
  sqlite: `SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`,
  postgresql: `SELECT count(*)::int AS n FROM pg_catalog.pg_tables WHERE tablename = '_prisma_migrations'`,
};

export interface DatabaseOptions {
  /** PostgreSQL: connections in the pool (DATABASE_POOL_SIZE). */
  poolSize?: number;
  /** PostgreSQL: how long a query or a transaction waits for a free connection before failing (DATABASE_POOL_TIMEOUT_MS). */
  poolTimeoutMs?: number;
}

export const defaultPoolSize = 10;
export const defaultPoolTimeoutMs = 30_000;

export async function openDatabase(databaseUrl: string, options: DatabaseOptions = {}): Promise<Database> {
  const provider = providerOf(databaseUrl);
  const poolSize = options.poolSize ?? defaultPoolSize;
  const { prisma, factory } =
    provider === 'postgresql'
      ? await postgresClient(databaseUrl, poolSize, options.poolTimeoutMs ?? defaultPoolTimeoutMs)
      : await sqliteClient(databaseUrl);
  const adapter = () => factory.adapter(() => prisma.$connect());
  const driverTransaction = driverTransactions(provider, adapter);
  const driverQuery = driverQueries(provider, adapter);
  const expected = (await readMigrations(migrationsDir(provider))).map((m) => m.name);
  let closed = false;

  return {
    provider,
    prisma,
    connections: provider === 'postgresql' ? poolSize : 1,
    driverTransaction,
    driverQuery,
    async readiness(timeoutMs = 2000) {
      if (closed) return { ready: false, database: 'unreachable', migrations: 'unknown' };
      let rows: { migration_name: string }[];
      try {
        // Reading the catalogue touches the schema itself, so a corrupt or vanished database is caught here too.
        const present = await withTimeout(prisma.$queryRawUnsafe<{ n: unknown }[]>(tableExists[provider]), timeoutMs);
        if (Number(present[0]?.n ?? 0) === 0) {
          return { ready: false, database: 'ok', migrations: 'pending', pending: expected };
        }
        rows = await withTimeout(
          prisma.$queryRawUnsafe<{ migration_name: string }[]>(
            'SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
          ),
          timeoutMs,
        );
      } catch {
        return { ready: false, database: 'unreachable', migrations: 'unknown' };
      }
      const applied = new Set(rows.map((r) => r.migration_name));
      const pending = expected.filter((name) => !applied.has(name));
      return pending.length === 0
        ? { ready: true, database: 'ok', migrations: 'ok' }
        : { ready: false, database: 'ok', migrations: 'pending', pending };
    },
    async close() {
      if (closed) return;
      closed = true;
      await prisma.$disconnect();
    },
  };
}

interface Client {
  prisma: Db;
  factory: SharedAdapterFactory;
}

async function sqliteClient(databaseUrl: string): Promise<Client> {
  const { PrismaClient } = await import('../generated/sqlite/client.js');
  // One connection for the client's life (sqlite-adapter.ts), so these settings hold for every statement. The busy
  // timeout lets a writer wait out another process's transaction (the CLI beside the server).
  const factory = new SharedAdapterFactory(new PersistentLibSql({ url: sqliteFileUrl(databaseUrl), timeout: 10_000 }));
  const prisma = new PrismaClient({ adapter: factory });
  for (const pragma of sqlitePragmas) await prisma.$queryRawUnsafe(pragma);
  return { prisma, factory };
}

async function postgresClient(databaseUrl: string, poolSize: number, poolTimeoutMs: number): Promise<Client> {
  const { PrismaPg } = await import('@prisma/adapter-pg');
  const { PrismaClient } = await import('../generated/postgresql/client.js');
  // Under load, work queues for a connection instead of failing: pg's own queue waits up to poolTimeoutMs for a
  // statement, and a transaction waits as long (maxWait; Prisma's default of 2 s gave P2028 at 1,000 conversations).
  const factory = new SharedAdapterFactory(
    new PrismaPg({ connectionString: databaseUrl, connectionTimeoutMillis: poolTimeoutMs, max: poolSize }),
  );
  // Stays: the PostgreSQL client is a distinct generated type with the same model API; Db names the SQLite one (above).
  const prisma = new PrismaClient({
    adapter: factory,
    transactionOptions: { maxWait: poolTimeoutMs, timeout: 15_000 },
  }) as unknown as Db;
  return { prisma, factory };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
