/**
 * The settings of entity.yaml that the channels read once, when they connect: a mailbox or a template that changes
 * under a live connection would need each channel to reconnect safely, so a change to them restarts that entity in
 * place instead (EntityHosts.restart: its channels close and connect again while the other entities keep serving).
 * Everything else in entity.yaml applies at once (live-entity-settings.ts). The channels' secrets
 * (TELEGRAM_BOT_TOKEN, WHATSAPP_CLOUD_*, EMAIL_*) are environment variables, never editable from the console.
 */
export const restartOnlySettings: readonly { key: string; label: string }[] = [
  { key: 'correo', label: 'el correo electrónico como canal (correo)' },
  { key: 'whatsappCloud', label: 'las plantillas de WhatsApp (whatsappCloud)' },
  { key: 'variables', label: 'las variables de los canales de esta entidad (variables)' },
];

/** The same value whatever the order of its keys, so a reordered YAML block is not a change. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

/** The labels of the restart-only settings that differ between what the channels run with and what is in force. */
export function settingsAwaitingRestart(running: Record<string, unknown>, inForce: Record<string, unknown>): string[] {
  return restartOnlySettings
    .filter(({ key }) => canonical(running[key]) !== canonical(inForce[key]))
    .map(({ label }) => label);
}
