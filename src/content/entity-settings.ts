import type { EntityFile } from '../entities/entity-file.js';
import { parseOffices, type Office } from '../entities/office-settings.js';
import { parseAtencionSettings, type AtencionSettings } from '../handoff/atencion-settings.js';
import { parsePqrsdSettings, type PqrsdSettings } from '../cases/pqrsd-settings.js';
import { parseWidgetSettings, type WidgetSettings } from '../channels/web/widget-settings.js';
import { parseWhatsappCloudSettings } from '../channels/whatsapp-cloud/whatsapp-cloud-settings.js';
import { parseSmallCountThreshold } from '../reports/suppress-small-counts.js';

/** Every setting of entity.yaml that a running service reads, parsed once per version of the file. */
export interface EntitySettings {
  file: EntityFile;
  atencion: AtencionSettings;
  pqrsd: PqrsdSettings;
  widget: WidgetSettings;
  offices: Office[];
  smallCountThreshold: number;
  contact: { telefono?: string; direccion?: string; correo?: string };
}

/**
 * Each top-level key of `settings` with the parser that checks it, in the order a reader meets them. Parsers throw a
 * Spanish Error that names the setting; `whatsappCloud` is only checked (the channel reads it itself).
 */
export const settingParsers: readonly [key: string, parse: (settings: unknown) => unknown][] = [
  ['pqrsd', parsePqrsdSettings],
  ['oficinas', parseOffices],
  ['reportes', parseSmallCountThreshold],
  ['atencion', parseAtencionSettings],
  ['widget', parseWidgetSettings],
  ['whatsappCloud', parseWhatsappCloudSettings],
];

/** Parses every setting; throws the first setting's Spanish error, so a bad file never replaces a good one. */
export function parseEntitySettings(file: EntityFile): EntitySettings {
  for (const [, parse] of settingParsers) parse(file.settings);
  const contact = (file.settings.contacto ?? {}) as EntitySettings['contact'];
  return {
    file,
    atencion: parseAtencionSettings(file.settings),
    pqrsd: parsePqrsdSettings(file.settings),
    widget: parseWidgetSettings(file.settings),
    offices: parseOffices(file.settings),
    smallCountThreshold: parseSmallCountThreshold(file.settings),
    contact: typeof contact === 'object' && contact !== null ? contact : {},
  };
}
