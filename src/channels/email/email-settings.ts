import { z } from 'zod';

const Server = (defaultPort: number) =>
  z
    .object({
      host: z.string().trim().min(1, 'escriba el servidor, por ejemplo imap.gmail.com'),
      puerto: z.number().int().min(1).max(65_535).default(defaultPort),
      /** TLS from the first byte; absent, it follows the port (993 and 465 yes, 143 and 587 STARTTLS). */
      tls: z.boolean().optional(),
    })
    .strict();

/**
 * `settings.correo` of the entity file (keys in Spanish for editors): the mailbox the channel answers. Credentials
 * never go in the file: they come from the environment (EMAIL_IMAP_USER, EMAIL_IMAP_PASSWORD, EMAIL_SMTP_USER,
 * EMAIL_SMTP_PASSWORD; the SMTP ones default to the IMAP ones).
 */
const EmailSettingsSchema = z
  .object({
    activo: z.boolean().default(true),
    /** The address citizens write to and that answers them, e.g. contactenos@entidad.gov.co. */
    direccion: z.email('escriba la dirección de correo de la entidad, por ejemplo contactenos@entidad.gov.co'),
    /** The sender name citizens see; the entity's name when absent. */
    nombre: z.string().trim().min(1).max(120).optional(),
    imap: Server(993),
    smtp: Server(465),
    /** The folder read for new mail. */
    carpeta: z.string().trim().min(1).max(200).default('INBOX'),
    /** Where handled mail is moved; absent, it stays in the folder marked as read. */
    carpetaProcesados: z.string().trim().min(1).max(200).optional(),
    /** Answer the mail already in the folder when the channel first reads it (off: only mail that arrives after). */
    leerCorreosAnteriores: z.boolean().default(false),
    /** How often the folder is checked besides IDLE's pushes (servers without IDLE, pushes lost on the way). */
    revisarCadaSegundos: z.number().int().min(1).max(3600).default(60),
  })
  .strict();

const EmailEnvSchema = z.object({
  EMAIL_IMAP_USER: z.string().trim().min(1, 'is required when settings.correo is set (the mailbox login)'),
  EMAIL_IMAP_PASSWORD: z
    .string()
    .min(1, 'is required when settings.correo is set (an app password, see docs/channels.md)'),
  EMAIL_SMTP_USER: z.string().trim().min(1).optional(),
  EMAIL_SMTP_PASSWORD: z.string().min(1).optional(),
});

const tlsOf = (server: { puerto: number; tls?: boolean | undefined }) =>
  server.tls ?? (server.puerto === 993 || server.puerto === 465);

export interface MailServer {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  password: string;
}

export interface EmailSettings {
  address: string;
  senderName: string;
  imap: MailServer;
  smtp: MailServer;
  mailbox: string;
  processedMailbox?: string;
  pollMs: number;
  readExisting: boolean;
}

/**
 * Reads `settings.correo` and the credentials. Returns undefined when the entity has no mailbox (or it is switched
 * off); throws an Error that names the setting and what to fix.
 */
export function parseEmailSettings(
  entity: { name: string; settings: Record<string, unknown> },
  env: Record<string, string | undefined>,
): EmailSettings | undefined {
  const raw = entity.settings.correo;
  if (raw === undefined || raw === null) return undefined;
  const parsed = EmailSettingsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(
      `La configuración de correo de la entidad no es válida: ${parsed.error.issues.map((i) => `correo.${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  const s = parsed.data;
  if (!s.activo) return undefined;
  const creds = EmailEnvSchema.safeParse(env);
  if (!creds.success) {
    const missing = [...new Set(creds.error.issues.map((i) => i.path.join('.')))].join(', ');
    throw new Error(
      `Para activar el correo faltan en el servidor las variables de entorno del buzón: ${missing}. Las pone el equipo técnico; mientras tanto deje «activo: false».`,
    );
  }
  const c = creds.data;
  return {
    address: s.direccion.toLowerCase(),
    senderName: s.nombre ?? entity.name,
    imap: {
      host: s.imap.host,
      port: s.imap.puerto,
      secure: tlsOf(s.imap),
      user: c.EMAIL_IMAP_USER,
      password: c.EMAIL_IMAP_PASSWORD,
    },
    smtp: {
      host: s.smtp.host,
      port: s.smtp.puerto,
      secure: tlsOf(s.smtp),
      user: c.EMAIL_SMTP_USER ?? c.EMAIL_IMAP_USER,
      password: c.EMAIL_SMTP_PASSWORD ?? c.EMAIL_IMAP_PASSWORD,
    },
    mailbox: s.carpeta,
    ...(s.carpetaProcesados ? { processedMailbox: s.carpetaProcesados } : {}),
    pollMs: s.revisarCadaSegundos * 1000,
    readExisting: s.leerCorreosAnteriores,
  };
}
