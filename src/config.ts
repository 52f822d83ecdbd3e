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

export const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  PORT: port.default(3000),
  DATABASE_URL: databaseUrl.default('file:./data/ventanilla.db'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Folder with the entity's flows, knowledge and settings (demo content by default). */
  FLOWS_DIR: z.string().trim().min(1).default('flows'),
  /** How long a shutdown may wait for in-flight work before the process exits anyway. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** Signs the web widget's session tokens; at least 32 random characters, required in production. */
  WIDGET_SECRET: z.string().trim().min(32, 'must have at least 32 characters').optional(),
  /** New widget sessions one address may open per minute. */
  WIDGET_SESSIONS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(30),
  /**
   * Behind a reverse proxy: `true`, a number of hops, or the proxy's addresses, so limits see the citizen's address
   * (X-Forwarded-For) rather than the proxy's. Off by default: a direct client could forge the header.
   */
  TRUST_PROXY: z
    .string()
    .trim()
    .default('false')
    .transform((v): boolean | number | string => (v === 'true' ? true : v === 'false' ? false : /^\d+$/.test(v) ? Number(v) : v)),
  /** Apply pending migrations at start (the default); production may run `ventanilla db migrate` as a step instead. */
  MIGRATE_ON_START: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
}).superRefine((config, ctx) => {
  // Every instance must sign widget sessions with the same key; a generated one would differ per instance.
  if (config.NODE_ENV === 'production' && !config.WIDGET_SECRET) {
    ctx.addIssue({ code: 'custom', path: ['WIDGET_SECRET'], message: 'is required in production (32 or more random characters, the same on every instance)' });
  }
});

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {
  constructor(readonly issues: { variable: string; message: string }[]) {
    super(
      `Invalid configuration: ${issues.map((i) => `${i.variable} ${i.message}`).join('; ')}. See .env.example.`,
    );
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
      return { variable, message: received === undefined ? message : `${message} (got "${received}")` };
    }),
  );
}
