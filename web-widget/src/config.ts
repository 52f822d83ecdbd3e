import type { WidgetConfigResponse } from '../../src/channels/web/widget-wire.js';
import { DEFAULT_LIMITS, isRecord, parseLimits, type Limits } from './protocol.js';
import { endpoint } from './script-options.js';

export interface Branding {
  entityName: string;
  title: string;
  subtitle: string;
  primaryColor: string;
  primaryTextColor: string;
  logoUrl: string | null;
  welcome: string;
  privacyUrl: string | null;
}

export interface WidgetConfig {
  branding: Branding;
  limits: Limits;
}

export type ConfigResult =
  | { ok: true; config: WidgetConfig }
  /** `refused`: the server said this site may not use this entity's chat (or there is no such entity). */
  | { ok: false; refused: boolean; code: string };

export const DEFAULT_BRANDING: Branding = {
  entityName: '',
  title: 'A.V.A',
  subtitle: 'Atención Virtual al Ciudadano',
  primaryColor: '#0b5394',
  primaryTextColor: '#ffffff',
  logoUrl: null,
  welcome: '¡Hola! Soy A.V.A. Escriba su pregunta y con gusto le ayudo.',
  privacyUrl: null,
};

function text(value: unknown, fallback: string): string {
  return typeof value === 'string' && value.trim() !== '' ? value : fallback;
}

function nullableText(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

export function parseConfig(data: unknown): WidgetConfig {
  // Keys checked against the server's response type: a renamed field is a compile error here.
  const root: { [K in keyof WidgetConfigResponse]?: unknown } = isRecord(data) ? data : {};
  const branding: { [K in keyof WidgetConfigResponse['branding']]?: unknown } = isRecord(root.branding)
    ? root.branding
    : {};
  const entity: { [K in keyof WidgetConfigResponse['entity']]?: unknown } = isRecord(root.entity) ? root.entity : {};
  return {
    branding: {
      entityName: text(entity.name, DEFAULT_BRANDING.entityName),
      title: text(branding.title, DEFAULT_BRANDING.title),
      subtitle: text(branding.subtitle, ''),
      primaryColor: text(branding.primaryColor, DEFAULT_BRANDING.primaryColor),
      primaryTextColor: text(branding.primaryTextColor, DEFAULT_BRANDING.primaryTextColor),
      logoUrl: nullableText(branding.logoUrl),
      welcome: text(branding.welcome, DEFAULT_BRANDING.welcome),
      privacyUrl: nullableText(branding.privacyUrl),
    },
    limits: parseLimits(root.limits, DEFAULT_LIMITS),
  };
}

export async function fetchConfig(server: string, entity: string): Promise<ConfigResult> {
  try {
    const response = await fetch(endpoint(server, 'config', entity), { credentials: 'omit' });
    const body: unknown = await response.json().catch(() => null);
    if (response.ok) return { ok: true, config: parseConfig(body) };
    const error = isRecord(body) && isRecord(body.error) ? body.error : {};
    const code = typeof error.code === 'string' ? error.code : `HTTP_${response.status}`;
    return { ok: false, refused: code === 'ORIGIN_NOT_ALLOWED' || code === 'ENTITY_NOT_FOUND', code };
  } catch {
    // A refused CORS request looks exactly like a network failure from here.
    return { ok: false, refused: false, code: 'NETWORK' };
  }
}
