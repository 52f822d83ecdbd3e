import { describe, expect, it } from 'vitest';
import {
  toInboundDraft,
  unkeptAttachment,
  type InboundDraft,
} from '../../../src/channels/whatsapp/whatsapp-inbound.js';
import { fixture } from './fixtures.js';

const pn = '573001234567@s.whatsapp.net';
const lid = '123456789012345@lid';

function draft(name: string): InboundDraft {
  const result = toInboundDraft(fixture(name));
  if (!('draft' in result)) throw new Error(`${name} was ignored: ${result.ignored}`);
  return result.draft;
}

describe('Baileys messages to the neutral model', () => {
  it('reads a plain conversation text with its sender, name, id and time', () => {
    expect(draft('text-conversation')).toEqual({
      sender: { primary: pn },
      senderName: 'Ana Gómez',
      channelMessageId: '3A0F1C2D3E4F5A6B7C8D',
      text: 'Hola, buenos días',
      attachments: [],
      receivedAt: new Date(1772460000 * 1000),
    });
  });

  it('reads an extendedTextMessage from a LID chat and keeps the phone JID as the other address', () => {
    const d = draft('text-extended-lid');
    expect(d.text).toBe('2');
    expect(d.sender).toEqual({ primary: lid, alternate: pn });
  });

  it('passes a numbered answer through as the text the citizen typed', () => {
    expect(draft('numbered-answer')).toMatchObject({ text: '2' });
    expect(draft('numbered-answer').payload).toBeUndefined();
  });

  it('turns button, list and template-button replies into the selected id as payload', () => {
    expect(draft('buttons-reply')).toMatchObject({ payload: 'pqrsd', text: 'Radicar una PQRSD' });
    expect(draft('list-reply')).toMatchObject({ payload: 'tramite:predial', text: 'Impuesto predial' });
    expect(draft('template-button-reply')).toMatchObject({ payload: 'encuesta:5', text: 'Muy satisfecho' });
  });

  it('unwraps disappearing, view-once and document-with-caption wrappers to the media inside', () => {
    expect(draft('image-ephemeral')).toMatchObject({
      text: 'Foto del hueco en la vía',
      media: { kind: 'image', mimeType: 'image/jpeg', caption: 'Foto del hueco en la vía', sizeBytes: 48213 },
    });
    expect(draft('view-once-image').media).toMatchObject({ kind: 'image', sizeBytes: 1024 });
    expect(draft('document-with-caption')).toMatchObject({
      text: 'Mi cédula',
      media: { kind: 'document', mimeType: 'application/pdf', fileName: 'cedula.pdf', sizeBytes: 120394 },
    });
  });

  it('sees a voice note as audio media with no text', () => {
    const d = draft('audio-ptt');
    expect(d.media).toEqual({ kind: 'audio', mimeType: 'audio/ogg; codecs=opus', sizeBytes: 14522 });
    expect(d.text).toBeUndefined();
  });

  it('turns a shared location into a geo: attachment with the place name', () => {
    expect(draft('location').attachments).toEqual([
      { kind: 'location', ref: 'geo:4.60971,-74.08175', caption: 'Parque principal, Cra 7 # 10-20' },
    ]);
  });

  it('points a file that could not be kept at the WhatsApp message', () => {
    const d = draft('audio-ptt');
    expect(unkeptAttachment(d.media!, d.channelMessageId)).toEqual({
      kind: 'audio',
      ref: 'whatsapp:3A9999999999999999AD',
      mimeType: 'audio/ogg; codecs=opus',
      sizeBytes: 14522,
    });
  });

  it('ignores groups, status updates, newsletters, our own messages and reactions', () => {
    expect(toInboundDraft(fixture('group-text'))).toEqual({ ignored: 'not-a-person' });
    expect(toInboundDraft(fixture('status-broadcast'))).toEqual({ ignored: 'not-a-person' });
    expect(toInboundDraft(fixture('newsletter'))).toEqual({ ignored: 'not-a-person' });
    expect(toInboundDraft(fixture('from-me'))).toEqual({ ignored: 'own' });
    expect(toInboundDraft(fixture('reaction'))).toEqual({ ignored: 'no-content' });
  });
});
