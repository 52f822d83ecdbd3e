import type { JsonValue } from '../lib/json-value.js';

/** Facts about the world the interpreter may use; it reads nothing else (no clock, no I/O). */
export interface StepContext {
  /** The current time; used for "hoy"/"ayer" in dates. */
  now: Date;
  /** Channel name (web, telegram, whatsapp…); readable in flows as `{{channel}}`. */
  channel: string;
  /** What is remembered about the citizen across conversations; readable as `{{contact.name}}`. */
  contact: { name?: string };
  /** What the channel can show; readable as `{{capabilities.attachments}}` so a flow asks for files only where they can be sent. */
  capabilities?: { attachments: boolean; buttons: boolean };
  /**
   * How citizens call this channel in a sentence, readable as `{{canal.nombre}}` ("por este {{canal.nombre}}": "por
   * este chat", "por este correo"), so one flow text fits every channel. Absent: "chat".
   */
  canal?: { nombre: string };
  /** The entity's facts (entity.yaml `settings.datos`), readable as `{{entidad.sedes.principal.direccion}}`. */
  facts?: { [key: string]: JsonValue };
}
