import { describe, expect, it } from 'vitest';
import { parseWhatsappCloudSettings } from '../../../src/channels/whatsapp-cloud/whatsapp-cloud-channel.js';
import { sendErrorFor } from '../../../src/channels/whatsapp-cloud/graph-error.js';

describe('settings.whatsappCloud of entity.yaml', () => {
  it('maps each purpose to its approved template; no block means no templates', () => {
    expect(parseWhatsappCloudSettings({})).toEqual({ templates: {} });
    expect(
      parseWhatsappCloudSettings({
        whatsappCloud: {
          plantillas: { aviso_caso: { nombre: 'aviso_caso_v1', idioma: 'es_CO', parametros: ['radicado', 'novedad'] } },
        },
      }),
    ).toEqual({
      templates: { aviso_caso: { name: 'aviso_caso_v1', language: 'es_CO', params: ['radicado', 'novedad'] } },
    });
  });

  it('refuses a bad block with a Spanish message naming the setting', () => {
    expect(() =>
      parseWhatsappCloudSettings({
        whatsappCloud: { plantillas: { aviso_caso: { nombre: 'Aviso Caso', idioma: 'es' } } },
      }),
    ).toThrow(
      /^La configuración de WhatsApp Cloud API de la entidad no es válida: whatsappCloud\.plantillas\.aviso_caso\.nombre: escriba el nombre exacto/,
    );
    expect(() =>
      parseWhatsappCloudSettings({ whatsappCloud: { plantillas: { recordatorio: { nombre: 'x', idioma: 'es' } } } }),
    ).toThrow(/whatsappCloud\.plantillas: no se reconoce «recordatorio»/);
    expect(() =>
      parseWhatsappCloudSettings({
        whatsappCloud: { plantillas: { aviso_caso: { nombre: 'x', idioma: 'es', parametros: ['cedula'] } } },
      }),
    ).toThrow(
      /whatsappCloud\.plantillas\.aviso_caso\.parametros: «cedula» no existe en los avisos de este tipo; use solo «radicado» y «novedad»/,
    );
  });
});

describe('Graph API failures as send errors', () => {
  it("retries throttling (with Retry-After), Meta's failures and an expired token; stops at unknown recipients", () => {
    expect(sendErrorFor(429, { code: 130429 }, '30')).toMatchObject({
      retryable: true,
      retryAfterMs: 30_000,
      unreachable: false,
    });
    expect(sendErrorFor(400, { code: 131056 }, null)).toMatchObject({ retryable: true, retryAfterMs: undefined });
    expect(sendErrorFor(503, undefined, null)).toMatchObject({ retryable: true });
    expect(sendErrorFor(401, { code: 190 }, null)).toMatchObject({
      retryable: true,
      message: expect.stringMatching(/renueve WHATSAPP_CLOUD_ACCESS_TOKEN/),
    });
    expect(sendErrorFor(400, { code: 131026 }, null)).toMatchObject({ retryable: false, unreachable: true });
    expect(sendErrorFor(400, { code: 131047 }, null)).toMatchObject({
      retryable: false,
      unreachable: false,
      message: expect.stringMatching(/^Pasaron más de 24 horas/),
    });
    expect(sendErrorFor(400, { code: 100, message: '(#100) Invalid parameter' }, null)).toMatchObject({
      retryable: false,
      message: 'WhatsApp no pudo entregar el mensaje (código 100): (#100) Invalid parameter',
    });
  });
});
