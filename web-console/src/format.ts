// Pure formatting for what agents read at a glance. Times are shown in Bogotá whatever the laptop's zone.

const TIME_ZONE = 'America/Bogota';

function pad(n: number): string {
  return n.toString().padStart(2, '0');
}

/** "45 s", "3 min 05 s", "1 h 02 min": short enough for a queue row, precise enough to see it count up. */
export function formatWaiting(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${pad(s % 60)} s`;
  const hours = Math.floor(s / 3600);
  if (hours < 24) return `${hours} h ${pad(Math.floor((s % 3600) / 60))} min`;
  const days = Math.floor(hours / 24);
  return `${days} ${days === 1 ? 'día' : 'días'} ${hours % 24} h`;
}

/** The same wait for screen readers, in words. */
export function describeWaiting(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return 'menos de un minuto';
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return minutes === 1 ? '1 minuto' : `${minutes} minutos`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const h = hours === 1 ? '1 hora' : `${hours} horas`;
  return rest === 0 ? h : `${h} y ${rest === 1 ? '1 minuto' : `${rest} minutos`}`;
}

export type WaitingLevel = 'ok' | 'long' | 'very-long';

/** No conversation may sit forgotten: past 3 minutes a row stands out, past 10 it is flagged in words too. */
export function waitingLevel(seconds: number): WaitingLevel {
  if (seconds >= 600) return 'very-long';
  if (seconds >= 180) return 'long';
  return 'ok';
}

/** Waiting seconds now, from what the server said at `loadedAtMs` (the row keeps counting between reloads). */
export function waitingNow(waitingSeconds: number, loadedAtMs: number, nowMs: number): number {
  return waitingSeconds + Math.max(0, Math.floor((nowMs - loadedAtMs) / 1000));
}

/** HH:mm for today's messages, "3 dic., 14:05" for older ones, by the Bogotá calendar. */
export function formatMessageTime(iso: string, now: Date): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '';
  const day = new Intl.DateTimeFormat('es-CO', {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  const time = new Intl.DateTimeFormat('es-CO', {
    timeZone: TIME_ZONE,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
  if (day.format(at) === day.format(now)) return time;
  const date = new Intl.DateTimeFormat('es-CO', { timeZone: TIME_ZONE, day: 'numeric', month: 'short' }).format(at);
  return `${date}, ${time}`;
}

/** "21 abr. 2026" for a YYYY-MM-DD date (a calendar day, not an instant: no zone shift). */
export function formatDate(localDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(localDate);
  if (!match) return localDate;
  const at = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 12));
  return new Intl.DateTimeFormat('es-CO', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' }).format(
    at,
  );
}

const CHANNEL_NAMES: Record<string, string> = {
  web: 'Chat web',
  telegram: 'Telegram',
  whatsapp: 'WhatsApp',
  'whatsapp-cloud': 'WhatsApp',
  baileys: 'WhatsApp',
  email: 'Correo electrónico',
};

export function channelName(channel: string): string {
  return CHANNEL_NAMES[channel] ?? channel;
}
