import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function idOf(name: string): { uid: number; gid: number } | undefined {
  try {
    return {
      uid: Number(execFileSync('id', ['-u', name]).toString()),
      gid: Number(execFileSync('id', ['-g', name]).toString()),
    };
  } catch {
    return undefined;
  }
}

export interface DovecotServer {
  host: string;
  port: number;
  user: string;
  password: string;
  /** The user's Maildir, where an MTA would deliver while IMAP is down. */
  maildir: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Puts a message straight into a folder's Maildir, as local delivery does, without IMAP. */
  deliverToMaildir(raw: string, folder: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * A throwaway Dovecot (Debian's dovecot-imapd) on a free port: its own config, passwd-file and Maildir in a temp
 * dir, plain-text login on 127.0.0.1 only. Dovecot refuses to serve mail as root, so as root the mail belongs to the
 * `dovecot` system user the package creates.
 */
export async function startDovecot(): Promise<DovecotServer> {
  const dir = await mkdtemp(join(tmpdir(), 'ventanilla-dovecot-'));
  // Dovecot's auth and mail processes run as the mail user and must reach the passwd-file and the Maildir.
  await chmod(dir, 0o755);
  const port = await freePort();
  const user = 'contactenos';
  const password = randomBytes(8).toString('hex');
  const me = userInfo();
  const owner = me.uid === 0 ? (idOf('dovecot') ?? { uid: 65534, gid: 65534 }) : { uid: me.uid, gid: me.gid };
  const mailRoot = join(dir, 'mail');
  const maildir = join(mailRoot, user);
  for (const sub of ['cur', 'new', 'tmp']) await mkdir(join(maildir, sub), { recursive: true });
  for (const path of [mailRoot, maildir, ...['cur', 'new', 'tmp'].map((s) => join(maildir, s))])
    await chown(path, owner.uid, owner.gid);
  await writeFile(join(dir, 'passwd'), `${user}:{PLAIN}${password}:${owner.uid}:${owner.gid}::${maildir}::\n`);
  const loginUser = me.uid === 0 ? 'dovenull' : me.username;
  const internalUser = me.uid === 0 ? 'dovecot' : me.username;
  await writeFile(
    join(dir, 'dovecot.conf'),
    [
      `base_dir = ${dir}/run`,
      `state_dir = ${dir}/state`,
      `log_path = ${dir}/dovecot.log`,
      `info_log_path = ${dir}/dovecot.log`,
      'protocols = imap',
      'listen = 127.0.0.1',
      'ssl = no',
      'disable_plaintext_auth = no',
      'auth_mechanisms = plain login',
      `default_login_user = ${loginUser}`,
      `default_internal_user = ${internalUser}`,
      'first_valid_uid = 1',
      // Pushes normally come from inotify; this is the fallback check while a client idles.
      'mailbox_idle_check_interval = 1 secs',
      // Stopping the server must cut the clients' open sessions too, as a real outage does (the default, said out loud).
      'shutdown_clients = yes',
      `mail_location = maildir:${maildir}`,
      `passdb {\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u ${dir}/passwd\n}`,
      `userdb {\n  driver = passwd-file\n  args = username_format=%u ${dir}/passwd\n}`,
      `service imap-login {\n  inet_listener imap {\n    address = 127.0.0.1\n    port = ${port}\n  }\n  inet_listener imaps {\n    port = 0\n  }\n}`,
      'service anvil {\n  chroot =\n}',
      'service imap-login {\n  chroot =\n}',
      '',
    ].join('\n'),
  );
  let child: ChildProcess | undefined;
  let deliveries = 0;
  const server: DovecotServer = {
    host: '127.0.0.1',
    port,
    user,
    password,
    maildir,
    async start() {
      if (child) return;
      const started = spawn(
        existsSync('/usr/sbin/dovecot') ? '/usr/sbin/dovecot' : 'dovecot',
        ['-F', '-c', join(dir, 'dovecot.conf')],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let stderr = '';
      started.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
      child = started;
      started.once('exit', () => {
        if (child === started) child = undefined;
      });
      await waitFor(async () => {
        if (started.exitCode !== null) throw new Error(`dovecot exited: ${stderr}`);
        return portOpen(port);
      }, 'dovecot to listen');
    },
    async stop() {
      const running = child;
      if (!running) return;
      child = undefined;
      const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
      running.kill('SIGTERM');
      await exited;
      await waitFor(async () => !(await portOpen(port)), 'dovecot to stop listening');
    },
    async deliverToMaildir(raw, folder) {
      // Maildir++: INBOX is the Maildir itself, other folders are ".Name" inside it.
      const box = folder === 'INBOX' ? maildir : join(maildir, `.${folder}`);
      const name = `${Date.now()}.M${++deliveries}P${process.pid}.ventanilla-test`;
      const tmpPath = join(box, 'tmp', name);
      await writeFile(tmpPath, raw.replace(/\r?\n/g, '\n'));
      await chown(tmpPath, owner.uid, owner.gid);
      // Maildir delivery is tmp/ then a rename into new/: readers never see half a message.
      await rename(tmpPath, join(box, 'new', name));
    },
    async close() {
      await server.stop();
      if (!process.env.KEEP_MAIL_FIXTURES) await rm(dir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}
