import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { testProviders } from '../../support/test-database.js';
import {
  answer,
  blockNetwork,
  botPath,
  chatId,
  fixture,
  publicUrl,
  sentMessage,
  startTelegramApp,
  telegramApi,
  token,
  webhookPath,
  webhookSecret,
  type TelegramApp,
} from './telegram-app.js';

const menuText = '¿En qué le puedo ayudar? Elija una opción o escríbame su pregunta.';
const menuKeyboard = {
  inline_keyboard: [
    [{ text: 'Consultar trámites y servicios', callback_data: 'principal.menu.1' }],
    [{ text: 'Radicar una PQRSD', callback_data: 'principal.menu.2' }],
    [{ text: 'Consultar un radicado', callback_data: 'principal.menu.3' }],
    [{ text: 'Horarios y sedes', callback_data: 'principal.menu.4' }],
    [{ text: 'Hablar con un asesor', callback_data: 'principal.menu.5' }],
  ],
};

// The first bytes decide whether a file is kept (JPG, PNG or PDF).
const pdfBytes = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const jpegBytes = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0 test photo')]);

interface SendBody {
  chat_id: number;
  text: string;
  reply_markup?: unknown;
}

/** The recorded tap, on the keyboard of the chat message `messageId`, with its own callback id. */
function tapOn(update: Record<string, unknown>, messageId: number, id = '2201193864713870001') {
  const query = update.callback_query as { id: string; message: { message_id: number } };
  query.id = id;
  query.message.message_id = messageId;
  return update;
}

/** Answers every editMessageReplyMarkup and records which chat message lost its keyboard. */
function recordKeyboardRemovals(): { chat_id: number; message_id: number }[] {
  const removed: { chat_id: number; message_id: number }[] = [];
  telegramApi()
    .post(`${botPath}/editMessageReplyMarkup`)
    .reply((_uri, body) => {
      removed.push(body as { chat_id: number; message_id: number });
      return answer(200, { ok: true, result: true });
    })
    .persist();
  return removed;
}

/** Answers every answerCallbackQuery and records the notice shown, if any. */
function recordCallbackAnswers(): Record<string, unknown>[] {
  const answers: Record<string, unknown>[] = [];
  telegramApi()
    .post(`${botPath}/answerCallbackQuery`)
    .reply((_uri, body) => {
      answers.push(body as Record<string, unknown>);
      return answer(200, { ok: true, result: true });
    })
    .persist();
  return answers;
}

/** Answers every sendMessage and records its body, in order. */
function recordSends(): SendBody[] {
  const bodies: SendBody[] = [];
  telegramApi()
    .post(`${botPath}/sendMessage`)
    .reply((_uri, body) => {
      bodies.push(body as SendBody);
      return answer(200, sentMessage(100 + bodies.length, (body as SendBody).text));
    })
    .persist();
  return bodies;
}

/** getFile, then the file itself, as Telegram serves them. */
function serveFile(fileId: string, filePath: string, data: Buffer, times = 1) {
  const scope = telegramApi()
    .post(`${botPath}/getFile`, { file_id: fileId })
    .times(times)
    .reply(200, {
      ok: true,
      result: { file_id: fileId, file_unique_id: 'AgADx', file_size: data.length, file_path: filePath },
    })
    .get(`/file/bot${token}/${filePath}`)
    .times(times)
    .reply(200, data, { 'content-type': 'application/octet-stream' });
  return scope;
}

describe.each(testProviders)('Telegram webhook (%s)', (provider) => {
  let t: TelegramApp;
  let setWebhookBody: Record<string, unknown> | undefined;

  beforeAll(async () => {
    blockNetwork();
    telegramApi()
      .post(`${botPath}/setWebhook`)
      .reply((_uri, body) => {
        setWebhookBody = body as Record<string, unknown>;
        return answer(200, { ok: true, result: true, description: 'Webhook was set' });
      });
    t = await startTelegramApp(provider);
  });

  afterEach(async () => {
    await t.settle();
    nock.cleanAll();
  });

  afterAll(async () => {
    await t.close();
    nock.enableNetConnect();
  });

  const inbound = (chat: number) =>
    t.database.prisma.message.findMany({
      where: {
        direction: 'in',
        channel: 'telegram',
        conversation: { contact: { identities: { some: { externalId: String(chat) } } } },
      },
      orderBy: { createdAt: 'asc' },
    });
  const inboundCount = () => t.database.prisma.message.count({ where: { direction: 'in', channel: 'telegram' } });

  it('registers the webhook at start with the public address, the secret and the update kinds it handles', () => {
    expect(setWebhookBody).toEqual({
      url: `${publicUrl}${webhookPath}`,
      secret_token: webhookSecret,
      allowed_updates: ['message', 'callback_query'],
    });
    expect(t.adapter.health?.()).toMatchObject({ state: 'connected' });
  });

  it('shows the channel as connected on /ready', async () => {
    const ready = await t.app.inject({ method: 'GET', url: '/ready' });
    expect(ready.json()).toMatchObject({ channels: { telegram: { state: 'connected' } } });
  });

  it('answers /start with the greeting, the data notice and the main menu as inline buttons, the update stored before Telegram gets its 200', async () => {
    const sends = recordSends();
    const response = await t.post(fixture('start'));
    expect(response.statusCode).toBe(200);
    const stored = await inbound(chatId);
    expect(stored.map((m) => m.text)).toEqual(['/start']);
    await vi.waitFor(() => expect(sends).toHaveLength(3));
    await t.settle();
    // A first contact always opens with the greeting and the Ley 1581 notice, even though it is a command.
    expect(sends[0]).toEqual({ chat_id: chatId, text: expect.stringMatching(/^¡Hola! Soy A\.V\.A/) });
    expect(sends[1]).toEqual({ chat_id: chatId, text: expect.stringContaining('Ley 1581 de 2012') });
    expect(sends[2]).toEqual({ chat_id: chatId, text: menuText, reply_markup: menuKeyboard });
    const sent = await t.database.prisma.message.findMany({
      where: { direction: 'out', channel: 'telegram' },
      orderBy: { createdAt: 'asc' },
    });
    expect(sent.map((m) => [m.status, m.channelMessageId])).toEqual([
      ['sent', `${chatId}:101`],
      ['sent', `${chatId}:102`],
      ['sent', `${chatId}:103`],
    ]);
  });

  it('refuses a call with a wrong or missing secret with 401 and stores nothing', async () => {
    const sends = recordSends();
    const before = await inboundCount();
    const wrong = await t.post(fixture('text', 5000000001), 'not-the-secret-0123456789');
    const missing = await t.post(fixture('text', 5000000001), null);
    const almost = await t.post(fixture('text', 5000000001), `${webhookSecret}x`);
    expect([wrong.statusCode, missing.statusCode, almost.statusCode]).toEqual([401, 401, 401]);
    await t.settle();
    expect(await inboundCount()).toBe(before);
    expect(sends).toEqual([]);
  });

  // Replaces "answers 400 with a clear error to a body that is not a Telegram update": Telegram sends anything but a
  // 2xx again and again, so an update this code cannot read is acknowledged (and logged) instead.
  it('acknowledges with 200 an update it cannot read (schema or JSON), storing nothing', async () => {
    const before = await inboundCount();
    const notUpdate = await t.post({ hello: 'world' });
    expect(notUpdate.statusCode).toBe(200);
    expect(notUpdate.json()).toEqual({ ok: true, outcome: 'unreadable' });
    const badMessage = await t.post({ update_id: 5, message: { message_id: 'x', chat: { id: 1, type: 'private' } } });
    expect([badMessage.statusCode, badMessage.json().outcome]).toEqual([200, 'unreadable']);
    const notJson = await t.post('{"update_id": 7, "message": ');
    expect([notJson.statusCode, notJson.json().outcome]).toEqual([200, 'unreadable']);
    // The secret is still checked first: a stranger's broken body is refused, not acknowledged.
    expect((await t.post('{"update_id": 7', 'not-the-secret-0123456789')).statusCode).toBe(401);
    expect(await inboundCount()).toBe(before);
  });

  it('acknowledges group messages and update kinds it does not handle without storing them', async () => {
    const sends = recordSends();
    const before = await inboundCount();
    const group = await t.post(fixture('group-text'));
    const edited = await t.post(fixture('edited-message'));
    expect([group.statusCode, edited.statusCode]).toEqual([200, 200]);
    expect([group.json().outcome, edited.json().outcome]).toEqual(['ignored', 'ignored']);
    await t.settle();
    expect(await inboundCount()).toBe(before);
    expect(sends).toEqual([]);
  });

  it('stores an update Telegram sends twice once, and replies once', async () => {
    const sends = recordSends();
    const chat = 5000000002;
    const first = await t.post(fixture('menu', chat));
    const again = await t.post(fixture('menu', chat));
    expect([first.json().outcome, again.json().outcome]).toEqual(['stored', 'duplicate']);
    await t.settle();
    expect(await inbound(chat)).toHaveLength(1);
    expect(sends.map((s) => s.text)).toEqual([menuText]);
  });

  it('answers a tapped button and gives the chosen option to the flow', async () => {
    const sends = recordSends();
    const chat = 5000000003;
    let answered: Record<string, unknown> | undefined;
    telegramApi()
      .post(`${botPath}/answerCallbackQuery`)
      .reply((_uri, body) => {
        answered = body as Record<string, unknown>;
        return answer(200, { ok: true, result: true });
      });
    await t.post(fixture('start', chat));
    await t.settle();
    // The menu is the third message sent (id 103): its keyboard is the one tapped.
    const tap = await t.post(tapOn(fixture('callback', chat), 103));
    expect(tap.statusCode).toBe(200);
    expect(answered).toEqual({ callback_query_id: '2201193864713870001' });
    const stored = await inbound(chat);
    expect(stored.at(-1)).toMatchObject({
      text: 'Horarios y sedes',
      payload: expect.objectContaining({ payload: 'principal.menu.4' }),
    });
    await t.settle();
    // Horarios y sedes: the flow answered the option, it did not ask again.
    expect(sends.map((s) => s.text)).toContain(
      'Sede principal (Palacio Municipal): Carrera 5 n.º 10-20, Parque Principal. Atiende de lunes a viernes de 7:30 a. m. a 12:00 p. m. y de 1:30 p. m. a 5:00 p. m., excepto festivos.',
    );
    expect(sends.map((s) => s.text)).not.toContain(
      'No le entendí. Por favor elija una de las opciones. Puede escribir el número de la opción.',
    );
  });

  it('downloads a document and keeps it with the contact; the stored attachment points at the kept copy', async () => {
    recordSends();
    const chat = 5000000004;
    const scope = serveFile('BQACAgEAAxkBAAIBD2Xx1Q9jNw-pdf-file-id', 'documents/file_12.pdf', pdfBytes);
    const response = await t.post(fixture('document', chat));
    expect(response.statusCode).toBe(200);
    expect(scope.isDone()).toBe(true);
    const [message] = await inbound(chat);
    expect(message?.text).toBe('Adjunto la solicitud firmada');
    const attachments = (
      message?.payload as { attachments: { ref: string; kind: string; fileName: string; mimeType: string }[] }
    ).attachments;
    expect(attachments).toEqual([
      expect.objectContaining({
        kind: 'document',
        ref: expect.stringMatching(/^upload:/),
        fileName: 'derecho_de_peticion.pdf',
        mimeType: 'application/pdf',
      }),
    ]);
    const kept = await t.database.prisma.storedFile.findUniqueOrThrow({
      where: { id: attachments[0]!.ref.slice('upload:'.length) },
    });
    expect(kept).toMatchObject({ channel: 'telegram', mimeType: 'application/pdf', sizeBytes: pdfBytes.length });
    expect(Buffer.from(kept.data).equals(pdfBytes)).toBe(true);
  });

  it('keeps the file of an update Telegram sends twice only once', async () => {
    recordSends();
    const chat = 5000000007;
    // Served twice on purpose: only a second download attempt would take the second copy.
    const scope = serveFile('BQACAgEAAxkBAAIBD2Xx1Q9jNw-pdf-file-id', 'documents/file_15.pdf', pdfBytes, 2);
    await t.post(fixture('document', chat));
    const again = await t.post(fixture('document', chat));
    expect(again.json().outcome).toBe('duplicate');
    expect(scope.pendingMocks()).toHaveLength(2);
    expect(await inbound(chat)).toHaveLength(1);
    expect(
      await t.database.prisma.storedFile.count({
        where: { contact: { identities: { some: { externalId: String(chat) } } } },
      }),
    ).toBe(1);
  });

  it('keeps the largest photo size within 5 MB', async () => {
    recordSends();
    const chat = 5000000005;
    // The 2560×1920 size is over 5 MB: the 1280×960 one is downloaded.
    const scope = serveFile('AgACAgEAAxkBAAIBEGXx-photo-x', 'photos/file_13.jpg', jpegBytes);
    await t.post(fixture('photo', chat));
    expect(scope.isDone()).toBe(true);
    const [message] = await inbound(chat);
    const attachments = (message?.payload as { attachments: { ref: string; kind: string }[] }).attachments;
    expect(attachments).toEqual([
      expect.objectContaining({ kind: 'image', ref: expect.stringMatching(/^upload:/), mimeType: 'image/jpeg' }),
    ]);
    expect(
      await t.database.prisma.storedFile.count({
        where: { id: attachments[0]!.ref.slice('upload:'.length), mimeType: 'image/jpeg' },
      }),
    ).toBe(1);
  });

  it("passes a file it cannot keep with Telegram's reference, so the message is not lost", async () => {
    recordSends();
    const chat = 5000000006;
    // A Word document: not a type kept by the system, still part of what the citizen sent.
    const scope = serveFile(
      'BQACAgEAAxkBAAIBD2Xx1Q9jNw-pdf-file-id',
      'documents/file_14.docx',
      Buffer.from('PK\x03\x04 word'),
    );
    await t.post(fixture('document', chat));
    expect(scope.isDone()).toBe(true);
    const [message] = await inbound(chat);
    expect((message?.payload as { attachments: unknown[] }).attachments).toEqual([
      expect.objectContaining({ kind: 'document', ref: 'telegram:BQACAgEAAxkBAAIBD2Xx1Q9jNw-pdf-file-id' }),
    ]);
  });
  it('takes the keyboard off a menu once its option is tapped, and refuses a second tap on it without acting', async () => {
    const sends = recordSends();
    const removed = recordKeyboardRemovals();
    const answers = recordCallbackAnswers();
    const chat = 5000000010;
    await t.post(fixture('start', chat));
    await t.settle();
    const first = await t.post(tapOn(fixture('callback', chat), 103, 'tap-1'));
    expect(first.json().outcome).toBe('stored');
    await t.settle();
    expect(removed).toContainEqual({ chat_id: chat, message_id: 103 });
    const sentBefore = sends.length;
    // The same old keyboard again (a slow second tap, or a client that still shows it).
    const again = await t.post(tapOn(fixture('callback', chat), 103, 'tap-2'));
    expect(again.json().outcome).toBe('stale');
    await t.settle();
    expect(answers.at(-1)).toEqual({
      callback_query_id: 'tap-2',
      text: 'Esas opciones ya no están vigentes. Use las del último mensaje o escriba su respuesta.',
    });
    expect((await inbound(chat)).map((m) => m.channelMessageId)).not.toContain('cb:tap-2');
    expect(sends.length).toBe(sentBefore);
  });

  it('refuses a tap on an old menu while a newer question waits, so it cannot answer that question', async () => {
    const sends = recordSends();
    recordKeyboardRemovals();
    recordCallbackAnswers();
    const chat = 5000000011;
    await t.post(fixture('start', chat));
    await t.settle();
    // "Radicar una PQRSD" typed: the flow moves on to its own questions.
    await t.post({
      ...fixture('text', chat),
      message: { ...(fixture('text', chat).message as object), message_id: 40, text: '2' },
    });
    await t.settle();
    const pending = await t.database.prisma.conversation.findFirstOrThrow({
      where: { contact: { identities: { some: { externalId: String(chat) } } } },
    });
    const tap = await t.post(tapOn(fixture('callback', chat), 103, 'tap-old'));
    expect(tap.json().outcome).toBe('stale');
    await t.settle();
    // Nothing stored, nothing said, the session where it was.
    expect((await inbound(chat)).map((m) => m.text)).toEqual(['/start', '2']);
    const after = await t.database.prisma.conversation.findUniqueOrThrow({ where: { id: pending.id } });
    expect(after.session).toEqual(pending.session);
    expect(sends.filter((s) => s.text === 'Horarios y sedes')).toEqual([]);
  });

  it('a new question with buttons takes the previous keyboard off the chat', async () => {
    recordSends();
    const removed = recordKeyboardRemovals();
    const chat = 5000000012;
    await t.post(fixture('start', chat));
    await t.settle();
    // A question typed at the menu: the answer, then the menu again with new buttons (id 105 here).
    await t.post({
      ...fixture('text', chat),
      message: { ...(fixture('text', chat).message as object), message_id: 41 },
    });
    await t.settle();
    expect(removed).toContainEqual({ chat_id: chat, message_id: 103 });
  });

  it("a captioned photo at the main menu: the photo is kept and the caption is understood as the citizen's words", async () => {
    const sends = recordSends();
    const chat = 5000000013;
    await t.post(fixture('start', chat));
    await t.settle();
    const scope = serveFile('AgACAgEAAxkBAAIBEGXx-photo-x', 'photos/file_20.jpg', jpegBytes);
    const photo = fixture('photo', chat);
    (photo.message as { caption?: string }).caption = 'Horarios y sedes';
    await t.post(photo);
    await t.settle();
    expect(scope.isDone()).toBe(true);
    const last = (await inbound(chat)).at(-1)!;
    expect(last.text).toBe('Horarios y sedes');
    expect((last.payload as { attachments: { kind: string; ref: string }[] }).attachments).toEqual([
      expect.objectContaining({ kind: 'image', ref: expect.stringMatching(/^upload:/) }),
    ]);
    expect(sends.map((s) => s.text).join('\n')).toMatch(/Sede principal/);
  });
});
