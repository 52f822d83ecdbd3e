import { z } from 'zod';

/**
 * Configuration from environment variables, validated once at start. Defaults are safe for a laptop: SQLite under
 * ./data, listening on loopback only. Every variable is documented in .env.example.
 */

const databaseUrl = z
  .string()
  .trim()
  .refine((v) => /^file:.+/.test(v) || isPostgresUrl(v), {
    message: 'must be file:<path> for SQLite or postgresql://user:password@host:port/database for PostgreSQL',
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
  .number({ message: 'must be a whole number from 0 to 65535 (0 picks a free port)' })
  .int('must be a whole number from 0 to 65535 (0 picks a free port)')
  .min(0, 'must be a whole number from 0 to 65535 (0 picks a free port)')
  .max(65535, 'must be a whole number from 0 to 65535 (0 picks a free port)');

export const ConfigSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().trim().min(1).default('127.0.0.1'),
    PORT: port.default(3000),
    DATABASE_URL: databaseUrl.default('file:./data/ventanilla.db'),
    /** PostgreSQL: connections in this instance's pool; the turns, new messages and timers share them. */
    DATABASE_POOL_SIZE: z.coerce
      .number()
      .int('must be a whole number from 1 to 1000')
      .min(1, 'must be a whole number from 1 to 1000')
      .max(1000, 'must be a whole number from 1 to 1000')
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
    WIDGET_SECRET: z.string().trim().min(32, 'must have at least 32 characters').optional(),
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
      .url({ protocol: /^https?$/, message: "must be the server's public address, e.g. https://chat.alcaldia.gov.co" })
      .optional(),

    /** Telegram: the bot's token from @BotFather; the channel runs only when it is set. */
    TELEGRAM_BOT_TOKEN: z
      .string()
      .trim()
      .regex(/^\d+:[\w-]{20,}$/, 'must be the token @BotFather gave (digits, a colon and letters)')
      .optional(),
    /** webhook (production: Telegram calls PUBLIC_URL) or polling (a laptop without a public address). */
    TELEGRAM_MODE: z.enum(['webhook', 'polling']).default('polling'),
    /** Sent by Telegram on every webhook call and checked; 1–256 letters, digits, _ or -. */
    TELEGRAM_WEBHOOK_SECRET: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_-]{16,256}$/, 'must be 16 to 256 letters, digits, _ or -')
      .optional(),
    TELEGRAM_API_ROOT: z.url().default('https://api.telegram.org'),

    /** WhatsApp Business Cloud API (Meta): all four are needed to turn the channel on. */
    WHATSAPP_CLOUD_ACCESS_TOKEN: z.string().trim().min(20).optional(),
    WHATSAPP_CLOUD_PHONE_NUMBER_ID: z
      .string()
      .trim()
      .regex(/^\d+$/, "must be the phone number ID (digits) from Meta's WhatsApp Manager")
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
    WHATSAPP_AUTH_KEY: z.string().trim().min(32, 'must have at least 32 characters').optional(),
    /** Pair with an 8-character code typed on the phone instead of a QR (the number, digits with country code). */
    WHATSAPP_PAIRING_PHONE: z
      .string()
      .trim()
      .regex(/^\d{10,15}$/, 'must be the number with country code, digits only, e.g. 573001234567')
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
        message: 'must be the transcription endpoint, e.g. http://whisper.interno:8000/v1/audio/transcriptions',
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
      .min(16, 'must have at least 16 characters')
      .max(512, 'must have at most 512 characters')
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
        message: 'is required in production (32 or more random characters, the same on every instance)',
      });
    }
    // Anyone who guesses the key can sign a session token and read that citizen's conversation.
    const weakness =
      config.NODE_ENV === 'production' && config.WIDGET_SECRET ? secretWeakness(config.WIDGET_SECRET) : undefined;
    if (weakness) {
      ctx.addIssue({
        code: 'custom',
        path: ['WIDGET_SECRET'],
        message: `is too easy to guess: it ${weakness}. Generate a random one, e.g. openssl rand -base64 32`,
      });
    }
    if (config.TELEGRAM_BOT_TOKEN && config.TELEGRAM_MODE === 'webhook') {
      if (!config.PUBLIC_URL)
        ctx.addIssue({
          code: 'custom',
          path: ['PUBLIC_URL'],
          message: 'is required when TELEGRAM_MODE=webhook (Telegram must know where to call)',
        });
      // Telegram only calls webhooks over HTTPS: an http:// address would be refused at every start.
      else if (!/^https:\/\//i.test(config.PUBLIC_URL)) {
        ctx.addIssue({
          code: 'custom',
          path: ['PUBLIC_URL'],
          message:
            'must start with https:// when TELEGRAM_MODE=webhook (Telegram refuses webhooks over http; put TLS in front of the server)',
        });
      }
      if (!config.TELEGRAM_WEBHOOK_SECRET) {
        ctx.addIssue({
          code: 'custom',
          path: ['TELEGRAM_WEBHOOK_SECRET'],
          message: 'is required when TELEGRAM_MODE=webhook, so nobody else can post to the webhook',
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
          message: 'is required: the WhatsApp Cloud API channel needs all four WHATSAPP_CLOUD_* settings',
        });
      }
    }
    if (config.WHATSAPP_BAILEYS && !config.WHATSAPP_AUTH_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['WHATSAPP_AUTH_KEY'],
        message: "is required when WHATSAPP_BAILEYS=true (it encrypts the linked device's keys)",
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
  if (counts.size < 8) return `uses only ${counts.size} different characters`;
  // Any 8 characters in a row seen twice: a random 32-character secret does that about once in ten million.
  const seen = new Set<string>();
  for (let i = 0; i + 8 <= chars.length; i++) {
    const group = chars.slice(i, i + 8).join('');
    if (seen.has(group)) return 'repeats the same group of characters';
    seen.add(group);
  }
  // The entropy its own character frequencies show: a generated 32-character hex secret has about 115 bits.
  let bits = 0;
  for (const n of counts.values()) bits -= n * Math.log2(n / chars.length);
  if (bits < 80) return 'repeats characters too much';
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
    super(`Invalid configuration: ${issues.map((i) => `${i.variable} ${i.message}`).join('; ')}. See .env.example.`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the configuration; throws ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const known = Object.keys(ConfigSchema.shape);
  // An empty variable means "not set": docker-compose and shells often export VAR= for optional settings.
  const input = Object.fromEntries(known.map((k) => [k, env[k] === '' ? undefined : env[k]]));
  const parsed = ConfigSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    parsed.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? 'environment');
      const received = env[variable];
      const message = issue.message.replace(/^Invalid input: /, '');
      const shown =
        received === undefined || secretVariables.has(variable) ? message : `${message} (got "${received}")`;
      return { variable, message: shown };
    }),
  );
}
