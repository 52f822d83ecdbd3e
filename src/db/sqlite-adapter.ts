import {
  createClient,
  type Client,
  type Config,
  type InStatement,
  type Transaction,
  type TransactionMode,
} from '@libsql/client';
import { PrismaLibSql } from '@prisma/adapter-libsql';

/**
 * Per-connection settings, applied once to the one connection the server keeps. WAL lets readers run beside the
 * writer; synchronous=NORMAL in WAL mode syncs at checkpoints instead of at every commit, which cannot corrupt the
 * database (a power cut may lose the last commits, never half of one) and removes an fsync per write.
 */
export const sqlitePragmas = ['PRAGMA journal_mode = WAL', 'PRAGMA synchronous = NORMAL', 'PRAGMA foreign_keys = ON'];

/**
 * @prisma/adapter-libsql with one long-lived SQLite connection. @libsql/client gives each transaction its current
 * connection and opens a fresh one for what follows, never closing the old one (only GC does): a file open and a
 * page cache per transaction, and thousands of descriptors under load (issue #20). The adapter already runs one
 * statement or one transaction at a time behind its own lock (a transaction holds it from BEGIN to COMMIT), so the
 * transaction can run on the shared connection itself: nothing else can interleave with it.
 */
export class PersistentLibSql extends PrismaLibSql {
  override createClient(config: Config): Client {
    return singleConnection(createClient(config));
  }
}

/** Longest stretch of database work before the event loop gets a turn. */
const yieldEveryMs = 10;

/**
 * The client with `transaction()` running BEGIN … COMMIT on the client's own connection, and `execute()` letting the
 * event loop run every few milliseconds. SQLite answers synchronously and the adapter hands its lock on as a
 * microtask, so while statements are queued no I/O ever ran: under load one such chain lasted seconds, with no
 * socket read and no ack meanwhile (issue #20).
 */
function singleConnection(client: Client): Client {
  let since = performance.now();
  const execute = async (stmt: InStatement) => {
    if (performance.now() - since > yieldEveryMs) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      since = performance.now();
    }
    return client.execute(stmt);
  };
  const shared = new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'execute') return execute;
      if (property === 'transaction')
        return (mode?: TransactionMode) => sameConnectionTransaction(shared, mode ?? 'write');
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return shared;
}

const begin: Record<TransactionMode, string> = {
  write: 'BEGIN IMMEDIATE',
  read: 'BEGIN TRANSACTION READONLY',
  deferred: 'BEGIN DEFERRED',
};

async function sameConnectionTransaction(client: Client, mode: TransactionMode): Promise<Transaction> {
  await client.execute(begin[mode]);
  let open = true;
  const end = async (sql: 'COMMIT' | 'ROLLBACK') => {
    if (!open) return;
    try {
      await client.execute(sql);
      open = false;
    } catch (error) {
      // A failed COMMIT (SQLITE_BUSY) leaves the transaction open on the shared connection: roll it back so the
      // next statement does not run inside it.
      if (sql === 'COMMIT') await client.execute('ROLLBACK').catch(() => undefined);
      open = false;
      if (sql === 'COMMIT') throw error;
    }
  };
  const tx: Transaction = {
    execute: (stmt: InStatement) => client.execute(stmt),
    batch: async (stmts: InStatement[]) => {
      const results = [];
      for (const stmt of stmts) results.push(await client.execute(stmt));
      return results;
    },
    // The client's executeMultiple rolls back whatever transaction is open when it ends: never inside this one.
    executeMultiple: () => Promise.reject(new Error('executeMultiple is not supported inside a transaction')),
    commit: () => end('COMMIT'),
    rollback: () => end('ROLLBACK'),
    close: () => {
      void end('ROLLBACK');
    },
    get closed() {
      return !open;
    },
  } as Transaction;
  return tx;
}
