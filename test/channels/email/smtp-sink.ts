import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from './dovecot-server.js';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  parsed: ParsedMail;
}

export interface SmtpSink {
  host: string;
  port: number;
  user: string;
  password: string;
  received: ReceivedMail[];
  /** The next deliveries are refused with this SMTP code (550: for good, 451: try later). */
  refuseNext(count: number, code: number): void;
  close(): Promise<void>;
}

/** An SMTP server from npm's smtp-server on a free port that keeps what it receives, parsed, for the test to read. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const port = await freePort();
  const user = 'contactenos@sanisidro.test';
  const password = 'clave-de-aplicacion';
  const received: ReceivedMail[] = [];
  let refusals = 0;
  let refusalCode = 550;
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: false,
    onAuth(auth, _session, callback) {
      if (auth.username === user && auth.password === password) callback(null, { user });
      else callback(new Error('Invalid username or password'));
    },
    onRcptTo(_address, _session, callback) {
      if (refusals > 0) {
        refusals--;
        const error = new Error(refusalCode >= 500 ? 'Mailbox unavailable' : 'Try again later') as Error & {
          responseCode: number;
        };
        error.responseCode = refusalCode;
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw).then(
          (parsed) => {
            received.push({
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
              raw,
              parsed,
            });
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    received,
    refuseNext(count, code) {
      refusals = count;
      refusalCode = code;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
