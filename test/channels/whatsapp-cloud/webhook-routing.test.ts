import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudNumbers } from '../../../src/channels/whatsapp-cloud/cloud-numbers.js';
import { whatsappCloudChannel } from '../../../src/channels/whatsapp-cloud/whatsapp-cloud-channel.js';
import { splitByNumber } from '../../../src/channels/whatsapp-cloud/webhook-routing.js';
import { WebhookBody } from '../../../src/channels/whatsapp-cloud/webhook-payload.js';
import { loadConfig } from '../../../src/config.js';
import { StoredFiles } from '../../../src/uploads/stored-files.js';
import { silentLogger } from '../../core/harness.js';
import { openMigratedDatabase } from '../../support/test-database.js';
import { accessToken, appSecret, verifyToken } from './cloud-app.js';

const change = (id: string | undefined, n: number) => ({
  field: id === undefined ? 'account_update' : 'messages',
  value: id === undefined ? { n } : { metadata: { phone_number_id: id }, n },
});

describe('a webhook call split by phone number', () => {
  it("keeps each entity's changes in order under their own entries, and lists the numbers nobody serves", () => {
    const body = WebhookBody.parse({
      object: 'whatsapp_business_account',
      entry: [
        { id: 'waba-1', changes: [change('A', 1), change('B', 2), change('X', 3), change('A', 4)] },
        { id: 'waba-2', changes: [change('B', 5), change(undefined, 6)] },
      ],
    });
    const owner: Record<string, string> = { A: 'alcaldia', B: 'concejo' };
    const split = splitByNumber(body, (id) => (id === undefined ? 'alcaldia' : owner[id]));
    const seen = (slug: string) =>
      split.parts.get(slug)!.entry.map((e) => [e.id, e.changes.map((c) => (c.value as { n: number }).n)]);
    expect(seen('alcaldia')).toEqual([
      ['waba-1', [1, 4]],
      ['waba-2', [6]],
    ]);
    expect(seen('concejo')).toEqual([
      ['waba-1', [2]],
      ['waba-2', [5]],
    ]);
    expect(split.parts.get('concejo')!.object).toBe('whatsapp_business_account');
    expect(split.unrouted).toEqual(['X']);
  });
});

describe("the process's WhatsApp numbers", () => {
  let opened: Awaited<ReturnType<typeof openMigratedDatabase>>;
  beforeAll(async () => {
    opened = await openMigratedDatabase('sqlite');
  });
  afterAll(async () => opened.close());

  const channelFor = (slug: string, numbers: CloudNumbers) =>
    whatsappCloudChannel({
      config: loadConfig({
        DATABASE_URL: opened.url,
        WHATSAPP_CLOUD_ACCESS_TOKEN: accessToken,
        WHATSAPP_CLOUD_PHONE_NUMBER_ID: '106540352242922',
        WHATSAPP_CLOUD_APP_SECRET: appSecret,
        WHATSAPP_CLOUD_VERIFY_TOKEN: verifyToken,
      }),
      entity: { id: `id-${slug}`, slug, name: slug, settings: {} },
      files: new StoredFiles(opened.database.prisma),
      prisma: opened.database.prisma,
      logger: silentLogger,
      numbers,
    });

  it('refuses a second entity with the same number, and frees the number when its channel stops', async () => {
    const numbers = new CloudNumbers();
    const first = channelFor('alcaldia', numbers)!;
    expect(() => channelFor('concejo', numbers)).toThrow(
      'entity concejo: WhatsApp phone number id 106540352242922 is already served by entity alcaldia',
    );
    await first.adapter.stop();
    expect(numbers.get('106540352242922')).toBeUndefined();
    expect(channelFor('concejo', numbers)).toBeDefined();
  });
});
