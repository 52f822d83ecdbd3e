import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { unreachableReason } from '../../../src/core/outbox.js';
import { testProviders } from '../../support/test-database.js';
import {
  answer,
  blockNetwork,
  botPath,
  fixture,
  sentMessage,
  startTelegramApp,
  telegramApi,
  type TelegramApp,
} from './telegram-app.js';

/** nock hands a binary (multipart) body over as hex. */
const multipart = (body: unknown) =>
  typeof body === 'string' && /^[0-9a-f]+$/.test(body) ? Buffer.from(body, 'hex').toString('latin1') : String(body);

const menuText = '¿En qué le puedo ayudar? Elija una opción o escríbame su pregunta.';

describe.each(testProviders)('Telegram sends through the outbox (%s)', (provider) => {
  let t: TelegramApp;
  /** Requests no interceptor answered: each would be a call to the real Telegram. */
  let unmatched: string[];
  const onNoMatch = (req: { path?: string }) => unmatched.push(String(req.path));

  beforeAll(async () => {
    blockNetwork();
    telegramApi().post(`${botPath}/setWebhook`).reply(200, { ok: true, result: true });
    t = await startTelegramApp(provider);
    nock.emitter.on('no match', onNoMatch);
  });

  afterEach(async () => {
    await t.settle();
    nock.cleanAll();
    unmatched = [];
  });

  afterAll(async () => {
    nock.emitter.off('no match', onNoMatch);
    await t.close();
    nock.enableNetConnect();
  });

  const outbound = async (chat: number) =>
    t.database.prisma.message.findMany({
      where: {
        direction: 'out',
        conversation: { contact: { identities: { some: { channel: 'telegram', externalId: String(chat) } } } },
      },
      orderBy: { createdAt: 'asc' },
    });

  /** sendMessage answered in turn by each given reply; counts the calls that reached Telegram. */
  function sendReplies(...replies: [number, unknown][]) {
    const calls: { chat_id: number; text: string }[] = [];
    const scope = telegramApi();
    for (const [status, body] of replies) {
      scope.post(`${botPath}/sendMessage`).reply((_uri, request) => {
        calls.push(request as { chat_id: number; text: string });
        return answer(status, body);
      });
    }
    return { calls, scope };
  }

  it('waits as long as a 429 says, then delivers exactly once', async () => {
    unmatched = [];
    const chat = 5100000001;
    const { calls, scope } = sendReplies(
      [
        429,
        { ok: false, error_code: 429, description: 'Too Many Requests: retry after 7', parameters: { retry_after: 7 } },
      ],
      [200, sentMessage(201, menuText)],
    );
    await t.post(fixture('menu', chat));
    await t.settle();
    const [waiting] = await outbound(chat);
    expect(waiting).toMatchObject({ status: 'queued', attempts: 1 });
    expect(waiting!.nextAttemptAt!.getTime() - t.clock.now().getTime()).toBe(7000);
    await t.clock.advance(6000);
    expect(calls).toHaveLength(1);
    await t.clock.advance(1000);
    expect(scope.isDone()).toBe(true);
    expect(calls.map((c) => c.text)).toEqual([menuText, menuText]);
    expect(await outbound(chat)).toEqual([
      expect.objectContaining({ status: 'sent', attempts: 2, channelMessageId: `${chat}:201` }),
    ]);
    expect(unmatched).toEqual([]);
  });

  it('retries after a Telegram server error and delivers once', async () => {
    unmatched = [];
    const chat = 5100000002;
    const { calls, scope } = sendReplies(
      [502, { ok: false, error_code: 502, description: 'Bad Gateway' }],
      [200, sentMessage(202, menuText)],
    );
    await t.post(fixture('menu', chat));
    await t.settle();
    expect(await outbound(chat)).toEqual([expect.objectContaining({ status: 'queued', attempts: 1 })]);
    await t.clock.advance(1000);
    expect(scope.isDone()).toBe(true);
    expect(calls).toHaveLength(2);
    expect(await outbound(chat)).toEqual([expect.objectContaining({ status: 'sent', attempts: 2 })]);
    expect(unmatched).toEqual([]);
  });

  it('marks a citizen who blocked the bot unreachable and sends them nothing more', async () => {
    unmatched = [];
    const chat = 5100000003;
    const { calls } = sendReplies([
      403,
      { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' },
    ]);
    await t.post(fixture('menu', chat));
    await t.settle();
    expect(calls).toHaveLength(1);
    const contact = await t.database.prisma.contact.findFirstOrThrow({
      where: { identities: { some: { channel: 'telegram', externalId: String(chat) } } },
    });
    expect(contact.unreachableAt).not.toBeNull();
    const conversation = await t.database.prisma.conversation.findFirstOrThrow({ where: { contactId: contact.id } });
    await t.runtime.engine.notify(conversation.id, { text: 'Su radicado PQRSD-2026-000001 tiene respuesta.' });
    // An hour passes: the idle timers of the earlier tests' citizens close their conversations and tell them so. Those
    // chats answer; any request left unmatched would be one to this citizen.
    const others = (body: { chat_id?: number }) => body.chat_id !== chat;
    telegramApi()
      .persist()
      .post(`${botPath}/sendMessage`, others)
      .reply((_uri, request) => answer(200, sentMessage(900, (request as { text?: string }).text ?? '')))
      .post(`${botPath}/sendChatAction`, others)
      .reply(200, { ok: true, result: true });
    await t.clock.advance(60 * 60_000);
    await t.settle();
    expect(calls).toHaveLength(1);
    expect(unmatched).toEqual([]);
    // Within that hour the idle timer closed the conversation: its notice is not sent either.
    expect((await outbound(chat)).map((m) => [m.status, m.lastError])).toEqual([
      ['failed', unreachableReason],
      ['failed', unreachableReason],
      ['failed', unreachableReason],
    ]);
  });

  it('shows typing first and splits a long text at 4096 characters', async () => {
    unmatched = [];
    const chat = 5100000004;
    sendReplies([200, sentMessage(203, menuText)]);
    await t.post(fixture('menu', chat));
    await t.settle();
    const order: string[] = [];
    const texts: string[] = [];
    telegramApi()
      .post(`${botPath}/sendChatAction`, { chat_id: chat, action: 'typing' })
      .reply(() => {
        order.push('typing');
        return answer(200, { ok: true, result: true });
      })
      .post(`${botPath}/sendMessage`)
      .times(2)
      .reply((_uri, body) => {
        order.push('message');
        texts.push((body as { text: string }).text);
        return answer(200, sentMessage(204 + texts.length));
      });
    const paragraph = 'La Alcaldía revisó su solicitud y encontró que cumple los requisitos del trámite. '.repeat(30);
    const long = `${paragraph}\n\n${paragraph}`;
    const conversation = await t.database.prisma.conversation.findFirstOrThrow({
      where: { contact: { identities: { some: { externalId: String(chat) } } } },
    });
    await t.runtime.engine.notify(conversation.id, { text: long, typing: true });
    await t.settle();
    expect(order).toEqual(['typing', 'message', 'message']);
    expect(texts.every((x) => x.length <= 4096)).toBe(true);
    // Nothing lost at the cuts: the parts hold every word, in order.
    const words = (x: string) => x.split(/\s+/).filter(Boolean);
    expect(texts.flatMap(words)).toEqual(words(long));
    expect(unmatched).toEqual([]);
  });

  it('sends a kept file (upload:) as a photo with its caption, and a PDF as a document', async () => {
    unmatched = [];
    const chat = 5100000005;
    sendReplies([200, sentMessage(210, menuText)]);
    await t.post(fixture('menu', chat));
    await t.settle();
    const contact = await t.database.prisma.contact.findFirstOrThrow({
      where: { identities: { some: { externalId: String(chat) } } },
    });
    const photo = await t.files.save({
      entityId: t.entityId,
      contactId: contact.id,
      channel: 'telegram',
      mimeType: 'image/png',
      fileName: 'plano.png',
      data: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]),
    });
    const pdf = await t.files.save({
      entityId: t.entityId,
      contactId: contact.id,
      channel: 'telegram',
      mimeType: 'application/pdf',
      fileName: 'respuesta.pdf',
      data: Buffer.from('%PDF-1.4 respuesta'),
    });
    const bodies: Record<string, string> = {};
    telegramApi()
      .post(`${botPath}/sendPhoto`)
      .reply((_uri, body) => {
        bodies.photo = multipart(body);
        return answer(200, { ok: true, result: { message_id: 211, date: 1, chat: { id: chat, type: 'private' } } });
      })
      .post(`${botPath}/sendDocument`)
      .reply((_uri, body) => {
        bodies.document = multipart(body);
        return answer(200, { ok: true, result: { message_id: 212, date: 1, chat: { id: chat, type: 'private' } } });
      });
    const conversation = await t.database.prisma.conversation.findFirstOrThrow({ where: { contactId: contact.id } });
    await t.runtime.engine.notify(conversation.id, {
      text: '',
      attachments: [{ ...photo, caption: 'Plano del predio' }, pdf],
    });
    await t.settle();
    expect(bodies.photo).toMatch(/name="photo"; filename="plano.png"/);
    expect(bodies.photo).toMatch(/name="caption"\r\n\r\nPlano del predio/);
    expect(bodies.photo).toMatch(/name="chat_id"\r\n\r\n5100000005/);
    expect(bodies.document).toMatch(/name="document"; filename="respuesta.pdf"/);
    expect(bodies.document).toContain('%PDF-1.4 respuesta');
    expect((await outbound(chat)).at(-1)).toMatchObject({ status: 'sent', channelMessageId: `${chat}:212` });
    expect(unmatched).toEqual([]);
  });
});
