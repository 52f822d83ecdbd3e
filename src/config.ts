import { z } from 'zod';

/**
 * Configuration from environment variables, validated once at start. Defaults are safe for a laptop: SQLite under
 * ./data, listening on loopback only. Every variable is documented in .env.example.
 */

const databaseUrl = z
  .string()
  .trim()
  .refine((v) => /^file:.+/.test(v) || isPostgresUrl(v), {
    message: 'debe ser file:<ruta> para SQLite o postgresql://usuario:clave@servidor:puerto/base para PostgreSQL',
  });

function isPostgresUrl(v: string): boolean {
  if (!/^postgres(ql)?:\/\//i.test(v)) return false;
  try {
    const u = new URL(v);
    return u.hostname !== '' && u.pathname.length > 1;
  } catch {
    return false;
  }
}

const port = z.coerce
  .number({ message: 'debe ser un número entero de 0 a 65535 (0 elige un puerto libre)' })
  .int('debe ser un número entero de 0 a 65535 (0 elige un puerto libre)')
  .min(0, 'debe ser un número entero de 0 a 65535 (0 elige un puerto libre)')
  .max(65535, 'debe ser un número entero de 0 a 65535 (0 elige un puerto libre)');

export const ConfigSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().trim().min(1).default('127.0.0.1'),
    PORT: port.default(3000),
    DATABASE_URL: databaseUrl.default('file:./data/ventanilla.db'),
    /** PostgreSQL: connections in this instance's pool; the turns, new messages and timers share them. */
    DATABASE_POOL_SIZE: z.coerce
      .number()
      .int('debe ser un número entero de 1 a 1000')
      .min(1, 'debe ser un número entero de 1 a 1000')
      .max(1000, 'debe ser un número entero de 1 a 1000')
      .default(10),
    /** PostgreSQL: how long a query or a transaction waits for a free pool connection before it fails. */
    DATABASE_POOL_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Folder with the entity's flows, knowledge and settings (demo content by default). */
    FLOWS_DIR: z.string().trim().min(1).default('flows'),
    /**
     * How often a running server looks for entities added since it started (`ventanilla entities add`, a new
     * FLOWS_DIR/entidades/<name>/entity.yaml); 0 looks only at start.
     */
    ENTITIES_POLL_MS: z.coerce.number().int().min(0).max(3_600_000).default(5000),
    /** How long a shutdown may wait for in-flight work before the process exits anyway. */
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    /** Signs the web widget's session tokens; at least 32 random characters, required in production. */
    WIDGET_SECRET: z.string().trim().min(32, 'debe tener al menos 32 caracteres').optional(),
    /** New widget sessions one address may open per minute. */
    WIDGET_SESSIONS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(30),
    /** Messages one widget session may send per 15-second window (a script sends far more than a citizen). */
    WIDGET_MESSAGES_PER_WINDOW: z.coerce.number().int().min(1).max(1_000_000).default(15),
    /**
     * Behind a reverse proxy: `true`, a number of hops, or the proxy's addresses, so limits see the citizen's address
     * (X-Forwarded-For) rather than the proxy's. Off by default: a direct client could forge the header.
     */
    TRUST_PROXY: z
      .string()
      .trim()
      .default('false')
      .transform((v): boolean | number | string =>
        v === 'true' ? true : v === 'false' ? false : /^\d+$/.test(v) ? Number(v) : v,
      ),
    /** The address citizens' platforms reach this server at (https://…), for webhooks registered at start (Telegram). */
    PUBLIC_URL: z
      .url({
        protocol: /^https?$/,
        message: 'debe ser la dirección pública del servidor, por ejemplo https://chat.alcaldia.gov.co',
      })
      .optional(),

    /** Telegram: the bot's token from @BotFather; the channel runs only when it is set. */
    TELEGRAM_BOT_TOKEN: z
      .string()
      .trim()
      .regex(/^\d+:[\w-]{20,}$/, 'debe ser el token que entregó @BotFather (números, dos puntos y letras)')
      .optional(),
    /** webhook (production: Telegram calls PUBLIC_URL) or polling (a laptop without a public address). */
    TELEGRAM_MODE: z.enum(['webhook', 'polling']).default('polling'),
    /** Sent by Telegram on every webhook call and checked; 1–256 letters, digits, _ or -. */
    TELEGRAM_WEBHOOK_SECRET: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_-]{16,256}$/, 'debe tener de 16 a 256 letras, números, _ o -')
      .optional(),
    TELEGRAM_API_ROOT: z.url().default('https://api.telegram.org'),

    /** WhatsApp Business Cloud API (Meta): all four are needed to turn the channel on. */
    WHATSAPP_CLOUD_ACCESS_TOKEN: z.string().trim().min(20).optional(),
    WHATSAPP_CLOUD_PHONE_NUMBER_ID: z
      .string()
      .trim()
      .regex(
        /^\d+$/,
        'debe ser el identificador del número de teléfono (solo números) que muestra el administrador de WhatsApp de Meta',
      )
      .optional(),
    /** The Meta app's secret: signs every webhook call (X-Hub-Signature-256). */
    WHATSAPP_CLOUD_APP_SECRET: z.string().trim().min(16).optional(),
    /** Any string you choose, typed again in Meta's webhook settings to verify the address. */
    WHATSAPP_CLOUD_VERIFY_TOKEN: z.string().trim().min(8).optional(),
    WHATSAPP_CLOUD_API_VERSION: z
      .string()
      .trim()
      .regex(/^v\d+\.\d+$/)
      .default('v23.0'),
    WHATSAPP_CLOUD_GRAPH_URL: z.url().default('https://graph.facebook.com'),

    /** WhatsApp through Baileys (a phone's number as a linked device). Off unless true. */
    WHATSAPP_BAILEYS: z
      .enum(['true', 'false', '1', '0'])
      .default('false')
      .transform((v) => v === 'true' || v === '1'),
    /** Encrypts the linked device's keys in the database; 32 or more random characters, the same on every instance. */
    WHATSAPP_AUTH_KEY: z.string().trim().min(32, 'debe tener al menos 32 caracteres').optional(),
    /** Pair with an 8-character code typed on the phone instead of a QR (the number, digits with country code). */
    WHATSAPP_PAIRING_PHONE: z
      .string()
      .trim()
      .regex(/^\d{10,15}$/, 'debe ser el número con el indicativo del país, solo dígitos, por ejemplo 573001234567')
      .optional(),
    /** Pacing: messages per minute to one chat and in total; spreading bursts lowers the risk of a ban. */
    WHATSAPP_SEND_PER_CHAT_PER_MINUTE: z.coerce.number().int().min(1).max(600).default(12),
    WHATSAPP_SEND_PER_MINUTE: z.coerce.number().int().min(1).max(6000).default(60),
    /** A disconnection longer than this is logged as an alert. */
    WHATSAPP_ALERT_AFTER_MINUTES: z.coerce.number().int().min(1).max(1440).default(5),

    /**
     * Speech to text for voice notes: the full address of an OpenAI-compatible /v1/audio/transcriptions endpoint
     * (a whisper server inside the entity's network). Without it, citizens who send a voice note are asked to write.
     */
    TRANSCRIPTION_URL: z
      .url({
        protocol: /^https?$/,
        message:
          'debe ser la dirección del servicio de transcripción, por ejemplo http://whisper.interno:8000/v1/audio/transcriptions',
      })
      .optional(),
    /** The model the server is asked for (whisper.cpp ignores it; faster-whisper servers load it by name). */
    TRANSCRIPTION_MODEL: z.string().trim().min(1).max(200).default('whisper-1'),
    /** Sent as a Bearer token when set (a hosted service, or a server behind an authenticating proxy). */
    TRANSCRIPTION_API_KEY: z.string().trim().min(1).optional(),
    /** How long a voice note may take to transcribe before the citizen is asked to write instead. */
    TRANSCRIPTION_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120_000).default(20_000),

    /**
     * When set, GET /metrics answers only requests with `Authorization: Bearer <token>` (a Prometheus scrape job's
     * bearer token); without it /metrics stays open, for a network where only the scraper reaches the server.
     */
    METRICS_TOKEN: z
      .string()
      .trim()
      .min(16, 'debe tener al menos 16 caracteres')
      .max(512, 'debe tener como máximo 512 caracteres')
      .optional(),

    /** Apply pending migrations at start (the default); production may run `ventanilla db migrate` as a step instead. */
    MIGRATE_ON_START: z
      .enum(['true', 'false', '1', '0'])
      .default('true')
      .transform((v) => v === 'true' || v === '1'),
  })
  .superRefine((config, ctx) => {
    // Every instance must sign widget sessions with the same key; a generated one would differ per instance.
    if (config.NODE_ENV === 'production' && !config.WIDGET_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['WIDGET_SECRET'],
        message: 'es obligatoria en producción (32 o más caracteres al azar, la misma en todas las instancias)',
      });
    }
    // Anyone who guesses the key can sign a session token and read that citizen's conversation.
    const weakness =
      config.NODE_ENV === 'production' && config.WIDGET_SECRET ? secretWeakness(config.WIDGET_SECRET) : undefined;
    if (weakness) {
      ctx.addIssue({
        code: 'custom',
        path: ['WIDGET_SECRET'],
        message: `es demasiado fácil de adivinar: ${weakness}. Genere una al azar, por ejemplo con openssl rand -base64 32`,
      });
    }
    if (config.TELEGRAM_BOT_TOKEN && config.TELEGRAM_MODE === 'webhook') {
      if (!config.PUBLIC_URL)
        ctx.addIssue({
          code: 'custom',
          path: ['PUBLIC_URL'],
          message: 'es obligatoria con TELEGRAM_MODE=webhook (Telegram necesita saber a dónde llamar)',
        });
      // Telegram only calls webhooks over HTTPS: an http:// address would be refused at every start.
      else if (!/^https:\/\//i.test(config.PUBLIC_URL)) {
        ctx.addIssue({
          code: 'custom',
          path: ['PUBLIC_URL'],
          message:
            'debe empezar por https:// con TELEGRAM_MODE=webhook (Telegram rechaza los webhooks por http; ponga TLS delante del servidor)',
        });
      }
      if (!config.TELEGRAM_WEBHOOK_SECRET) {
        ctx.addIssue({
          code: 'custom',
          path: ['TELEGRAM_WEBHOOK_SECRET'],
          message: 'es obligatoria con TELEGRAM_MODE=webhook, para que nadie más pueda enviar mensajes al webhook',
        });
      }
    }
    const cloud = [
      'WHATSAPP_CLOUD_ACCESS_TOKEN',
      'WHATSAPP_CLOUD_PHONE_NUMBER_ID',
      'WHATSAPP_CLOUD_APP_SECRET',
      'WHATSAPP_CLOUD_VERIFY_TOKEN',
    ] as const;
    if (cloud.some((k) => config[k]) && !cloud.every((k) => config[k])) {
      for (const k of cloud.filter((k) => !config[k])) {
        ctx.addIssue({
          code: 'custom',
          path: [k],
          message: 'es obligatoria: el canal de WhatsApp Cloud API necesita las cuatro variables WHATSAPP_CLOUD_*',
        });
      }
    }
    if (config.WHATSAPP_BAILEYS && !config.WHATSAPP_AUTH_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['WHATSAPP_AUTH_KEY'],
        message: 'es obligatoria con WHATSAPP_BAILEYS=true (cifra las claves del dispositivo vinculado)',
      });
    }
  });

export type Config = z.infer<typeof ConfigSchema>;

/**
 * Why a secret looks typed by a person rather than generated, or undefined. The limits leave room for any generator's
 * output (`openssl rand -hex 16` has 32 characters of only 16 symbols, so "16 different characters" would refuse most
 * of them), while runs ("aaaa…"), repeated words ("alcaldia2026alcaldia2026…") and small alphabets fail.
 */
export function secretWeakness(secret: string): string | undefined {
  const chars = [...secret];
  const counts = new Map<string, number>();
  for (const c of chars) counts.set(c, (counts.get(c) ?? 0) + 1);
  if (counts.size < 8) return `usa solo ${counts.size} caracteres distintos`;
  // Any 8 characters in a row seen twice: a random 32-character secret does that about once in ten million.
  const seen = new Set<string>();
  for (let i = 0; i + 8 <= chars.length; i++) {
    const group = chars.slice(i, i + 8).join('');
    if (seen.has(group)) return 'repite el mismo grupo de caracteres';
    seen.add(group);
  }
  // The entropy its own character frequencies show: a generated 32-character hex secret has about 115 bits.
  let bits = 0;
  for (const n of counts.values()) bits -= n * Math.log2(n / chars.length);
  if (bits < 80) return 'repite demasiado los mismos caracteres';
  return undefined;
}

/** Variables whose value must never be echoed in an error message (it ends up in logs). */
const secretVariables = new Set([
  'WIDGET_SECRET',
  'METRICS_TOKEN',
  'TELEGRAM_BOT_TOKEN',
  'TELEGRAM_WEBHOOK_SECRET',
  'WHATSAPP_CLOUD_ACCESS_TOKEN',
  'WHATSAPP_CLOUD_APP_SECRET',
  'WHATSAPP_CLOUD_VERIFY_TOKEN',
  'WHATSAPP_AUTH_KEY',
  'TRANSCRIPTION_API_KEY',
]);

export class ConfigError extends Error {
  constructor(readonly issues: { variable: string; message: string }[]) {
    super(`Configuración no válida: ${issues.map((i) => `${i.variable} ${i.message}`).join('; ')}. Vea .env.example.`);
    this.name = 'ConfigError';
  }
}

/**
 * The message of an issue the schema did not word itself (enums, URLs, number limits), in the operator's Spanish and
 * shaped to follow the variable's name ("PORT debe ser…"). zod's own Spanish locale reads "Demasiado pequeño: se
 * esperaba que texto tuviera >=20 caracteres", which is not how anyone would say it.
 */
function spanishIssue(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_value':
      return `debe ser uno de: ${issue.values.map(String).join(', ')}`;
    case 'invalid_type':
      return issue.expected === 'int'
        ? 'debe ser un número entero'
        : issue.expected === 'number'
          ? 'debe ser un número'
          : 'no es válida';
    case 'too_small':
      return issue.origin === 'string'
        ? `debe tener al menos ${String(issue.minimum)} caracteres`
        : `debe ser como mínimo ${String(issue.minimum)}`;
    case 'too_big':
      return issue.origin === 'string'
        ? `debe tener como máximo ${String(issue.maximum)} caracteres`
        : `debe ser como máximo ${String(issue.maximum)}`;
    case 'invalid_format':
      return issue.format === 'url'
        ? 'debe ser una dirección completa, por ejemplo https://servidor.gov.co'
        : 'no tiene el formato esperado (vea .env.example)';
    default:
      return 'no es válida';
  }
}

/** Reads and validates the configuration; throws ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const known = Object.keys(ConfigSchema.shape);
  // An empty variable means "not set": docker-compose and shells often export VAR= for optional settings.
  const input = Object.fromEntries(known.map((k) => [k, env[k] === '' ? undefined : env[k]]));
  const parsed = ConfigSchema.safeParse(input, { error: spanishIssue });
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    parsed.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? 'entorno');
      const received = env[variable];
      const message = issue.message;
      const shown =
        received === undefined || secretVariables.has(variable) ? message : `${message} (recibido "${received}")`;
      return { variable, message: shown };
    }),
  );
}
