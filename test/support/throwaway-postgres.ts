import { execFile, spawn } from 'node:child_process';
import { chmod, mkdtemp, readdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A PostgreSQL cluster of its own for one test run: a temp data dir, a free loopback port, fsync off. */
export interface ThrowawayPostgres {
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

/** Finds Debian's PostgreSQL binaries, newest major version first; undefined when PostgreSQL is not installed. */
export async function findPostgresBin(): Promise<string | undefined> {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = (await readdir(root)).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const bin = join(root, v, 'bin');
    if (existsSync(join(bin, 'initdb'))) return bin;
  }
  return undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts a throwaway cluster. initdb refuses to run as root, so as root the cluster belongs to the `postgres` user;
 * the connection uses trust authentication on loopback, which is only acceptable because the cluster lives for one
 * test run in a private temp dir.
 */
export async function startThrowawayPostgres(database = 'ventanilla_test'): Promise<ThrowawayPostgres> {
  const bin = await findPostgresBin();
  if (!bin) throw new Error('PostgreSQL is not installed (apt-get install -y postgresql)');
  const dataDir = await mkdtemp(join(tmpdir(), 'ventanilla-pg-'));
  await chmod(dataDir, 0o777);
  const asRoot = process.getuid?.() === 0;
  const exec = (file: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', join(bin, file), ...args]) : run(join(bin, file), args);
  const port = await freePort();
  const pgdata = join(dataDir, 'data');
  await exec('initdb', ['-D', pgdata, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-instructions']);
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dataDir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300`;
  await exec('pg_ctl', ['-D', pgdata, '-w', '-t', '60', '-l', join(dataDir, 'log'), '-o', options, 'start']);
  await exec('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', database]);
  let stopped = false;
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/${database}`,
    port,
    dataDir,
    async stop() {
      if (stopped) return;
      stopped = true;
      await exec('pg_ctl', ['-D', pgdata, '-m', 'fast', '-w', 'stop']).catch(() => undefined);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs a command with TEST_POSTGRES_URL pointing at a throwaway cluster, then stops the cluster. */
export async function withThrowawayPostgres(command: string, args: string[]): Promise<number> {
  const pg = await startThrowawayPostgres();
  try {
    const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, TEST_POSTGRES_URL: pg.url } });
    return await new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
  } finally {
    await pg.stop();
  }
}
