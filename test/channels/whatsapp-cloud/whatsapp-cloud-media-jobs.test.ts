import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GraphClient } from '../../../src/channels/whatsapp-cloud/graph-client.js';
import { WebhookBody } from '../../../src/channels/whatsapp-cloud/webhook-payload.js';
import { WhatsappCloudAdapter } from '../../../src/channels/whatsapp-cloud/whatsapp-cloud-adapter.js';
import type { ChannelHost, IncomingFile } from '../../../src/core/channel-adapter.js';
import { JobScheduler } from '../../../src/core/job-scheduler.js';
import type { InboundMessage } from '../../../src/lib/messages.js';
import type { Database } from '../../../src/db/database.js';
import type { StoredFiles } from '../../../src/uploads/stored-files.js';
import { silentLogger, TestClock } from '../../core/harness.js';
import { openMigratedDatabase, testProviders } from '../../support/test-database.js';
import { accessToken, fixture, graph, phoneNumberId } from './cloud-app.js';

const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(300, 7)]);
const ogg = Buffer.concat([Buffer.from('OggS'), Buffer.alloc(200, 1)]);
const entity = { id: 'entidad-1', slug: 'san-isidro', name: 'Alcaldía', settings: {} };

/** What one process of the server would hold: its scheduler, the channel, and a host that records what it got. */
function instance(database: Database, clock: TestClock) {
  const received: InboundMessage[] = [];
  const kept: IncomingFile[] = [];
  const host: ChannelHost = {
    receive: async (message) => {
      received.push(message);
      return { duplicate: false, messageId: `m${received.length}` };
    },
    delivery: async () => undefined,
    keepFile: async (file) => {
      kept.push(file);
      const mimeType = file.data.subarray(0, 4).toString() === 'OggS' ? 'audio/ogg' : 'image/png';
      return {
        kept: true,
        attachment: { kind: mimeType === 'audio/ogg' ? 'audio' : 'image', ref: `upload:${kept.length}`, mimeType },
      };
    },
  };
  const jobs = new JobScheduler(database.prisma, silentLogger);
  const graphClient = new GraphClient({
    graphUrl: graph,
    apiVersion: 'v23.0',
    phoneNumberId,
    accessToken,
    logger: silentLogger,
  });
  const adapter = new WhatsappCloudAdapter({
    entity,
    settings: { templates: {} },
    graph: graphClient,
    files: {} as StoredFiles,
    prisma: database.prisma,
    logger: silentLogger,
    now: clock.now,
    markRead: false,
  });
  adapter.attach(jobs);
  return { adapter, jobs, host, received, kept };
}

const mediaInfo = (id: string, mime: string, size: number) =>
  nock(graph)
    .get(`/v23.0/${id}`)
    .reply(200, {
      url: `https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=${id}`,
      mime_type: mime,
      file_size: size,
      id,
    });
const mediaBytes = (data: Buffer, mime: string) =>
  nock('https://lookaside.fbsbx.com')
    .get('/whatsapp_business/attachments/')
    .query(true)
    .reply(200, data, { 'content-type': mime });

describe.each(testProviders)('WhatsApp Cloud files fetched by durable jobs on %s', (provider) => {
  let opened: Awaited<ReturnType<typeof openMigratedDatabase>>;
  let clock: TestClock;

  beforeEach(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    opened = await openMigratedDatabase(provider);
    clock = new TestClock();
  });
  afterEach(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await opened.close();
  });

  it('a photo whose download failed survives a restart: the next process fetches it, keeps it and hands the message over', async () => {
    const first = instance(opened.database, clock);
    await first.adapter.start(first.host);
    nock(graph)
      .get('/v23.0/1391285175435364')
      .reply(503, { error: { code: 2, message: 'Service temporarily unavailable' } });
    await first.adapter.handleWebhook(WebhookBody.parse(fixture('image-message')));
    await first.adapter.idle();
    expect(first.received).toEqual([]);
    // The process dies here; only the database remains.
    await first.adapter.stop();

    const second = instance(opened.database, clock);
    await second.adapter.start(second.host);
    mediaInfo('1391285175435364', 'image/png', png.length);
    mediaBytes(png, 'image/png');
    await clock.advance(10_000);
    await second.jobs.runDue(clock.now());
    expect(second.kept).toEqual([
      expect.objectContaining({ channel: 'whatsapp-cloud', senderId: '573001234567', data: png }),
    ]);
    expect(second.received).toEqual([
      expect.objectContaining({
        channelMessageId: 'wamid.HBgMNTczMDAxMjM0NTY3FQIAEhgUM0FGNzk2QjE0QzY3RjFDMzRBNTcA',
        text: 'Foto del hueco en la calle 8',
        attachments: [
          { kind: 'image', ref: 'upload:1', mimeType: 'image/png', caption: 'Foto del hueco en la calle 8' },
        ],
      }),
    ]);
    expect(await opened.database.prisma.scheduledJob.count()).toBe(0);
  });

  it('a voice note is downloaded and handed to keepFile like a photo, with the type Meta declared', async () => {
    const one = instance(opened.database, clock);
    await one.adapter.start(one.host);
    mediaInfo('2219374568293012', 'audio/ogg; codecs=opus', ogg.length);
    mediaBytes(ogg, 'audio/ogg');
    await one.adapter.handleWebhook(WebhookBody.parse(fixture('audio-message')));
    await one.adapter.idle();
    expect(one.kept).toEqual([expect.objectContaining({ data: ogg, declaredType: 'audio/ogg; codecs=opus' })]);
    expect(one.received).toEqual([
      expect.objectContaining({ attachments: [{ kind: 'audio', ref: 'upload:1', mimeType: 'audio/ogg' }] }),
    ]);
  });
});
