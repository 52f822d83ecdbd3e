/**
 * Files cases from a separate process, for the test that proves radicados stay consecutive when two processes (the
 * server and a CLI, or two instances) file at once. Usage: tsx file-cases-process.ts <databaseUrl> <entityId> <count>
 */
import pino from 'pino';
import { parsePqrsdSettings } from '../../src/cases/pqrsd-settings.js';
import { CaseService } from '../../src/cases/service/case-service.js';
import { openDatabase } from '../../src/db/database.js';

const [url, entityId, count] = process.argv.slice(2);
if (!url || !entityId || !count) throw new Error('usage: file-cases-process.ts <databaseUrl> <entityId> <count>');
const database = await openDatabase(url);
try {
  const cases = new CaseService({
    prisma: database.prisma,
    entityId,
    settings: parsePqrsdSettings({}),
    logger: pino({ level: 'silent' }),
    now: () => new Date('2026-03-27T14:00:00Z'),
  });
  const filed = await Promise.all(
    Array.from({ length: Number(count) }, (_, i) =>
      cases.file(
        { type: 'denuncia', requesterKind: 'anonima', description: `Desde otro proceso ${i}` },
        { channel: 'web' },
      ),
    ),
  );
  process.stdout.write(JSON.stringify(filed.map((f) => f.radicado)));
} finally {
  await database.close();
}
