import { describe, expect, it } from 'vitest';
import { eventsFromWebhook } from '../../../src/channels/whatsapp-cloud/events-from-webhook.js';
import { WebhookBody } from '../../../src/channels/whatsapp-cloud/webhook-payload.js';
import { fixture, phoneNumberId } from './cloud-app.js';

const events = (name: string, phone = phoneNumberId) =>
  eventsFromWebhook(WebhookBody.parse(fixture(name)), { entityId: 'e1', phoneNumberId: phone });

describe('recorded WhatsApp Cloud webhooks as neutral events', () => {
  it("a text gives the sender, their profile name, the wamid and Meta's time", () => {
    expect(events('text-message')).toEqual([
      {
        kind: 'message',
        message: {
          entityId: 'e1',
          channel: 'whatsapp-cloud',
          senderId: '573001234567',
          senderName: 'María Fernanda',
          channelMessageId: 'wamid.HBgMNTczMDAxMjM0NTY3FQIAEhgUM0FCQjE2QTQ0QzY5RjNFMUE2RTkA',
          text: 'hola',
          attachments: [],
          receivedAt: new Date('2026-03-02T14:00:00Z'),
        },
      },
    ]);
  });

  it('list and button replies carry the option value as payload; template quick replies their payload', () => {
    expect(events('list-reply')[0]).toMatchObject({
      kind: 'message',
      message: { text: 'Horarios y sedes', payload: 'principal.menu.4' },
    });
    expect(events('button-reply')[0]).toMatchObject({
      kind: 'message',
      message: { text: 'No, gracias', payload: 'principal.algo_mas.2' },
    });
    expect(events('template-button')[0]).toMatchObject({
      kind: 'message',
      message: { text: 'Ver mi radicado', payload: 'ver_radicado' },
    });
  });

  it("an image waits for download with Meta's media id; its caption is the text", () => {
    const [event] = events('image-message');
    expect(event).toMatchObject({
      kind: 'message',
      media: { id: '1391285175435364', kind: 'image', mimeType: 'image/jpeg', caption: 'Foto del hueco en la calle 8' },
      message: {
        text: 'Foto del hueco en la calle 8',
        attachments: [
          {
            kind: 'image',
            ref: 'whatsapp-cloud:1391285175435364',
            mimeType: 'image/jpeg',
            caption: 'Foto del hueco en la calle 8',
          },
        ],
      },
    });
  });

  it('a location becomes a geo: attachment with its name and address', () => {
    expect(events('location-message')[0]).toMatchObject({
      kind: 'message',
      message: {
        attachments: [
          { kind: 'location', ref: 'geo:4.60971,-74.08175', caption: 'Parque principal, Carrera 5 con calle 10' },
        ],
      },
    });
  });

  it("a sticker, a contact card and an unsupported type are messages to answer kindly; another phone number's traffic is left alone", () => {
    expect(events('sticker-message')).toEqual([
      {
        kind: 'unsupported',
        what: 'message:sticker',
        channelMessageId: expect.stringMatching(/^wamid\./),
        senderId: '573001234567',
      },
    ]);
    expect(events('contacts-message')).toEqual([
      {
        kind: 'unsupported',
        what: 'message:contacts',
        channelMessageId: expect.stringMatching(/^wamid\./),
        senderId: '573001234567',
      },
    ]);
    expect(events('unsupported-message')).toEqual([
      {
        kind: 'unsupported',
        what: 'message:unsupported',
        channelMessageId: expect.stringMatching(/^wamid\./),
        senderId: '573001234567',
      },
    ]);
    expect(events('text-message', '999')).toEqual([{ kind: 'ignored', what: 'other-phone-number' }]);
  });

  it('a reaction is not a message: ignored, without a reply', () => {
    expect(events('reaction-message')).toEqual([
      { kind: 'ignored', what: 'message:reaction', channelMessageId: expect.stringMatching(/^wamid\./) },
    ]);
  });

  it('a voice note waits for download like an image', () => {
    expect(events('audio-message')[0]).toMatchObject({
      kind: 'message',
      media: { id: '2219374568293012', kind: 'audio', mimeType: 'audio/ogg; codecs=opus' },
      message: { attachments: [{ kind: 'audio', ref: 'whatsapp-cloud:2219374568293012' }] },
    });
  });

  it('a message without a phone number comes from its business-scoped user id, named by its contact', () => {
    const batch = events('bsuid-batch');
    expect(
      batch.map((e) => (e.kind === 'message' ? [e.message.senderId, e.message.senderName, e.message.text] : e.kind)),
    ).toEqual([
      ['573001234567', 'María Fernanda', 'buenos días'],
      ['CO.8815799212886844830', 'Jorge Iván', 'quiero radicar una queja'],
      ['573109876543', 'Luz Dary', 'horarios'],
    ]);
  });

  it('an item not as documented is reported by field, without its values, and the good ones still come', () => {
    const batch = events('malformed-items');
    expect(batch).toEqual([
      { kind: 'invalid', what: 'message', reason: 'no-sender', fields: ['from', 'from_user_id'] },
      { kind: 'invalid', what: 'message', reason: 'shape', fields: ['timestamp'] },
      expect.objectContaining({
        kind: 'message',
        message: expect.objectContaining({ senderId: '573001234567', text: 'hola' }),
      }),
      { kind: 'invalid', what: 'status', reason: 'shape', fields: ['status'] },
      expect.objectContaining({ kind: 'status', update: expect.objectContaining({ status: 'delivered' }) }),
    ]);
    expect(JSON.stringify(batch.filter((e) => e.kind === 'invalid'))).not.toMatch(
      /573001234567|sin hora|sin remitente/,
    );
  });

  it('statuses keep their order and a failure says why in Spanish', () => {
    expect(events('statuses')).toEqual([
      {
        kind: 'status',
        update: {
          entityId: 'e1',
          channel: 'whatsapp-cloud',
          channelMessageId: 'wamid.SENT-1',
          status: 'delivered',
          at: new Date(1772460010_000),
        },
      },
      {
        kind: 'status',
        update: {
          entityId: 'e1',
          channel: 'whatsapp-cloud',
          channelMessageId: 'wamid.SENT-1',
          status: 'read',
          at: new Date(1772460030_000),
        },
      },
      {
        kind: 'status',
        update: {
          entityId: 'e1',
          channel: 'whatsapp-cloud',
          channelMessageId: 'wamid.SENT-2',
          status: 'failed',
          at: new Date(1772460040_000),
          error: expect.stringMatching(/^Pasaron más de 24 horas desde el último mensaje del ciudadano/),
        },
      },
    ]);
  });
});
