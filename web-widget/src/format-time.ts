// Citizens and officials talk about times in Bogotá, whatever the device's clock zone says. es-CO defaults to a
// 12-hour clock ("3:04 p. m."), so the 24-hour cycle is asked for explicitly.
const ZONE = 'America/Bogota';
const timeFormat = new Intl.DateTimeFormat('es-CO', {
  timeZone: ZONE,
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const dayFormat = new Intl.DateTimeFormat('es-CO', { timeZone: ZONE, day: 'numeric', month: 'short' });
const dayKey = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** "15:04" for today's messages, "22 nov, 15:04" for older ones (a bare hour would be ambiguous in a resumed chat). */
export function formatMessageTime(at: Date, now: Date = new Date()): string {
  if (Number.isNaN(at.getTime())) return '';
  const time = timeFormat.format(at);
  return dayKey.format(at) === dayKey.format(now) ? time : `${dayFormat.format(at).replace(/\.$/, '')}, ${time}`;
}
