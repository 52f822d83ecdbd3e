import type { EntityFile } from '../entities/entity-file.js';
import type { PqrsdSettings } from '../cases/pqrsd-settings.js';
import type { WidgetSettings } from '../channels/web/widget-settings.js';
import type { Office } from '../entities/office-settings.js';
import type { AtencionSettings } from '../handoff/atencion-settings.js';
import { liveObject } from '../lib/live-object.js';
import { parseEntitySettings, type EntitySettings } from './entity-settings.js';

/**
 * The entity's settings as they are now. Services are handed the live views below instead of parsed copies, so a new
 * version of entity.yaml (from the console, on any instance) applies at their next read, with no restart: office hours
 * to the next handoff, the widget's look to the next page that loads it.
 */
export class LiveEntitySettings {
  private value: EntitySettings;
  private readonly listeners: ((settings: EntitySettings) => void)[] = [];

  readonly atencion: AtencionSettings;
  readonly pqrsd: PqrsdSettings;
  readonly widget: WidgetSettings;
  readonly offices: Office[];
  readonly contact: EntitySettings['contact'];

  constructor(file: EntityFile) {
    this.value = parseEntitySettings(file);
    this.atencion = liveObject(() => this.value.atencion);
    this.pqrsd = liveObject(() => this.value.pqrsd);
    this.widget = liveObject(() => this.value.widget);
    this.offices = liveObject(() => this.value.offices);
    this.contact = liveObject(() => this.value.contact);
  }

  current(): EntitySettings {
    return this.value;
  }

  /** Parses first: an invalid file throws and leaves the settings in force untouched. */
  replace(file: EntityFile): void {
    this.set(parseEntitySettings(file));
  }

  /** Settings parsed by the caller (the content check parses every file before anything changes). */
  set(settings: EntitySettings): void {
    this.value = settings;
    for (const listener of this.listeners) listener(this.value);
  }

  onChange(listener: (settings: EntitySettings) => void): void {
    this.listeners.push(listener);
  }
}
