import { z } from 'zod';
import { contrastRatio } from './contrast-ratio.js';

const hexColour = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, 'escriba el color en formato hexadecimal de 6 cifras, por ejemplo "#0b5394"')
  .transform((v) => v.toLowerCase());

const origin = z.string().transform((value, ctx) => {
  try {
    const url = new URL(value);
    if ((url.protocol === 'https:' || url.protocol === 'http:') && url.pathname === '/' && !url.search && !url.hash) {
      return url.origin;
    }
  } catch {
    // reported below
  }
  ctx.addIssue({
    code: 'custom',
    message: `"${value}" no es un origen: escriba solo el protocolo y el dominio, por ejemplo "https://www.alcaldia.gov.co"`,
  });
  return z.NEVER;
});

/** `settings.widget` of the entity file: the chat's branding and where it may be embedded. Keys in Spanish for editors. */
const WidgetSettingsSchema = z
  .object({
    titulo: z.string().trim().min(1).max(60).default('A.V.A'),
    subtitulo: z.string().trim().max(80).default('Atención Virtual al Ciudadano'),
    colorPrincipal: hexColour.default('#0b5394'),
    colorTextoPrincipal: hexColour.optional(),
    logo: z
      .url({ protocol: /^https?$/, message: 'el logo debe ser una dirección web que empiece por https://' })
      .optional(),
    bienvenida: z
      .string()
      .trim()
      .min(1)
      .max(600)
      .default('¡Hola! Soy A.V.A, el asistente virtual. Escriba su pregunta o "menú" para ver las opciones.'),
    origenesPermitidos: z.array(origin).max(50).default([]),
  })
  .strict();

export interface WidgetBranding {
  title: string;
  subtitle: string;
  primaryColor: string;
  primaryTextColor: string;
  logoUrl: string | null;
  welcome: string;
  privacyUrl: string | null;
}

export interface WidgetSettings {
  branding: WidgetBranding;
  /** Origins (besides the server's own) whose pages may use the widget. */
  allowedOrigins: string[];
}

/**
 * Reads `settings.widget`; throws an Error naming the setting and what to fix, in Spanish. Colours must keep text
 * readable (WCAG AA, 4.5:1): a brand colour that fails is refused at start rather than shipped to citizens.
 */
export function parseWidgetSettings(entitySettings: unknown): WidgetSettings {
  const root = (entitySettings ?? {}) as { widget?: unknown; pqrsd?: { politicaDatos?: { url?: unknown } } };
  const parsed = WidgetSettingsSchema.safeParse(root.widget ?? {});
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `widget.${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`La configuración del chat web de la entidad no es válida: ${detail}`);
  }
  const s = parsed.data;
  const textColour = s.colorTextoPrincipal ?? pickReadableText(s.colorPrincipal);
  const ratio = contrastRatio(s.colorPrincipal, textColour);
  if (ratio < 4.5) {
    throw new Error(
      `La configuración del chat web de la entidad no es válida: widget.colorPrincipal ${s.colorPrincipal} con texto ${textColour} tiene un contraste de ${ratio.toFixed(2)}:1 y se necesita al menos 4.5:1 para que se pueda leer. Use un color más oscuro o más claro.`,
    );
  }
  const privacy = root.pqrsd?.politicaDatos?.url;
  return {
    branding: {
      title: s.titulo,
      subtitle: s.subtitulo,
      primaryColor: s.colorPrincipal,
      primaryTextColor: textColour,
      logoUrl: s.logo ?? null,
      welcome: s.bienvenida,
      privacyUrl: typeof privacy === 'string' ? privacy : null,
    },
    allowedOrigins: [...new Set(s.origenesPermitidos)],
  };
}

function pickReadableText(background: string): string {
  return contrastRatio(background, '#ffffff') >= contrastRatio(background, '#1a1a1a') ? '#ffffff' : '#1a1a1a';
}
