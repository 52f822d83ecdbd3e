import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { actionCatalog } from '../../src/actions/create-actions.js';
import { ContentService, type ContentTargets } from '../../src/content/content-service.js';
import { PgEventBus } from '../../src/db/pg-event-bus.js';
import { ensureEntity } from '../../src/entities/ensure-entity.js';
import { readEntityFile } from '../../src/entities/entity-file.js';
import { LocalEventBus, type EventBus } from '../../src/lib/event-bus.js';
import { liveObject } from '../../src/lib/live-object.js';
import { permissionsOf } from '../../src/staff/staff-roles.js';
import type { StaffActor } from '../../src/staff/staff-member.js';
import { silentLogger } from '../core/harness.js';
import { openMigratedDatabase, testProviders } from '../support/test-database.js';

const greeting = '¡Hola! Soy A.V.A, la asistente virtual de la Alcaldía de San Isidro del Río.';

/** What one instance has in force: the greeting its flows would send and the Monday hours its handoffs would use. */
function instanceTargets() {
  const seen = { greeting: '', monday: '' };
  const targets: ContentTargets = {
    flows: (bundle) => {
      const node = bundle.flows.get('principal')?.nodes.get('saludo_nuevo');
      seen.greeting = node?.type === 'say' ? node.texts.join(' ') : '';
    },
    entity: (settings) => {
      seen.monday = JSON.stringify(settings.atencion.hours.lunes ?? null);
    },
    surveys: () => undefined,
  };
  return { seen, targets };
}

describe.each(testProviders)('content versions across instances on %s', (provider) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    cleanups.length = 0;
  });

  it(
    'a save on one instance is in force on another at once, and a new instance starts with it',
    { timeout: 60_000 },
    async () => {
      const opened = await openMigratedDatabase(provider);
      cleanups.push(() => opened.close());
      const entity = await ensureEntity(opened.database.prisma, await readEntityFile('flows/entity.yaml'));
      // Each instance has its own bus connection, as two processes would; SQLite is one process by design.
      const local = new LocalEventBus();
      const busFor = async (): Promise<EventBus> => {
        if (provider !== 'postgresql') return local;
        const bus = new PgEventBus(opened.url, silentLogger);
        await bus.start();
        cleanups.push(() => bus.close());
        return bus;
      };
      const start = async () => {
        const { seen, targets } = instanceTargets();
        const service = new ContentService({
          prisma: opened.database.prisma,
          entityId: entity.id,
          slug: entity.slug,
          dir: 'flows',
          actions: actionCatalog(),
          targets,
          logger: silentLogger,
          bus: await busFor(),
        });
        await service.start();
        cleanups.push(async () => service.close());
        return { service, seen };
      };
      const a = await start();
      const b = await start();
      // No saved version yet: the files on disk, which the runtime loaded itself, stay in force untouched.
      expect(b.seen).toEqual({ greeting: '', monday: '' });

      const admin: StaffActor = {
        id: 'staff-1',
        entityId: entity.id,
        name: 'Administradora',
        roles: ['admin', 'editor'],
        dependency: null,
        permissions: permissionsOf(['admin', 'editor']),
      };
      const principal = await readFile('flows/principal.yaml', 'utf8');
      await a.service.save(admin, 'principal.yaml', principal.replace(greeting, 'Buenas tardes.'), 0);
      const entityText = await readFile('flows/entity.yaml', 'utf8');
      await a.service.save(
        admin,
        'entity.yaml',
        entityText.replace('\n      lunes: "07:30-16:30"', '\n      lunes: "10:00-11:00"'),
        0,
      );

      await expect.poll(() => b.seen.greeting, { timeout: 10_000 }).toBe('Buenas tardes.');
      await expect.poll(() => b.seen.monday, { timeout: 10_000 }).toBe(JSON.stringify([{ from: 600, to: 660 }]));
      const c = await start();
      expect(c.seen).toEqual(b.seen);
      const row = await opened.database.prisma.entity.findUniqueOrThrow({ where: { id: entity.id } });
      expect(JSON.stringify(row.settings)).toContain('10:00-11:00');
    },
  );
});

describe('liveObject', () => {
  it('reads through to the current value: fields, methods, lists and JSON', () => {
    let current = { name: 'uno', items: [1, 2], twice: (n: number) => n * 2 };
    const live = liveObject(() => current);
    const items = liveObject(() => current.items);
    expect(live.name).toBe('uno');
    current = { name: 'dos', items: [3], twice: (n: number) => n * 3 };
    expect(live.name).toBe('dos');
    expect(live.twice(2)).toBe(6);
    expect(Array.isArray(items)).toBe(true);
    expect(JSON.stringify(items)).toBe('[3]');
    expect(items.map((n) => n + 1)).toEqual([4]);
    expect({ ...live }).toMatchObject({ name: 'dos' });
  });
});
