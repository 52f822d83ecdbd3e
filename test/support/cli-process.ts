import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The command line as a user runs it, from source so tests never depend on a stale build. */
export function cliArgs(args: string[]): string[] {
  return ['--import', 'tsx', 'src/cli.ts', ...args];
}

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 30_000): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, cliArgs(args), { cwd: repoRoot, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`ventanilla ${args.join(' ')} did not finish: ${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Adds console users with `ventanilla agents add`, as an administrator would, and returns the password the command
 * printed for each email.
 */
export async function addConsoleStaff(
  env: NodeJS.ProcessEnv,
  people: readonly (readonly [email: string, role: string])[],
  timeoutMs = 120_000,
): Promise<Record<string, string>> {
  const passwords: Record<string, string> = {};
  for (const [email, role] of people) {
    const added = await runCli(
      ['agents', 'add', '--name', `Persona ${role}`, '--email', email, '--role', role],
      env,
      timeoutMs,
    );
    const password = /Contraseña: (\S+)/.exec(added.stdout)?.[1];
    if (added.code !== 0 || !password) throw new Error(`agents add ${email} failed (${added.code}): ${added.stderr}`);
    passwords[email] = password;
  }
  return passwords;
}

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  logs(): string;
  /** Sends the signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `ventanilla <args>` (serve by default) and waits until it logs the URL it listens on. */
export function startServerProcess(
  env: NodeJS.ProcessEnv,
  command: string[] = ['node', ...cliArgs(['serve'])],
): Promise<ServerProcess> {
  return new Promise((resolve, reject) => {
    const [file, ...args] = command;
    const child = spawn(file!, args, {
      cwd: repoRoot,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        LOG_LEVEL: 'info',
        HOST: '127.0.0.1',
        PORT: '0',
        WIDGET_SECRET: 'a-test-widget-secret-of-32-characters-or-more',
        ...env,
      },
    });
    let out = '';
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start:\n${out}`));
    }, 60_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const match = /"url":"(http:\/\/[^"]+)","msg":"Ventanilla is listening"/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({
          child,
          url: match[1]!,
          logs: () => out,
          stop: (signal = 'SIGTERM') => {
            child.kill(signal);
            return exited;
          },
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${out}`));
    });
  });
}
