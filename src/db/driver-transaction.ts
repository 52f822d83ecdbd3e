import type { ArgType, SqlDriverAdapter, SqlDriverAdapterFactory, Transaction } from '@prisma/driver-adapter-utils';
import type { DatabaseProvider } from './provider.js';

/** A value bound to a statement; Dates and JSON are converted the way Prisma stores them, by the adapter itself. */
export type SqlValue = string | number | boolean | null | Date | { json: unknown };

/**
 * A transaction on the driver adapter itself, for the hot path (issue #20): Prisma's query engine costs ~0.3 ms of
 * CPU per statement, the driver a fraction of that. SQL is written once with `?` placeholders and double-quoted
 * identifiers, which both SQLite and PostgreSQL read; the placeholders become `$n` on PostgreSQL.
 */
export interface DriverTransaction {
  query(sql: string, args?: SqlValue[]): Promise<Record<string, unknown>[]>;
  execute(sql: string, args?: SqlValue[]): Promise<number>;
}

export type RunInDriverTransaction = <T>(work: (tx: DriverTransaction) => Promise<T>) => Promise<T>;

/** One statement on the driver, outside any transaction (SQLite: behind the adapter's lock, as Prisma's are). */
export type DriverQuery = (sql: string, args?: SqlValue[]) => Promise<Record<string, unknown>[]>;

/**
 * Wraps Prisma's adapter factory so the adapter Prisma connects with is also ours: same connection (SQLite) or pool
 * (PostgreSQL), same lock, so a driver transaction never interleaves with a Prisma one on the shared SQLite
 * connection.
 */
export class SharedAdapterFactory implements SqlDriverAdapterFactory {
  readonly provider: SqlDriverAdapterFactory['provider'];
  readonly adapterName: string;
  private current: SqlDriverAdapter | undefined;

  constructor(private readonly inner: SqlDriverAdapterFactory) {
    this.provider = inner.provider;
    this.adapterName = inner.adapterName;
  }

  async connect(): Promise<SqlDriverAdapter> {
    const adapter = await this.inner.connect();
    this.current = adapter;
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = () => {
      if (this.current === adapter) this.current = undefined;
      return dispose();
    };
    return adapter;
  }

  /** The adapter Prisma holds, connecting through Prisma (`connect`) first when it has not connected yet. */
  async adapter(connect: () => Promise<void>): Promise<SqlDriverAdapter> {
    if (!this.current) await connect();
    if (!this.current) throw new Error('the database adapter is not connected');
    return this.current;
  }
}

export function driverTransactions(
  provider: DatabaseProvider,
  adapter: () => Promise<SqlDriverAdapter>,
): RunInDriverTransaction {
  const dialect = provider === 'postgresql' ? toPostgres : (sql: string) => sql;
  return async (work) => {
    const driver = await adapter();
    const tx = await driver.startTransaction();
    // libsql's adapter sends BEGIN and COMMIT itself; pg's sends BEGIN and leaves COMMIT or ROLLBACK to its caller
    // (Prisma's engine, here us).
    const explicit = !tx.options.usePhantomQuery;
    try {
      const result = await work(wrap(tx, dialect));
      if (explicit) await tx.executeRaw({ sql: 'COMMIT', args: [], argTypes: [] });
      await tx.commit();
      return result;
    } catch (error) {
      if (explicit) await tx.executeRaw({ sql: 'ROLLBACK', args: [], argTypes: [] }).catch(() => undefined);
      await tx.rollback();
      throw error;
    }
  };
}

export function driverQueries(provider: DatabaseProvider, adapter: () => Promise<SqlDriverAdapter>): DriverQuery {
  const dialect = provider === 'postgresql' ? toPostgres : (sql: string) => sql;
  return async (sql, args) => wrap(await adapter(), dialect).query(sql, args);
}

function wrap(tx: Pick<Transaction, 'queryRaw' | 'executeRaw'>, dialect: (sql: string) => string): DriverTransaction {
  const statement = (sql: string, values: SqlValue[]) => {
    const args: unknown[] = [];
    const argTypes: ArgType[] = [];
    for (const value of values) {
      if (value instanceof Date) {
        args.push(value);
        argTypes.push({ scalarType: 'datetime', arity: 'scalar' });
      } else if (value !== null && typeof value === 'object') {
        args.push(JSON.stringify(value.json));
        argTypes.push({ scalarType: 'json', arity: 'scalar' });
      } else {
        args.push(value);
        argTypes.push({
          scalarType: typeof value === 'number' ? 'int' : typeof value === 'boolean' ? 'boolean' : 'string',
          arity: 'scalar',
        });
      }
    }
    return { sql: dialect(sql), args, argTypes };
  };
  return {
    async query(sql, values = []) {
      const result = await tx.queryRaw(statement(sql, values));
      return result.rows.map((row) => Object.fromEntries(result.columnNames.map((name, i) => [name, row[i]])));
    },
    execute: (sql, values = []) => tx.executeRaw(statement(sql, values)),
  };
}

/** `?` → `$1, $2, …`. The hot-path SQL has no `?` inside string literals. */
function toPostgres(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** A JSON column read back: SQLite gives its text, PostgreSQL's adapter may give either. */
export function readJson(value: unknown): unknown {
  return typeof value === 'string' ? (JSON.parse(value) as unknown) : (value ?? null);
}

/** A column read back as a Date: SQLite returns Prisma's ISO text, PostgreSQL's adapter an ISO string too. */
export function readDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  return new Date(value as string | number);
}
