/** Facts about the world the interpreter may use; it reads nothing else (no clock, no I/O). */
export interface StepContext {
  /** The current time; used for "hoy"/"ayer" in dates. */
  now: Date;
  /** Channel name (web, telegram, whatsapp…); readable in flows as `{{channel}}`. */
  channel: string;
  /** What is remembered about the citizen across conversations; readable as `{{contact.name}}`. */
  contact: { name?: string };
}
