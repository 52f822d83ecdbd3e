import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { configIssues } from '../../support/config-issues.js';
import { testProviders } from '../../support/test-database.js';
import {
  oggVoiceBytes,
  startFakeTranscriptionServer,
  type FakeTranscriptionServer,
} from '../../transcription/fake-transcription-server.js';
import {
  answer,
  blockNetwork,
  botPath,
  fixture,
  sentMessage,
  startTelegramApp,
  telegramApi,
  token,
  type TelegramApp,
} from './telegram-app.js';

const voiceFileId = 'AwACAgEAAxkBAAIBEWXx-voice';

/** Answers every sendMessage (and keyboard removals) and records the texts, in order. */
function recordTexts(): string[] {
  const texts: string[] = [];
  telegramApi()
    .post(`${botPath}/sendMessage`)
    .reply((_uri, body) => {
      texts.push((body as { text: string }).text);
      return answer(200, sentMessage(200 + texts.length, (body as { text: string }).text));
    })
    .persist()
    .post(`${botPath}/editMessageReplyMarkup`)
    .reply(200, { ok: true, result: true })
    .persist();
  return texts;
}

/** getFile, then the OGG/Opus bytes, as Telegram serves a voice note. */
function serveVoice() {
  return telegramApi()
    .post(`${botPath}/getFile`, { file_id: voiceFileId })
    .reply(200, {
      ok: true,
      result: { file_id: voiceFileId, file_size: oggVoiceBytes.length, file_path: 'voice/file_3.oga' },
    })
    .get(`/file/bot${token}/voice/file_3.oga`)
    .reply(200, oggVoiceBytes, { 'content-type': 'application/octet-stream' });
}

describe.each(testProviders)('Telegram voice notes (%s)', (provider) => {
  let server: FakeTranscriptionServer;
  let t: TelegramApp | undefined;
  beforeAll(async () => {
    blockNetwork();
    server = await startFakeTranscriptionServer();
  });
  afterEach(async () => {
    await t?.settle();
    await t?.close();
    t = undefined;
    nock.cleanAll();
  });
  afterAll(async () => {
    await server.close();
    nock.enableNetConnect();
  });

  async function start(withService: boolean): Promise<TelegramApp> {
    telegramApi().post(`${botPath}/setWebhook`).reply(200, { ok: true, result: true });
    t = await startTelegramApp(provider, {
      ...(withService ? { transcriber: server.transcriber(3000) } : {}),
    });
    return t;
  }

  async function voiceAtMenu(app: TelegramApp, chat: number) {
    await app.post(fixture('start', chat));
    await app.settle();
    const scope = serveVoice();
    const response = await app.post(fixture('voice', chat));
    expect(response.statusCode).toBe(200);
    expect(scope.isDone()).toBe(true);
    await app.settle();
  }

  it('downloads the voice note, keeps it as audio/ogg and gives its transcript to the flow', async () => {
    const app = await start(true);
    const texts = recordTexts();
    server.behave({ text: 'Horarios y sedes' });
    await voiceAtMenu(app, 5000000101);
    expect(texts).toContain('Entendí: «Horarios y sedes»');
    expect(texts.join('\n')).toMatch(/Sede principal/);
    expect(texts.join('\n')).not.toMatch(/No le entendí|Escriba su respuesta/);
    const voice = await app.database.prisma.message.findFirstOrThrow({
      where: { direction: 'in', channelMessageId: '5000000101:17' },
    });
    expect(voice.text).toBe('Horarios y sedes');
    const [attachment] = (voice.payload as { attachments: { kind: string; ref: string; mimeType: string }[] })
      .attachments;
    expect(attachment).toMatchObject({ kind: 'audio', ref: expect.stringMatching(/^upload:/), mimeType: 'audio/ogg' });
    const kept = await app.database.prisma.storedFile.findUniqueOrThrow({
      where: { id: attachment!.ref.slice('upload:'.length) },
    });
    expect(kept.mimeType).toBe('audio/ogg');
    expect(Buffer.from(kept.data).equals(oggVoiceBytes)).toBe(true);
    expect(server.calls.at(-1)!.fileBytes.equals(oggVoiceBytes)).toBe(true);
  });

  it('without a transcription service: the kind Spanish message, with the menu and an agent offered', async () => {
    const app = await start(false);
    const texts = recordTexts();
    await voiceAtMenu(app, 5000000102);
    expect(texts.at(-1)).toBe(
      'Disculpe, todavía no puedo escuchar notas de voz. Por favor escríbame su mensaje, o elija «Hablar con un asesor» para que lo atienda una persona.',
    );
    expect(texts.join('\n')).not.toMatch(/No le entendí|Escriba su respuesta/);
  });
});

describe('PUBLIC_URL for Telegram webhooks', () => {
  const webhook = {
    TELEGRAM_BOT_TOKEN: token,
    TELEGRAM_MODE: 'webhook',
    TELEGRAM_WEBHOOK_SECRET: 'webhook-secret-for-tests-0123456789',
  };

  it('refuses http:// at load in webhook mode, naming the variable and why', () => {
    expect(configIssues({ ...webhook, PUBLIC_URL: 'http://chat.alcaldia.gov.co' })).toEqual([
      {
        variable: 'PUBLIC_URL',
        message: expect.stringMatching(
          /^debe empezar por https:\/\/ con TELEGRAM_MODE=webhook \(Telegram rechaza los webhooks por http/,
        ),
      },
    ]);
  });

  it('accepts https:// in webhook mode, and http:// when no webhook needs it (polling)', () => {
    expect(loadConfig({ ...webhook, PUBLIC_URL: 'https://chat.alcaldia.gov.co' }).PUBLIC_URL).toBe(
      'https://chat.alcaldia.gov.co',
    );
    expect(loadConfig({ TELEGRAM_BOT_TOKEN: token, PUBLIC_URL: 'http://localhost:3000' }).TELEGRAM_MODE).toBe(
      'polling',
    );
  });
});
