import QRCode from 'qrcode';
import type { Office } from '../entities/office-settings.js';
import { escapeHtml } from './office-survey-page.js';

/** The survey page's address for an office: what the QR code holds and the poster prints under it. */
export function officeSurveyUrl(baseUrl: string, office: Pick<Office, 'id'>): string {
  return `${baseUrl.replace(/\/+$/, '')}/encuesta/${office.id}`;
}

/**
 * The poster an official prints and leaves at the counter: the QR code (SVG, sharp at any size), the address written
 * out for those who cannot scan, and the office's name. Print CSS fits it on one A4 or letter page.
 */
export async function renderOfficeQrPage(entityName: string, office: Office, url: string): Promise<string> {
  const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  const channelLine =
    office.canal === 'telefono'
      ? 'Después de su llamada, abra este enlace o escanee el código para calificar la atención.'
      : 'Escanee el código con la cámara de su celular y califique la atención que recibió.';
  return `<!doctype html>
<html lang="es">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Encuesta de satisfacción · ${escapeHtml(office.nombre)}</title>
<style>
  body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a; text-align: center; }
  main { max-width: 42rem; margin: 0 auto; padding: 2rem 1rem; }
  h1 { font-size: 2rem; margin: 0 0 .5rem; }
  .entity { font-size: 1.25rem; margin: 0 0 1.5rem; }
  .qr { width: 22rem; max-width: 90vw; margin: 0 auto; }
  .qr svg { width: 100%; height: auto; display: block; }
  .lead { font-size: 1.25rem; }
  .url { font-family: ui-monospace, monospace; font-size: 1.1rem; word-break: break-all; }
  .note { color: #4a4a4a; }
  @page { size: auto; margin: 15mm; }
  @media print { main { padding: 0; } .qr { width: 120mm; } }
</style>
</head>
<body>
<main>
  <h1>¿Cómo le atendimos?</h1>
  <p class="entity">${escapeHtml(entityName)} · ${escapeHtml(office.nombre)}</p>
  <div class="qr" role="img" aria-label="Código QR de la encuesta">${svg}</div>
  <p class="lead">${channelLine}</p>
  <p>O escriba esta dirección en su navegador:<br><span class="url">${escapeHtml(url)}</span></p>
  <p class="note">La encuesta es anónima y toma menos de un minuto.</p>
</main>
</body>
</html>
`;
}
