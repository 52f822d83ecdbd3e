import { describe, expect, it } from 'vitest';
import {
  graphPartsFor,
  limits,
  optionsBody,
  templateBody,
  templateParam,
  textBody,
} from '../../../src/channels/whatsapp-cloud/graph-messages.js';
import { WhatsappCloudAdapter } from '../../../src/channels/whatsapp-cloud/whatsapp-cloud-adapter.js';
import { renderForChannel } from '../../../src/core/render-outbound.js';
import { OutboundMessage } from '../../../src/lib/messages.js';

const to = '573001234567';
const opts = (labels: string[], description?: string) =>
  labels.map((label, i) => ({ label, value: `v${i + 1}`, ...(description ? { description } : {}) }));
type Interactive = {
  type: string;
  interactive: { type: string; body: { text: string }; action: Record<string, unknown> };
};
type Row = { id: string; title: string; description?: string };

describe("options on WhatsApp, within Meta's limits", () => {
  it('up to three short options are reply buttons with the option value as id', () => {
    const body = optionsBody(
      to,
      '¿Le puedo ayudar en algo más?',
      opts(['Sí, ver el menú', 'No, gracias']),
    ) as unknown as Interactive;
    expect(body.interactive).toEqual({
      type: 'button',
      body: { text: '¿Le puedo ayudar en algo más?' },
      action: {
        buttons: [
          { type: 'reply', reply: { id: 'v1', title: 'Sí, ver el menú' } },
          { type: 'reply', reply: { id: 'v2', title: 'No, gracias' } },
        ],
      },
    });
  });

  it('a button label over 20 characters makes it a list instead, where the whole label still shows', () => {
    const body = optionsBody(to, 'Elija', opts(['Consultar un radicado anterior', 'Salir'])) as unknown as Interactive;
    expect(body.interactive.type).toBe('list');
    const rows = (body.interactive.action.sections as { rows: Row[] }[])[0]!.rows;
    expect(rows[0]).toEqual({
      id: 'v1',
      title: 'Consultar un radicado…',
      description: 'Consultar un radicado anterior',
    });
  });

  it('four to ten options are a list: titles ≤ 24, descriptions ≤ 72, button and section ≤ 20/24', () => {
    const labels = [
      'Consultar trámites y servicios del municipio',
      'Radicar una PQRSD',
      'Horarios',
      'Asesor',
      'Impuesto predial y de industria y comercio',
      'Seis',
      'Siete',
      'Ocho',
      'Nueve',
      'Diez',
    ];
    const body = optionsBody(
      to,
      'x'.repeat(limits.interactiveBody),
      opts(labels, 'Una descripción bastante larga que pasa de setenta y dos caracteres sin ninguna duda'),
    ) as unknown as Interactive;
    expect(body.interactive.type).toBe('list');
    const action = body.interactive.action as { button: string; sections: { title: string; rows: Row[] }[] };
    expect(action.button.length).toBeLessThanOrEqual(limits.listButton);
    expect(action.sections[0]!.title.length).toBeLessThanOrEqual(limits.sectionTitle);
    expect(action.sections[0]!.rows).toHaveLength(10);
    for (const row of action.sections[0]!.rows) {
      expect([...row.title].length).toBeLessThanOrEqual(limits.rowTitle);
      expect([...(row.description ?? '')].length).toBeLessThanOrEqual(limits.rowDescription);
    }
    expect(new Set(action.sections[0]!.rows.map((r) => r.title)).size).toBe(10);
    expect(action.sections[0]!.rows[0]!.description).toMatch(/^Consultar trámites y servicios del municipio: /);
  });

  it("more than ten options reach WhatsApp as numbered text (rendering uses the channel's 10)", () => {
    const adapter = new WhatsappCloudAdapter({} as never);
    const [rendered] = renderForChannel(
      { text: 'Elija su trámite', options: opts(Array.from({ length: 11 }, (_, i) => `Trámite ${i + 1}`)) },
      adapter.capabilities,
    );
    const parts = graphPartsFor(to, rendered!);
    expect(parts).toEqual([{ kind: 'body', body: expect.objectContaining({ type: 'text' }) }]);
    const text = (parts[0] as unknown as { body: { text: { body: string } } }).body.text.body;
    expect(text).toContain('1. Trámite 1\n');
    expect(text).toContain('11. Trámite 11');
  });

  it('labels that would repeat as titles, or a body over 1024 characters, fall back to numbered text', () => {
    const same = optionsBody(
      to,
      'Elija',
      opts(['Certificado de residencia urbano', 'Certificado de residencia rural', 'a', 'b']),
    ) as { type: string; text?: { body: string } };
    expect(same.type).toBe('text');
    const long = optionsBody(to, 'x'.repeat(limits.interactiveBody + 1), opts(['Sí', 'No'])) as { type: string };
    expect(long.type).toBe('text');
  });

  it('an option value Meta would refuse as a list row id (over 200) makes the options numbered text, never a failed send', () => {
    const labels = ['Impuesto predial', 'Industria y comercio', 'Paz y salvo', 'Certificados'];
    const options = labels.map((label, i) => ({
      label,
      value: i === 2 ? `tramite.${'x'.repeat(limits.rowId - 8)}` : `tramite.${i}`,
    }));
    expect(options[2]!.value).toHaveLength(limits.rowId);
    const fits = optionsBody(to, 'Elija', options) as unknown as Interactive;
    expect(fits.interactive.type).toBe('list');
    const rows = (fits.interactive.action.sections as { rows: Row[] }[])[0]!.rows;
    expect(rows.map((r) => r.id)).toEqual(options.map((o) => o.value));

    const tooLong = options.map((o, i) => (i === 2 ? { ...o, value: `${o.value}y` } : o));
    const body = optionsBody(to, 'Elija', tooLong) as { type: string; text: { body: string } };
    expect(body.type).toBe('text');
    // The citizen answers "3", which the flow maps back to the third option's value.
    expect(body.text.body).toBe(
      'Elija\n\n1. Impuesto predial\n2. Industria y comercio\n3. Paz y salvo\n4. Certificados\n\nResponda con el número de la opción.',
    );
  });

  it('button ids may be up to 256 characters; longer ones are numbered text too', () => {
    const ok = optionsBody(to, '¿Confirma?', [
      { label: 'Sí', value: 's'.repeat(limits.replyId) },
      { label: 'No', value: 'no' },
    ]) as unknown as Interactive;
    expect(ok.interactive.type).toBe('button');
    const over = optionsBody(to, '¿Confirma?', [
      { label: 'Sí', value: 's'.repeat(limits.replyId + 1) },
      { label: 'No', value: 'no' },
    ]) as { type: string };
    expect(over.type).toBe('text');
  });

  it('a citizen known only by a business-scoped user id is addressed in `recipient`, a phone number in `to`', () => {
    expect(textBody('CO.8815799212886844830', 'Hola')).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      recipient: 'CO.8815799212886844830',
      type: 'text',
      text: { body: 'Hola' },
    });
    expect(textBody('US.ENT.11815799212886844830', 'Hola')).toMatchObject({ recipient: 'US.ENT.11815799212886844830' });
    expect(textBody(to, 'Hola')).toMatchObject({ to });
    expect(textBody(to, 'Hola')).not.toHaveProperty('recipient');
  });

  it('long texts are split at 1024 characters by rendering, so every interactive body fits', () => {
    const adapter = new WhatsappCloudAdapter({} as never);
    const parts = renderForChannel({ text: 'Palabra '.repeat(400), options: opts(['Sí', 'No']) }, adapter.capabilities);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.text.length).toBeLessThanOrEqual(limits.interactiveBody);
  });

  it('one file and a short text go as one captioned message; an empty message sends nothing', () => {
    const message = OutboundMessage.parse({
      text: 'Su constancia',
      attachments: [{ kind: 'document', ref: 'upload:abc', fileName: 'constancia.pdf' }],
    });
    expect(graphPartsFor(to, message)).toEqual([
      { kind: 'media', attachment: message.attachments[0], caption: 'Su constancia' },
    ]);
    expect(graphPartsFor(to, OutboundMessage.parse({ text: '  ' }))).toEqual([]);
  });
});

describe('approved templates', () => {
  const approved = { name: 'aviso_caso_v1', language: 'es', params: ['radicado', 'novedad'] };

  it('fills {{1}}, {{2}}… in the configured order with single-line params', () => {
    const built = templateBody(
      to,
      {
        purpose: 'aviso_caso',
        params: { novedad: 'ya hay\nrespuesta\t\tde      la alcaldía', radicado: 'PQRSD-2026-000001' },
      },
      approved,
    );
    expect(built).toEqual({
      ok: true,
      body: {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to,
        type: 'template',
        template: {
          name: 'aviso_caso_v1',
          language: { code: 'es' },
          components: [
            {
              type: 'body',
              parameters: [
                { type: 'text', text: 'PQRSD-2026-000001' },
                { type: 'text', text: 'ya hay respuesta de la alcaldía' },
              ],
            },
          ],
        },
      },
    });
    expect(templateParam('a\n\n\nb     c')).toBe('a b c');
  });

  it('refuses when the notice lacks a param the template needs', () => {
    expect(templateBody(to, { purpose: 'aviso_caso', params: { radicado: 'R-1' } }, approved)).toEqual({
      ok: false,
      reason: 'La plantilla «aviso_caso_v1» pide «novedad» y el aviso «aviso_caso» no lo trae.',
    });
  });
});
