import { parseEmailSettings } from '../channels/email/email-settings.js';
import { parseWhatsappCloudSettings } from '../channels/whatsapp-cloud/whatsapp-cloud-channel.js';
import type { Config } from '../config.js';
import type { ChannelSettingsCheck } from '../content/validate-content.js';
import { entityConfig } from './entity-config.js';

/**
 * The readings an entity's start makes of the settings its channels connect with (serve-entity.ts), without
 * connecting: a second entity's variables, the WhatsApp Cloud number, the mailbox and its login in the environment.
 * The content editor runs it on every entity.yaml save, so a setting that would keep the entity from starting is
 * refused while the console still answers, instead of taking the entity down at its restart.
 */
export function channelSettingsCheck(
  config: Config,
  primary: boolean,
  env: NodeJS.ProcessEnv = process.env,
): ChannelSettingsCheck {
  return (entity) => {
    const problems: { key: string; message: string }[] = [];
    const attempt = (key: string, read: () => unknown) => {
      try {
        read();
      } catch (error) {
        problems.push({ key, message: error instanceof Error ? error.message : String(error) });
      }
    };
    attempt('variables', () => entityConfig(config, entity, primary, env));
    attempt('whatsappCloud', () => parseWhatsappCloudSettings(entity.settings));
    attempt('correo', () => parseEmailSettings(entity, env));
    return problems;
  };
}
