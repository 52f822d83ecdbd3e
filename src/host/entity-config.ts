import { z } from 'zod';
import { ConfigSchema, type Config } from '../config.js';

/**
 * The settings that give an entity its own messaging channels. The deployment's environment sets them for the first
 * entity (FLOWS_DIR); every other entity names, in its entity.yaml, the environment variables that hold its own:
 *
 *   settings:
 *     variables:
 *       TELEGRAM_BOT_TOKEN: CONCEJO_TELEGRAM_BOT_TOKEN
 *
 * so secrets stay out of the content folders and two entities never share a bot, a number or a session.
 */
export const channelKeys = [
  'TELEGRAM_BOT_TOKEN',
  'TELEGRAM_WEBHOOK_SECRET',
  'WHATSAPP_CLOUD_ACCESS_TOKEN',
  'WHATSAPP_CLOUD_PHONE_NUMBER_ID',
  'WHATSAPP_CLOUD_APP_SECRET',
  'WHATSAPP_CLOUD_VERIFY_TOKEN',
  'WHATSAPP_BAILEYS',
  'WHATSAPP_AUTH_KEY',
  'WHATSAPP_PAIRING_PHONE',
] as const satisfies readonly (keyof Config)[];

const channelKeyList = channelKeys.join(', ');
const ChannelVariables = z
  .record(
    z.string(),
    z.string().regex(/^[A-Z][A-Z0-9_]{1,100}$/, 'escriba el nombre de una variable de entorno, en mayúsculas'),
  )
  .default({})
  // Checked here rather than on the record's key: zod reports a refused key only as "Invalid key in record".
  .superRefine((variables, ctx) => {
    for (const key of Object.keys(variables)) {
      if (!(channelKeys as readonly string[]).includes(key))
        ctx.addIssue({ code: 'custom', path: [key], message: `use solo estas claves: ${channelKeyList}` });
    }
  });

/** Where an entity is served: the first at the root, the others under /e/<slug>. */
export function entityPrefix(slug: string, primary: boolean): string {
  return primary ? '' : `/e/${slug}`;
}

/**
 * The configuration one entity's channels run with. The first entity keeps the deployment's; another gets its own
 * channel secrets from the variables it names (none by default: the widget alone) and its own public address, so
 * the webhooks and links it advertises reach its prefix.
 */
export function entityConfig(
  config: Config,
  entity: { slug: string; settings: Record<string, unknown> },
  primary: boolean,
  env: NodeJS.ProcessEnv = process.env,
): Config {
  if (primary) return config;
  const parsed = ChannelVariables.safeParse(entity.settings.variables);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${['variables', ...i.path].join('.')}: ${i.message}`);
    throw new Error(`entity ${entity.slug}: ${problems.join('; ')}`);
  }
  const own: Record<string, string | undefined> = Object.fromEntries(channelKeys.map((k) => [k, undefined]));
  for (const [key, variable] of Object.entries(parsed.data)) own[key] = env[variable];
  const base = Object.fromEntries(
    Object.entries(config).filter(([key]) => !(channelKeys as readonly string[]).includes(key)),
  );
  const publicUrl = config.PUBLIC_URL
    ? `${config.PUBLIC_URL.replace(/\/+$/, '')}${entityPrefix(entity.slug, false)}`
    : undefined;
  // Parsed again so an entity's channel values meet the same rules as the deployment's (token shapes, webhook mode).
  const checked = ConfigSchema.safeParse({
    ...stringsOf(base),
    ...own,
    ...(publicUrl ? { PUBLIC_URL: publicUrl } : {}),
  });
  if (!checked.success) {
    const problems = checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`entity ${entity.slug}: ${problems.join('; ')}`);
  }
  return checked.data;
}

/** The parsed config back into environment strings, so ConfigSchema's coercions read it as they read process.env. */
function stringsOf(values: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    out[key] = typeof value === 'string' ? value : String(value);
  }
  return out;
}
